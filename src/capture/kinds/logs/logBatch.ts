import { parseJsonObjectThenDepth } from '../../../sentry/envelope/parsedDepth';
import { decodeLogItemValue } from '../../../sentry/records/logItem';
import type { Logger } from '../../../util/logger';
import type { StoredLog } from './storedLog';
import type { LogLines } from '../telemetryStore';
import type { LogBatchRecord } from './logKind';

/** Deep enough for any log item that passed the listener's check (its lines nest 5 levels). */
const READ_DEPTH = 128;

const decoded = new WeakMap<LogBatchRecord, readonly StoredLog[]>();

/**
 * The lines of a batch, oldest first, decoded on first read and remembered
 * as long as the record is kept. An item that no longer decodes (the store
 * was written by something else) gives the lines that do, and says why in
 * the log, once.
 */
export function linesOf(batch: LogBatchRecord, log?: Logger): readonly StoredLog[] {
  if (batch.lines) return batch.lines;
  let lines = decoded.get(batch);
  if (lines) return lines;
  lines = decodeItem(batch, log);
  decoded.set(batch, lines);
  return lines;
}

function decodeItem(batch: LogBatchRecord, log: Logger | undefined): StoredLog[] {
  const { item, receivedAt } = batch;
  if (item === undefined) return [];
  let value: Record<string, unknown>;
  if (typeof item === 'string') {
    const parsed = parseJsonObjectThenDepth(item, READ_DEPTH, 'log item');
    if (!parsed.ok) {
      log?.warn(`stored log batch ${batch.id} unreadable: ${parsed.reason}`);
      return [];
    }
    value = parsed.value;
  } else {
    value = item;
  }
  const d = decodeLogItemValue(value);
  for (const r of d.dropped) log?.warn(`stored log batch ${batch.id}: dropped ${r}`);
  return d.records.map((l) => ({ ...l, receivedAt }));
}

/** The lines of `batches` (oldest first), oldest first. */
export function linesOfAll(batches: readonly LogBatchRecord[], log?: Logger): StoredLog[] {
  const out: StoredLog[] = [];
  for (const b of batches) for (const l of linesOf(b, log)) out.push(l);
  return out;
}

/**
 * Log lines as the read API reads them, over batches kept newest first by
 * `source`: at most `bound` lines, the newest (the store drops whole batches,
 * so it may hold a few lines more than the bound; readers never see them).
 */
export function batchedLogLines(source: { readonly weight: number; readonly bound: number; list(): LogBatchRecord[] }, log?: Logger): LogLines {
  /** `mayHold` false: the batch has no line `filter` takes, so it is skipped without being decoded. */
  const newestFirst = (limit: number, filter?: (l: StoredLog) => boolean, mayHold?: (b: LogBatchRecord) => boolean): StoredLog[] => {
    const out: StoredLog[] = [];
    let seen = 0;
    const bound = source.bound;
    for (const b of source.list()) {
      if (mayHold && !mayHold(b)) {
        seen += b.count;
        if (seen >= bound) return out;
        continue;
      }
      const lines = linesOf(b, log);
      for (let i = lines.length - 1; i >= 0; i--) {
        if (out.length >= limit || seen >= bound) return out;
        seen++;
        const l = lines[i]!;
        if (!filter || filter(l)) out.push(l);
      }
    }
    return out;
  };
  return {
    get size() {
      return Math.min(source.weight, source.bound);
    },
    newestFirst: (limit, filter) => newestFirst(limit, filter),
    ofTrace(traceId) {
      const mentions = mentionsOf(traceId);
      return newestFirst(Infinity, (l) => l.traceId === traceId, mentions && ((b) => typeof b.item !== 'string' || mentions.test(b.item)));
    },
  };
}

/**
 * Finds a trace id in an item's text however a line may have written it
 * (decoding lowercases it and drops dashes): a batch whose text does not
 * match holds no line of that trace. Undefined for an id that is not hex.
 */
function mentionsOf(traceId: string): RegExp | undefined {
  return /^[0-9a-f]+$/.test(traceId) ? new RegExp([...traceId].join('-*'), 'i') : undefined;
}
