import { checkLogItem } from '../../sentry/logItem';
import { parseJsonObjectThenDepth } from '../../sentry/parsedDepth';

/** A `log` item as the store keeps it: its payload's JSON text, checked and scrubbed, and how many lines it holds. */
export interface LogItemText {
  text: string;
  count: number;
}

/**
 * A `log` item's payload made ready to keep without decoding its lines into
 * records: parsed once, each line checked (a bad one dropped with its reason),
 * and scrubbed in one walk over the whole item. When nothing was dropped and
 * the scrubber changed nothing (it returns its input then), the text is kept
 * as it came; else the checked, scrubbed item is written out once. The lines
 * are decoded when read (logBatch.ts).
 */
export function logItemToKeep(payload: Uint8Array, maxJsonDepth: number, scrub: <T>(r: T) => T): { item?: LogItemText; dropped: string[] } {
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  const parsed = parseJsonObjectThenDepth(text, maxJsonDepth, 'log item');
  if (!parsed.ok) return { dropped: [parsed.reason] };
  const checked = checkLogItem(parsed.value);
  if (!checked.value) return { dropped: checked.dropped };
  const scrubbed = scrub(checked.value);
  const same = checked.whole && scrubbed === parsed.value;
  return { item: { text: same ? text : JSON.stringify(scrubbed), count: checked.count }, dropped: checked.dropped };
}
