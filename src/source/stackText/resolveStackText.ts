import type { FrameView } from '../../sentry/event/eventView';
import type { FrameResolver, Resolution } from '../resolver/frameResolver';
import { type TextFrame, toFrameView } from './textFrame';

/** A frame of a text with what the resolver made of it. */
export interface ResolvedTextFrame {
  frame: TextFrame;
  view: FrameView;
  resolution: Resolution;
}

/**
 * Resolves the frames of a parsed text through the same resolver as event
 * frames (one `resolveMany` call), in text order. A log repeats the same frames
 * many times: each distinct frame (path, line, column, class, printed source
 * line) is resolved once and its resolution shared.
 */
export async function resolveStackText(resolver: Pick<FrameResolver, 'resolveMany'>, frames: readonly TextFrame[], opts: { signal?: AbortSignal } = {}): Promise<ResolvedTextFrame[]> {
  const slotOf = new Map<string, number>();
  const unique: FrameView[] = [];
  const views: FrameView[] = [];
  const slots: number[] = [];
  for (const frame of frames) {
    const view = toFrameView(frame);
    const key = `${frame.format}\u0000${frame.path}\u0000${frame.lineno ?? ''}\u0000${frame.colno ?? ''}\u0000${frame.module ?? ''}\u0000${frame.contextLine ?? ''}\u0000${view.inApp ?? ''}`;
    let slot = slotOf.get(key);
    if (slot === undefined) {
      slot = unique.length;
      unique.push(view);
      slotOf.set(key, slot);
    }
    views.push(view);
    slots.push(slot);
  }
  // Each view carries its format's platform, which steers module matching.
  const resolved = await resolver.resolveMany(unique, opts.signal ? { signal: opts.signal } : {});
  const used = new Uint8Array(unique.length);
  return frames.map((frame, i) => {
    const slot = slots[i]!;
    // The first frame of a kind takes the resolution itself; repeats take copies.
    const resolution = used[slot] ? cloneResolution(resolved[slot]!) : resolved[slot]!;
    used[slot] = 1;
    return { frame, view: views[i]!, resolution };
  });
}

/** Shared resolutions are copied so a caller may change one frame's without touching the others. */
function cloneResolution(r: Resolution): Resolution {
  return { ...r, candidates: r.candidates.map((c) => ({ ...c })) };
}
