import { checkLogItem } from '../../sentry/records/logItem';
import { PLAIN_LOG_ITEM_NESTING, countPlainLogLines } from '../../sentry/records/logItemText';
import { parseJsonObjectThenDepth } from '../../sentry/envelope/parsedDepth';
import type { Scrubber } from '../../sentry/scrub/scrub';
import type { LogItemText } from '../kinds/logs/storedLog';


export interface LogItemScrub {
  maxJsonDepth: number;
  /** The scrubber's walk (its `shared` form when it has one: then it returns its input when nothing changes). */
  scrub: <T>(r: T) => T;
  /** The scrubber's text pass (sentry/scrub/scrubText.ts), when it has one. */
  scrubText?: Scrubber['text'];
}

/**
 * A `log` item's payload made ready to keep without decoding its lines into
 * records. The plain form SDKs send is checked as text (sentry/records/logItemText.ts)
 * and scrubbed by the scrubber's text pass, never parsed; kept as it came
 * when nothing needs filtering. Anything else is parsed once, each line
 * checked (a bad one dropped with its reason), and scrubbed in one walk over
 * the whole item; kept as it came when nothing was dropped and the walk
 * changed nothing, else written out once. The lines are decoded when read
 * (logBatch.ts).
 */
export function logItemToKeep(payload: Uint8Array, opts: LogItemScrub): { item?: LogItemText; dropped: string[] } {
  const { maxJsonDepth, scrub, scrubText } = opts;
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8');
  if (scrubText && maxJsonDepth >= PLAIN_LOG_ITEM_NESTING) {
    const count = countPlainLogLines(text);
    const scrubbed = count === undefined ? undefined : scrubText(text, maxJsonDepth);
    // A value filtered may leave the plain form (a number becomes a string): then the walk below decides.
    if (scrubbed && (!scrubbed.changed || countPlainLogLines(scrubbed.text) === count)) return { item: { text: scrubbed.text, count: count! }, dropped: [] };
  }
  const parsed = parseJsonObjectThenDepth(text, maxJsonDepth, 'log item');
  if (!parsed.ok) return { dropped: [parsed.reason] };
  const checked = checkLogItem(parsed.value);
  if (!checked.value) return { dropped: checked.dropped };
  const scrubbed = scrub(checked.value);
  const same = checked.whole && scrubbed === parsed.value;
  return { item: { text: same ? text : JSON.stringify(scrubbed), count: checked.count }, dropped: checked.dropped };
}
