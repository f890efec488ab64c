import { relativeTime } from '../common/relativeTime';

/** The parts of an issue the tree's row shows. */
export interface IssueRowInput {
  count: number;
  lastSeen: number;
  environments?: readonly string[];
  releases?: readonly string[];
}

/** `×<count> · <relative last seen> · <environment>`: what a row must show at any width. */
function issueEssentials(s: IssueRowInput, now: number): string {
  const env = s.environments?.length ? s.environments.slice(0, 2).join(', ') + (s.environments.length > 2 ? '…' : '') : '';
  return [`×${s.count}`, relativeTime(s.lastSeen, now), env].filter(Boolean).join(' · ');
}

/**
 * An issue's row in the tree. The sidebar cuts a row at its end, and at the
 * default width a title alone fills it: so the count, age and environment
 * come first in the label, then the title; the release is the description.
 * Everything is in the hover as well.
 */
export function issueRow(title: string, s: IssueRowInput, now: number): { label: string; description: string } {
  return {
    label: `${issueEssentials(s, now)} — ${title}`,
    description: s.releases?.length ? s.releases[s.releases.length - 1]! : '',
  };
}

/** An API issue's row: count and age first, then the title; the short id is the description. */
export function apiIssueRow(i: { title: string; shortId: string; count: number | string; lastSeen: number | undefined }, now: number): { label: string; description: string } {
  const essentials = [`×${i.count}`, i.lastSeen === undefined ? '' : relativeTime(i.lastSeen, now)].filter(Boolean).join(' · ');
  return { label: `${essentials} — ${i.title}`, description: i.shortId };
}
