import type { ApiIssue } from '../../api/apiIssue';
import type { PollHealth } from '../../api/poller';
import type { Level } from '../../sentry/event/eventView';
import type { ApiHealth, ApiIssueEntry } from '../common/contracts';

/** Pure helpers of the REST API service (no `vscode`): health mapping, tree entries, links, notifications. */

/**
 * The poller's health as the status bar and views see it. A pause (the view
 * is hidden) does not hide a failure: while paused after an error or a
 * degradation, `previous` (the last failure) is kept.
 */
export function apiHealthOf(h: PollHealth, now: number, previous?: ApiHealth): ApiHealth {
  switch (h.state) {
    case 'ok':
      return { state: 'ok', lastPollAt: h.lastSuccessAt ?? now };
    case 'degraded':
      return h.lastSuccessAt !== undefined
        ? { state: 'degraded', reason: h.reason ?? 'the last poll failed', lastPollAt: h.lastSuccessAt }
        : { state: 'degraded', reason: h.reason ?? 'the last poll failed' };
    case 'error':
      return { state: 'error', reason: h.reason ?? 'the Sentry API rejected the request' };
    case 'paused':
      return previous && (previous.state === 'error' || previous.state === 'degraded') ? previous : { state: 'paused' };
  }
}

export function toEntry(i: ApiIssue): ApiIssueEntry {
  const e: ApiIssueEntry = {
    id: i.id,
    shortId: i.shortId,
    title: i.title,
    culprit: i.culprit,
    level: i.level,
    count: i.count,
    userCount: i.userCount,
    firstSeen: i.firstSeen ?? '',
    lastSeen: i.lastSeen ?? '',
    status: i.status,
    project: i.project,
  };
  if (i.permalink) e.permalink = i.permalink;
  return e;
}

/** The issue's page in Sentry: its permalink, else derived from the base URL (sub-paths kept). */
export function issueWebUrl(baseUrl: string, org: string, issue: Pick<ApiIssueEntry, 'id' | 'permalink'>): string {
  if (issue.permalink && /^https?:\/\//i.test(issue.permalink)) return issue.permalink;
  const base = baseUrl.replace(/\/+$/, '');
  return `${base}/organizations/${encodeURIComponent(org)}/issues/${encodeURIComponent(issue.id)}/`;
}

const RANK: Record<Level, number> = { fatal: 4, error: 3, warning: 2, info: 1, debug: 0 };

/** The most severe level among some, or undefined for none. */
export function highestLevel(levels: Iterable<Level | undefined>): Level | undefined {
  let best: Level | undefined;
  for (const l of levels) if (l && (best === undefined || RANK[l] > RANK[best])) best = l;
  return best;
}

/** Sums the "new errors" contributions (captured events from the views, issues from the API) for the status bar. */
export function combineNewErrors(parts: Iterable<{ count: number; highest: Level | undefined }>): { count: number; highest: Level | undefined } {
  let count = 0;
  const levels: (Level | undefined)[] = [];
  for (const p of parts) {
    if (p.count <= 0) continue;
    count += p.count;
    levels.push(p.highest);
  }
  return { count, highest: count > 0 ? highestLevel(levels) : undefined };
}

/** The notification text for new fatal/error issues, or undefined when none deserves one. */
export function newIssuesNotification(added: readonly Pick<ApiIssue, 'level' | 'title' | 'shortId' | 'project'>[]): string | undefined {
  const serious = added.filter((i) => i.level === 'fatal' || i.level === 'error');
  if (serious.length === 0) return undefined;
  if (serious.length === 1) {
    const i = serious[0]!;
    return `Sentry: new ${i.level} issue ${i.shortId} in ${i.project.slug}: ${i.title}`;
  }
  const projects = [...new Set(serious.map((i) => i.project.slug))];
  return `Sentry: ${serious.length} new fatal/error issues in ${projects.join(', ')}`;
}
