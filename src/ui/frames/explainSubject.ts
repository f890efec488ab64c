import type { EventView, FrameView } from '../../sentry/event/eventView';
import type { ErrorNode, EventOwner, FrameNode, FrameRef } from '../events/errorNodes';

/**
 * What "Explain Frame Resolution" explains when run from the palette: the
 * frame selected in the tree; else a frame of the event the selection belongs
 * to; else nothing yet (ask which event). Never the event of whatever details
 * tab happens to be active. Pure.
 */
export type ExplainSubject = { kind: 'frame'; frame: FrameNode } | { kind: 'event'; owner: EventOwner } | { kind: 'ask' };

export function explainSubject(selection: readonly ErrorNode[]): ExplainSubject {
  const frame = selection.find((n): n is FrameNode => n.kind === 'frame');
  if (frame) return { kind: 'frame', frame };
  const n = selection[0];
  switch (n?.kind) {
    case 'issue':
      return { kind: 'event', owner: { source: 'captured', eventId: n.summary.latestEventId } };
    case 'event':
      return { kind: 'event', owner: { source: 'captured', eventId: n.eventId } };
    case 'exception':
    case 'library':
      return { kind: 'event', owner: n.owner };
    case 'apiIssue':
      return { kind: 'event', owner: { source: 'api', issueId: n.issue.id } };
    default:
      return { kind: 'ask' };
  }
}

/** An event's frames for the frame picker: innermost first, exception frames else the message's. */
export function framesToExplain(view: Pick<EventView, 'exceptions' | 'messageFrames' | 'platform'>): FrameRef[] {
  const frames: FrameView[] = [...view.exceptions].reverse().flatMap((e) => [...e.frames].reverse());
  const all = frames.length ? frames : [...view.messageFrames].reverse();
  return all.map((frame) => (view.platform ? { frame, platform: view.platform } : { frame }));
}

/** How the explanation names its event: `event <id> "<title>"`, the title cut to one line of 80 characters. */
export function explainedEventName(e: { eventId: string; title: string }): string {
  const line = e.title.replace(/\s+/g, ' ').trim();
  const title = line.length > 80 ? `${line.slice(0, 79)}…` : line;
  return `event ${e.eventId}${title ? ` "${title}"` : ''}`;
}
