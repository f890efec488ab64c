import type { FrameView } from '../../sentry/eventView';
import type { FrameResolver, Resolution } from '../frameResolver';
import { type TextFrame, PLATFORM_OF, toFrameView } from './textFrame';

/** A frame of a text with what the resolver made of it. */
export interface ResolvedTextFrame {
  frame: TextFrame;
  view: FrameView;
  resolution: Resolution;
}

/**
 * Resolves the frames of a parsed text through the same resolver as event
 * frames, in text order. A log repeats the same frames many times: each
 * distinct frame (path, line, column, class, printed source line) is resolved
 * once and its resolution shared.
 */
export async function resolveStackText(resolver: Pick<FrameResolver, 'resolve'>, frames: readonly TextFrame[]): Promise<ResolvedTextFrame[]> {
  const seen = new Map<string, Promise<Resolution>>();
  const pending: Array<Promise<ResolvedTextFrame>> = [];
  for (const frame of frames) {
    const view = toFrameView(frame);
    const key = `${frame.format}\u0000${frame.path}\u0000${frame.lineno ?? ''}\u0000${frame.colno ?? ''}\u0000${frame.module ?? ''}\u0000${frame.contextLine ?? ''}\u0000${view.inApp ?? ''}`;
    let r = seen.get(key);
    if (!r) {
      r = resolver.resolve(view, { platform: PLATFORM_OF[frame.format] });
      seen.set(key, r);
    }
    pending.push(r.then((resolution) => ({ frame, view, resolution: cloneResolution(resolution) })));
  }
  return Promise.all(pending);
}

/** Shared resolutions are copied so a caller may change one frame's without touching the others. */
function cloneResolution(r: Resolution): Resolution {
  return { ...r, candidates: r.candidates.map((c) => ({ ...c })) };
}
