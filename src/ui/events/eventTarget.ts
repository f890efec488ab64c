import type { ApiIssueEntry } from '../common/contracts';
import type { ErrorNode } from './errorNodes';

/** Which event a tree node, a details tab or a command argument stands for. */
export type EventTarget =
  | { source: 'captured'; eventId: string | undefined } // undefined: the latest captured event
  | { source: 'api'; issue: ApiIssueEntry }
  | { source: 'none' };

type Arg = ErrorNode | { kind: 'capturedEvent'; eventId: string } | undefined;

/**
 * The event behind a command's argument (a tree node, `{kind: 'capturedEvent'}`
 * or `{kind: 'apiIssue'}`): issues stand for their latest event, exceptions
 * and frames for the event they belong to. No argument: the latest captured event.
 */
export function eventTargetOf(arg: unknown, apiIssues: readonly ApiIssueEntry[]): EventTarget {
  const target = arg as Arg;
  if (!target || typeof target !== 'object') return { source: 'captured', eventId: undefined };
  switch (target.kind) {
    case 'issue':
      return { source: 'captured', eventId: target.summary.latestEventId };
    case 'event':
    case 'capturedEvent':
      return { source: 'captured', eventId: target.eventId };
    case 'apiIssue':
      return { source: 'api', issue: target.issue };
    case 'exception':
    case 'frame':
    case 'library': {
      const o = target.owner;
      if (o.source === 'captured') return { source: 'captured', eventId: o.eventId };
      const issue = apiIssues.find((i) => i.id === o.issueId);
      return issue ? { source: 'api', issue } : { source: 'none' };
    }
    default:
      return { source: 'captured', eventId: undefined };
  }
}
