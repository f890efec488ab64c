import type { ApiIssue } from '../../api/apiIssue';
import { clip, code, isoTime } from './markdown';

/** What a search_issues answer lists, and what was asked. */
export interface IssueListing {
  issues: readonly ApiIssue[];
  query: string;
  org: string;
  projects: readonly string[];
  limit: number;
  /** Sentry has more issues matching than `limit`. */
  more: boolean;
  statsPeriod?: string;
}

/** The call that reads one issue in full. */
export function getIssueCall(issue: Pick<ApiIssue, 'shortId'>): string {
  return `get_issue(${JSON.stringify({ issueId: issue.shortId })})`;
}

function when(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? iso : isoTime(t);
}

function plural(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;
}

/** The facts of an issue on one line: level, status, events, users, last seen, project. */
export function issueFacts(i: ApiIssue): string {
  const lastSeen = when(i.lastSeen);
  return [i.level, i.status, plural(i.count, 'event'), plural(i.userCount, 'user'), lastSeen && `last seen ${lastSeen}`, `project ${code(i.project.slug)}`].filter(Boolean).join(' · ');
}

/** One issue in a list: short id and title, then the culprit, the facts and the link. */
export function issueSummary(n: number, i: ApiIssue): string {
  const out = [`### ${n}. ${i.shortId}: ${clip(i.title, 200)}`];
  if (i.culprit) out.push(`Culprit: ${code(clip(i.culprit, 200))}`);
  out.push(issueFacts(i));
  if (i.permalink) out.push(i.permalink);
  return out.join('\n');
}

/**
 * The search_issues answer: what was searched, how many are shown and
 * whether Sentry has more, each issue in brief, and get_issue for the first.
 */
export function issueListMarkdown(l: IssueListing): string {
  const scope = [`organization ${code(l.org)}`, l.projects.length ? `project${l.projects.length > 1 ? 's' : ''} ${l.projects.map(code).join(', ')}` : 'all projects', l.statsPeriod && `seen in the last ${l.statsPeriod}`]
    .filter(Boolean)
    .join(', ');
  const head = [`# Sentry issues matching ${code(l.query || '(everything)')}`, `${scope}.`];
  if (!l.issues.length) {
    head.push('', 'No issues matched. Try a wider query (e.g. `is:unresolved`), a longer statsPeriod (e.g. "14d"), or check the project slugs.');
    return head.join('\n');
  }
  head.push(
    l.more
      ? `Showing the first ${l.issues.length} (limit ${l.limit}); Sentry has more: narrow the query or raise limit (at most 100).`
      : `Showing all ${l.issues.length} matching (limit ${l.limit}).`,
  );
  const next = ['**Next:**', `- ${getIssueCall(l.issues[0]!)} for the first issue with its latest event, the stack trace resolved to this workspace.`];
  return [...head, '', l.issues.map((i, k) => issueSummary(k + 1, i)).join('\n\n'), '', ...next].join('\n');
}

/** The head of a get_issue answer: the issue with its figures and link; the latest event follows it. */
export function issueHeader(i: ApiIssue): string {
  const out = [`# Issue ${i.shortId}: ${clip(i.title, 300)}`, issueFacts(i)];
  const firstSeen = when(i.firstSeen);
  const extra = [`issue id ${code(i.id)}`, firstSeen && `first seen ${firstSeen}`, i.assignedTo && `assigned to ${i.assignedTo.name ?? i.assignedTo.id}`].filter(Boolean).join(' · ');
  out.push(extra);
  if (i.culprit) out.push(`Culprit: ${code(clip(i.culprit, 300))}`);
  if (i.permalink) out.push(`In Sentry: ${i.permalink}`);
  return out.join('\n');
}
