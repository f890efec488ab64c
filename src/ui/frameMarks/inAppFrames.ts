import type { EventView, FrameView } from '../../sentry/event/eventView';

/** At most this many frames of one event are marked or stepped through. */
export const MAX_FRAMES_PER_EVENT = 30;

/**
 * The in-app frames of an event, innermost first: the raised exception's, then
 * its causes' (chained exceptions come before it in the event), or the message's
 * stack trace. No `vscode` import: tested in plain Node.
 */
export function inAppFrames(view: EventView): FrameView[] {
  const all = view.exceptions.length ? [...view.exceptions].reverse().flatMap((e) => [...e.frames].reverse()) : [...view.messageFrames].reverse();
  return all.filter((f) => f.inApp === true).slice(0, MAX_FRAMES_PER_EVENT);
}

/** The next index when stepping by `delta` through `length` frames, staying at the ends; `current` -1 (or length) before the first step. */
export function stepIndex(current: number, delta: 1 | -1, length: number): number {
  return Math.min(Math.max(current + delta, 0), length - 1);
}
