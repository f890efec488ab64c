import { createHash } from 'node:crypto';
import { type EventView, topFrame } from './eventView';

/**
 * The key that groups events into one issue, in the spirit of Sentry's grouping:
 * the SDK's fingerprint when it set one (`{{ default }}` expands to the default
 * key), otherwise the exception type and the top in-app frame, otherwise the
 * message. Numbers and hex ids in messages are folded so that "user 17 not found"
 * and "user 18 not found" group together.
 */
export function groupKey(view: EventView): string {
  const fallback = defaultParts(view);
  const parts = view.fingerprint?.length
    ? view.fingerprint.flatMap((p) => (p === '{{ default }}' || p === '{{default}}' ? fallback : [p]))
    : fallback;
  return createHash('sha1').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

function defaultParts(view: EventView): string[] {
  if (view.type === 'transaction') return ['transaction', view.transaction ?? view.title];
  const primary = view.exceptions[view.exceptions.length - 1];
  const frame = topFrame(view);
  const where = frame ? [frame.module ?? frame.filename ?? frame.absPath ?? '', frame.function ?? ''] : [];
  if (primary?.type) return ['exception', primary.type, ...where];
  const msg = (view.message ?? view.title).replace(/\b0x[0-9a-f]+\b|\b[0-9a-f]{8,}\b|\d+/gi, '<n>');
  return ['message', msg, ...where];
}
