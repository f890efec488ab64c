import type { FrameView } from '../../sentry/event/eventView';

/** One row under an exception in the tree: an app frame, or a run of library frames folded together. */
export type FrameSegment =
  | { kind: 'frame'; frame: FrameView; index: number; inApp: boolean }
  | { kind: 'library'; frames: Array<{ frame: FrameView; index: number }>; first: number };

/**
 * Frames innermost first (Sentry stores them outermost first), with each run of
 * consecutive library (non-in-app) frames folded into one segment. `index` is the
 * frame's position in the event's own (outermost-first) order, so links stay stable.
 * When no frame says it is in-app, nothing is folded: there is no way to tell.
 */
export function frameSegments(frames: readonly FrameView[]): FrameSegment[] {
  const anyInApp = frames.some((f) => f.inApp === true);
  const out: FrameSegment[] = [];
  for (let i = frames.length - 1; i >= 0; i--) {
    const frame = frames[i]!;
    const inApp = anyInApp ? frame.inApp === true : true;
    if (inApp) {
      out.push({ kind: 'frame', frame, index: i, inApp: anyInApp || frame.inApp !== false });
      continue;
    }
    const last = out[out.length - 1];
    if (last && last.kind === 'library') last.frames.push({ frame, index: i });
    else out.push({ kind: 'library', frames: [{ frame, index: i }], first: i });
  }
  // A single library frame is shown as itself, dimmed, rather than as "1 library frame".
  return out.map((s) =>
    s.kind === 'library' && s.frames.length === 1 ? { kind: 'frame', frame: s.frames[0]!.frame, index: s.frames[0]!.index, inApp: false } : s,
  );
}

/** Exceptions with the raised one first, then its causes (Sentry lists causes first, the raised one last). */
export function exceptionsRaisedFirst<T>(exceptions: readonly T[]): Array<{ exception: T; index: number }> {
  return exceptions.map((exception, index) => ({ exception, index })).reverse();
}
