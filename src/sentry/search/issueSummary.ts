import { SearchableEvent } from './searchableEvent';

/** What a Sentry REST API issue (a group) says of itself, as the issue list gives it. */
export interface IssueSummaryFields {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: string;
  status: string;
  count: number;
  firstSeen?: string | undefined;
  lastSeen?: string | undefined;
  platform?: string | undefined;
  project: { slug: string };
}

/**
 * A REST API issue as the event keys read it, so the tree's filter applies
 * to Sentry's issues as it does to captured events: title, culprit, level,
 * platform, `is:` (its status in Sentry), firstSeen, lastSeen, timesSeen,
 * and `project` and `issue` (the short id) as tags. What an issue summary
 * does not carry (contexts, most tags, frames) is absent, as for an event
 * without them.
 */
export function searchableIssue(i: IssueSummaryFields): SearchableEvent {
  const t = (s: string | undefined) => (s ? Date.parse(s) : NaN);
  const first = t(i.firstSeen);
  const last = t(i.lastSeen);
  const event: Record<string, unknown> = {
    event_id: i.id,
    title: i.title,
    culprit: i.culprit,
    level: i.level,
    tags: { project: i.project.slug, issue: i.shortId },
  };
  if (i.platform) event.platform = i.platform;
  if (!Number.isNaN(last)) event.timestamp = last / 1000;
  const e = new SearchableEvent({ event }, { issue: () => ({ firstSeen: Number.isNaN(first) ? last : first, lastSeen: last, count: i.count }) });
  e.resolved = i.status === 'resolved' || i.status.startsWith('resolved');
  return e;
}
