import { open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import { constants } from 'node:fs';
import { LogAppender, openLog, PREALLOC_BYTES, READ_CHUNK } from './logFile';
import type { LogReader } from './logReader';
import type { MemoryState } from './memoryState';
import { encodeDataLines, encodeStateOp } from './recordFormat';

/**
 * Compaction: a log is rewritten with only what is live and renamed over the
 * old one (atomic), then the directory is fsync'd. The store's writer does it
 * (recordStore.ts says when, and holds the state lock while it runs):
 * - the data log when it holds more than about twice the records the kinds'
 *   bounds keep (compactThreshold), with the live records of every kind,
 *   including those that came through the state log;
 * - the state log at the same time, or when it has grown past
 *   stateCompactThreshold, with only the state changes still needed
 *   (MemoryState.summary).
 * A follower notices the new inode and reloads.
 */

/** The data log is compacted when it holds more records than this. */
export function compactThreshold(bounds: Iterable<number>): number {
  let n = 0;
  for (const b of bounds) n += Math.max(b * 2, b + 1000);
  return n;
}

/** The state log is compacted when it holds more lines than this (twice what the last compaction left, at least 1,000). */
export function stateCompactThreshold(linesAfterLastCompaction: number): number {
  return Math.max(1000, linesAfterLastCompaction * 2);
}

/**
 * Writes `lines` (each ending in a newline) and a zeroed preallocation to
 * `<path>.tmp`, syncs it and renames it over `path`. Returns the bytes of
 * records written and how many lines.
 */
export async function rewriteLog(path: string, lines: Iterable<string>, opts: { preallocate: boolean }): Promise<{ written: number; count: number }> {
  const tmp = `${path}.tmp`;
  let written = 0;
  let count = 0;
  const out = await open(tmp, 'w');
  try {
    // in pieces of a few MiB: the live records can be more than one string can hold
    let piece: string[] = [];
    let pieceChars = 0;
    const flush = async () => {
      const data = Buffer.from(piece.join(''));
      await out.write(data, 0, data.length, written);
      written += data.length;
      piece = [];
      pieceChars = 0;
    };
    for (const line of lines) {
      piece.push(line);
      pieceChars += line.length;
      count++;
      if (pieceChars >= READ_CHUNK) await flush();
    }
    if (piece.length) await flush();
    if (opts.preallocate) await out.write(Buffer.alloc(PREALLOC_BYTES), 0, PREALLOC_BYTES, written);
    await out.sync();
  } finally {
    await out.close();
  }
  await rename(tmp, path);
  await fsyncDir(dirname(path));
  return { written, count };
}

/**
 * Compacts both logs: the data log to the live records of every kind, the
 * state log to the state changes still needed (deletions since
 * `keepDeletionsSince`), and points `reader` at the new files. Returns the
 * writer's appender on the new data log and what the files now hold.
 */
export async function compactLogs(
  paths: { data: string; state: string },
  state: MemoryState,
  reader: LogReader,
  writerId: string,
  keepDeletionsSince: number,
): Promise<{ appender: LogAppender; records: number; stateLines: number }> {
  function* live(): Generator<string> {
    for (const s of state.all()) for (const r of s.records.values()) yield encodeDataLines(s.kind, [r]);
  }
  const data = await rewriteLog(paths.data, live(), { preallocate: true });
  const fresh = await openLog(paths.data, constants.O_RDWR);
  await reader.data?.fh.close().catch(() => undefined);
  reader.data = { ...fresh, offset: data.written };
  const appender = new LogAppender(fresh.fh.fd, data.written, (await fresh.fh.stat()).size);
  reader.dataLines = new Map([...state.all()].map((s) => [s.kind.name, s.weight]));
  const ops = state.summary(writerId, keepDeletionsSince);
  const st = await rewriteLog(
    paths.state,
    ops.map((op) => `${encodeStateOp(op)}\n`),
    { preallocate: false },
  );
  const freshSt = await openLog(paths.state, 'a+');
  await reader.st?.fh.close().catch(() => undefined);
  reader.st = { ...freshSt, offset: st.written };
  reader.stateLines = ops.length;
  return { appender, records: data.count, stateLines: ops.length };
}

async function fsyncDir(dir: string): Promise<void> {
  const d = await open(dir, 'r');
  try {
    await d.sync();
  } catch {
    // some file systems refuse fsync on directories; the rename is still atomic
  } finally {
    await d.close();
  }
}
