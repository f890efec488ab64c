import { relativeTime } from './relativeTime';

/** The parts of an issue the tree's description line shows. */
export interface IssueDescriptionInput {
  count: number;
  lastSeen: number;
  environments?: readonly string[];
  releases?: readonly string[];
}

/** `×<count> · <relative last seen> · <environment> · <release>`, skipping the parts that are missing. */
export function issueDescription(s: IssueDescriptionInput, now: number): string {
  const parts = [`×${s.count}`, relativeTime(s.lastSeen, now)];
  const env = s.environments?.length ? s.environments.slice(0, 2).join(', ') + (s.environments.length > 2 ? '…' : '') : '';
  const rel = s.releases?.length ? s.releases[s.releases.length - 1]! : '';
  if (env) parts.push(env);
  if (rel) parts.push(rel);
  return parts.filter(Boolean).join(' · ');
}
