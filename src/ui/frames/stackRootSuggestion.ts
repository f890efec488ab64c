import type { FrameView } from '../../sentry/event/eventView';

/**
 * The stack root to offer when a frame has no local file: the directory part of
 * the path the event recorded, URL schemes kept (Sentry matches code mappings as
 * plain prefixes of the frame's path), with a trailing slash.
 */
export function stackRootSuggestion(frame: FrameView): string {
  const path = (frame.absPath ?? frame.filename ?? '').replace(/\\/g, '/');
  const q = path.search(/[?#]/);
  const clean = q >= 0 ? path.slice(0, q) : path;
  const slash = clean.lastIndexOf('/');
  if (slash < 0) return '';
  return clean.slice(0, slash + 1);
}
