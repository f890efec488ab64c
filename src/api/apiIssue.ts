import { normalizeLevel, type Level } from '../sentry/event/eventView';
import type { RawIssue } from './schemas';

export type IssueStatus = 'resolved' | 'unresolved' | 'ignored';

/** One Sentry issue (group) as the rest of the extension sees it. */
export interface ApiIssue {
  id: string;
  shortId: string;
  title: string;
  culprit: string;
  level: Level;
  status: IssueStatus;
  /** Number of events; Sentry sends it as a string. */
  count: number;
  userCount: number;
  firstSeen?: string;
  lastSeen?: string;
  /** Link to the issue in Sentry's web UI, when the API gave one. */
  permalink?: string;
  platform?: string;
  project: { id: string; slug: string; name?: string };
  assignedTo?: { type?: string; id: string; name?: string };
}

/** Sentry's status words (incl. `resolvedInNextRelease`, `archived`, `muted`) as one of ours. */
export function toIssueStatus(s: string): IssueStatus {
  if (s === 'resolved' || s.startsWith('resolved')) return 'resolved';
  if (s === 'ignored' || s === 'muted' || s === 'archived') return 'ignored';
  return 'unresolved';
}

export function toApiIssue(raw: RawIssue): ApiIssue {
  const count = Number(raw.count ?? 0);
  const issue: ApiIssue = {
    id: raw.id,
    shortId: raw.shortId,
    title: raw.title,
    culprit: raw.culprit ?? '',
    level: normalizeLevel(raw.level),
    status: toIssueStatus(raw.status),
    count: Number.isFinite(count) ? count : 0,
    userCount: raw.userCount ?? 0,
    project: { id: raw.project.id, slug: raw.project.slug, ...(raw.project.name ? { name: raw.project.name } : {}) },
  };
  if (raw.firstSeen) issue.firstSeen = raw.firstSeen;
  if (raw.lastSeen) issue.lastSeen = raw.lastSeen;
  if (raw.permalink) issue.permalink = raw.permalink;
  if (raw.platform) issue.platform = raw.platform;
  if (raw.assignedTo) {
    issue.assignedTo = { id: raw.assignedTo.id };
    if (raw.assignedTo.type) issue.assignedTo.type = raw.assignedTo.type;
    if (raw.assignedTo.name) issue.assignedTo.name = raw.assignedTo.name;
  }
  return issue;
}
