import type { ApiIssue } from './apiIssue';

export interface IssueDiff {
  /** Issues not in the previous list ("new since last poll"). */
  added: ApiIssue[];
  /** Issues whose last-seen time, count, status, level, title or assignee changed. */
  changed: ApiIssue[];
  /** Ids of issues that are gone (resolved elsewhere, filtered out). */
  removed: string[];
}

function fingerprint(i: ApiIssue): string {
  return JSON.stringify([i.lastSeen ?? '', i.count, i.status, i.level, i.title, i.assignedTo?.id ?? '']);
}

/** What changed between two polls, keyed by issue id. */
export function diffIssues(previous: readonly ApiIssue[], next: readonly ApiIssue[]): IssueDiff {
  const before = new Map(previous.map((i) => [i.id, i]));
  const added: ApiIssue[] = [];
  const changed: ApiIssue[] = [];
  const seen = new Set<string>();
  for (const issue of next) {
    seen.add(issue.id);
    const old = before.get(issue.id);
    if (!old) added.push(issue);
    else if (fingerprint(old) !== fingerprint(issue)) changed.push(issue);
  }
  const removed = previous.filter((i) => !seen.has(i.id)).map((i) => i.id);
  return { added, changed, removed };
}

export function isEmptyDiff(d: IssueDiff): boolean {
  return !d.added.length && !d.changed.length && !d.removed.length;
}
