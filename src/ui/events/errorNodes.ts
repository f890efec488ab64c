import type { IssueSummary } from '../../capture/kinds/events/issueGroups';
import type { ExceptionView, FrameView } from '../../sentry/event/eventView';
import type { ApiIssueEntry } from '../common/contracts';

/** Where an event shown in the tree comes from: the local store, or the latest event of a REST API issue. */
export type EventOwner = { source: 'captured'; eventId: string } | { source: 'api'; issueId: string };

export interface IssueNode {
  kind: 'issue';
  groupKey: string;
  summary: IssueSummary;
  resolved: boolean;
}

export interface EventNode {
  kind: 'event';
  eventId: string;
  groupKey: string;
  receivedAt: number;
  level: string;
}

export interface ExceptionNode {
  kind: 'exception';
  owner: EventOwner;
  /** The exception's index in the event (-1: the frames of a message event). */
  index: number;
  exception: ExceptionView;
  raised: boolean;
  platform?: string;
}

/** Also the argument of `sentry.openFrame` and `sentry.explainFrameResolution`: anything with a `frame`. */
export interface FrameNode {
  kind: 'frame';
  owner: EventOwner;
  exceptionIndex: number;
  frameIndex: number;
  frame: FrameView;
  inApp: boolean;
  platform?: string;
}

export interface LibraryFramesNode {
  kind: 'library';
  owner: EventOwner;
  exceptionIndex: number;
  frames: Array<{ frame: FrameView; index: number }>;
  platform?: string;
}

export interface ShowMoreNode {
  kind: 'showMore';
  shown: number;
}

export interface ApiProjectNode {
  kind: 'apiProject';
  org: string;
  slug: string;
}

/** Structurally the `ApiIssueNodeArg` of the contracts: the platform's `sentry.issue.*` commands receive it. */
export interface ApiIssueNode {
  kind: 'apiIssue';
  issue: ApiIssueEntry;
}

export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  tooltip?: string;
  error: boolean;
  /** A command id run on click (e.g. clear the filter). */
  command?: string;
}

export type ErrorNode =
  | IssueNode
  | EventNode
  | ExceptionNode
  | FrameNode
  | LibraryFramesNode
  | ShowMoreNode
  | ApiProjectNode
  | ApiIssueNode
  | MessageNode;

/** The part of a frame reference that opening needs (tree nodes, webview links and diagnostics all build one). */
export interface FrameRef {
  frame: FrameView;
  platform?: string;
  /** Where the frame was read: an event (the default), or a stack trace printed as text (pasted, a terminal, a log). */
  origin?: FrameOrigin;
}

/** Where a frame was read, for what a document of its lines says it shows. */
export type FrameOrigin = 'event' | 'text';

export function isFrameRef(v: unknown): v is FrameRef {
  return typeof v === 'object' && v !== null && typeof (v as { frame?: unknown }).frame === 'object' && (v as { frame?: unknown }).frame !== null;
}

function ownerId(o: EventOwner): string {
  return o.source === 'captured' ? `event:${o.eventId}` : `apiIssue:${o.issueId}/latest`;
}

/** Stable tree ids from Sentry ids: group keys, event ids, issue ids, plus the path below them. */
export function nodeId(n: ErrorNode): string {
  switch (n.kind) {
    case 'issue':
      return `issue:${n.groupKey}`;
    case 'event':
      return `event:${n.eventId}`;
    case 'exception':
      return `${ownerId(n.owner)}/exc:${n.index}`;
    case 'frame':
      return `${ownerId(n.owner)}/exc:${n.exceptionIndex}/frame:${n.frameIndex}`;
    case 'library':
      return `${ownerId(n.owner)}/exc:${n.exceptionIndex}/lib:${n.frames[0]?.index ?? 0}`;
    case 'showMore':
      return 'showMore';
    case 'apiProject':
      return `apiProject:${n.org}/${n.slug}`;
    case 'apiIssue':
      return `apiIssue:${n.issue.id}`;
    case 'message':
      return `message:${n.id}`;
  }
}
