import { randomBytes } from 'node:crypto';
import { type FSWatcher, statSync, watch, writeSync } from 'node:fs';
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Emitter } from '../util/emitter';
import { type Logger, silentLogger, tagged } from '../util/logger';
import type { EventStoreApi, StoreChange, StoredEvent } from './storedEvent';

/**
 * The durable local event store: one append-only JSON-lines log,
 * `<dir>/events.log`, shared by every process (VS Code window, CLI) that opens
 * the same directory.
 *
 * - Durable: `append` resolves only after the records are written and
 *   fdatasync'd. Concurrent appends are written and synced together (group
 *   commit), so one fsync acknowledges every request that arrived meanwhile.
 * - Crash-safe: every write starts with a newline, so a line torn by a crash
 *   is closed off by the next writer; unparsable lines are skipped on load
 *   (logged), never the whole store.
 * - Bounded: at most `maxEvents` events in memory (oldest dropped). When the
 *   log holds more than twice that many records it is compacted: the live
 *   state goes to `events.log.tmp`, which is fsync'd and renamed over the log
 *   (atomic), then the directory is fsync'd.
 * - Shared: the window that owns the listener port appends events; any window
 *   appends small state records (delete, clear, resolved). With `follow: true`
 *   a store watches the log and applies records the others append (its own are
 *   tagged with a per-instance writer id and skipped), and reloads when the
 *   log was replaced by a compaction (the inode changed). Records that another
 *   process appends to the old file while it is being compacted are copied
 *   over after the rename; writers check the inode before every write.
 */

export interface EventStoreOptions {
  maxEvents: number;
  logger?: Logger;
  /** Watch the log and apply what other processes append (default false). */
  follow?: boolean;
  /** Fallback poll while following, in ms (default 1000). */
  pollIntervalMs?: number;
}

export const EVENT_LOG_FILE = 'events.log';

const storedEventSchema = z.object({
  id: z.string().min(1),
  receivedAt: z.number(),
  source: z.enum(['envelope', 'store', 'stream', 'webhook', 'sent']),
  projectId: z.string().optional(),
  groupKey: z.string(),
  event: z.record(z.string(), z.unknown()),
});

const recordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('e'), w: z.string(), e: storedEventSchema }),
  z.object({ t: z.literal('d'), w: z.string(), ids: z.array(z.string()) }),
  z.object({ t: z.literal('c'), w: z.string() }),
  z.object({ t: z.literal('r'), w: z.string(), k: z.array(z.string()), v: z.boolean() }),
]);
type LogRecord = z.infer<typeof recordSchema>;

interface Pending {
  records: LogRecord[];
  text: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

export class EventStore implements EventStoreApi {
  private readonly events = new Map<string, StoredEvent>();
  private readonly resolved = new Set<string>();
  private readonly changes = new Emitter<StoreChange>();
  private readonly writerId = randomBytes(6).toString('hex');
  private readonly log: Logger;
  private readonly path: string;
  private fh: FileHandle | undefined;
  private ino = 0;
  private readOffset = 0;
  private fileRecords = 0;
  private queue: Pending[] = [];
  private unsynced: Array<{ seq: number; batch: Pending[] }> = [];
  private writeSeq = 0;
  private syncing = 0;
  private paused = 0;
  private compacting = false;
  private drained: Array<() => void> = [];
  private lock: Promise<void> = Promise.resolve();
  private watcher: FSWatcher | undefined;
  private poll: NodeJS.Timeout | undefined;
  private tailQueued = false;
  private closed = false;
  private skippedLines = 0;

  readonly onDidChange = this.changes.event;

  private constructor(
    readonly dir: string,
    private readonly opts: EventStoreOptions,
  ) {
    this.log = tagged(opts.logger ?? silentLogger, 'store');
    this.path = join(dir, EVENT_LOG_FILE);
  }

  static async open(dir: string, opts: EventStoreOptions): Promise<EventStore> {
    if (!Number.isInteger(opts.maxEvents) || opts.maxEvents < 1) {
      throw new RangeError(`maxEvents must be a positive integer, got ${opts.maxEvents}`);
    }
    await mkdir(dir, { recursive: true });
    const store = new EventStore(dir, opts);
    await store.reload(false);
    if (store.fileRecords > store.compactThreshold()) await store.exclusive(() => store.compact(), true);
    if (opts.follow) store.startFollowing();
    return store;
  }

  get size(): number {
    return this.events.size;
  }

  /** Lines of the log that could not be read (torn writes, foreign data), for diagnostics. */
  get skipped(): number {
    return this.skippedLines;
  }

  list(opts: { limit?: number; filter?: (e: StoredEvent) => boolean } = {}): StoredEvent[] {
    const limit = opts.limit ?? Infinity;
    const all = [...this.events.values()];
    const out: StoredEvent[] = [];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const e = all[i]!;
      if (!opts.filter || opts.filter(e)) out.push(e);
    }
    return out;
  }

  get(id: string): StoredEvent | undefined {
    return this.events.get(id);
  }

  isResolved(groupKey: string): boolean {
    return this.resolved.has(groupKey);
  }

  append(events: StoredEvent[]): Promise<void> {
    if (!events.length) return Promise.resolve();
    return this.write(events.map((e) => ({ t: 'e', w: this.writerId, e })));
  }

  delete(ids: string[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    return this.write([{ t: 'd', w: this.writerId, ids }]);
  }

  clear(): Promise<void> {
    return this.write([{ t: 'c', w: this.writerId }]);
  }

  setResolved(groupKeys: string[], resolved: boolean): Promise<void> {
    if (!groupKeys.length) return Promise.resolve();
    return this.write([{ t: 'r', w: this.writerId, k: groupKeys, v: resolved }]);
  }

  /** Applies what other processes appended since the last look (following stores do this on their own). */
  async refresh(): Promise<void> {
    await this.exclusive(() => this.tail());
  }

  /** Waits for pending writes, then closes the log. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopFollowing();
    await this.waitForQueue();
    await this.exclusive(async () => {
      await this.fh?.close().catch(() => undefined);
      this.fh = undefined;
    }, true);
    this.changes.dispose();
  }

  dispose(): void {
    void this.close();
  }

  // ---- writing ----

  private write(records: LogRecord[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ records, text, resolve, reject });
      this.kick();
    });
  }

  /**
   * Group commit, pipelined: everything queued goes out in one write (to the
   * page cache, synchronously, so the log keeps arrival order) and one
   * fdatasync; while up to MAX_SYNCS syncs are in flight the next requests
   * queue up and go out together. A batch is acknowledged once a sync that
   * started after its write has completed, and batches are acknowledged in
   * order.
   */
  private kick(): void {
    while (this.queue.length && this.syncing < MAX_SYNCS && this.paused === 0 && this.fh) {
      if (statIno(this.path) !== this.ino) {
        // another process compacted the log: reload from the new file, then go on
        void this.exclusive(() => this.reload(true), true).catch((e: unknown) => this.failQueue(e));
        return;
      }
      const batch = this.queue;
      this.queue = [];
      const buf = Buffer.from('\n' + batch.map((p) => p.text).join(''), 'utf8');
      try {
        // The leading newline closes off a line torn by a crashed writer.
        let off = 0;
        while (off < buf.length) off += writeSync(this.fh.fd, buf, off, buf.length - off);
      } catch (e) {
        this.log.error(`writing the event log failed: ${errorText(e)}`);
        for (const p of batch) p.reject(e);
        continue;
      }
      const seq = ++this.writeSeq;
      this.unsynced.push({ seq, batch });
      this.syncing++;
      this.fh.datasync().then(
        () => this.synced(seq, undefined),
        (e: unknown) => this.synced(seq, e),
      );
    }
  }

  private synced(seq: number, error: unknown): void {
    this.syncing--;
    const change = emptyChange();
    if (error !== undefined) {
      this.log.error(`syncing the event log failed: ${errorText(error)}`);
      const i = this.unsynced.findIndex((u) => u.seq === seq);
      if (i >= 0) for (const p of this.unsynced.splice(i, 1)[0]!.batch) p.reject(error);
    } else {
      // A completed fdatasync covers every write made before it started.
      while (this.unsynced.length && this.unsynced[0]!.seq <= seq) {
        const { batch } = this.unsynced.shift()!;
        for (const p of batch) for (const r of p.records) this.apply(r, change);
        this.fileRecords += batch.reduce((n, p) => n + p.records.length, 0);
        for (const p of batch) p.resolve();
      }
    }
    this.emit(change);
    if (this.syncing === 0) for (const w of this.drained.splice(0)) w();
    if (this.fileRecords > this.compactThreshold() && !this.compacting) {
      this.compacting = true;
      void this.exclusive(async () => {
        try {
          await this.tail();
          await this.compact();
        } catch (e) {
          this.log.warn(`compaction failed (the log stays as it is): ${errorText(e)}`);
        } finally {
          this.compacting = false;
        }
      }, true);
    }
    this.kick();
  }

  private failQueue(e: unknown): void {
    const q = this.queue;
    this.queue = [];
    for (const p of q) p.reject(e);
  }

  private waitForSyncs(): Promise<void> {
    return this.syncing === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
  }

  private compactThreshold(): number {
    return Math.max(this.opts.maxEvents * 2, this.opts.maxEvents + 1000);
  }

  /** Writes the live state to a new file and renames it over the log. Runs under the lock. */
  private async compact(): Promise<void> {
    const tmp = `${this.path}.tmp`;
    const lines: string[] = [];
    for (const e of this.events.values()) lines.push(JSON.stringify({ t: 'e', w: this.writerId, e }));
    if (this.resolved.size) lines.push(JSON.stringify({ t: 'r', w: this.writerId, k: [...this.resolved], v: true }));
    const text = lines.length ? lines.join('\n') + '\n' : '';
    const out = await open(tmp, 'w');
    try {
      await out.writeFile(text, 'utf8');
      await out.sync();
    } finally {
      await out.close();
    }
    const old = this.fh;
    const oldOffset = this.readOffset;
    await rename(tmp, this.path);
    await fsyncDir(this.dir);
    const fresh = await open(this.path, 'a+');
    const st = await fresh.stat();
    this.fh = fresh;
    this.ino = st.ino;
    this.readOffset = st.size;
    this.fileRecords = lines.length;
    // Records another process appended to the old file after our last read move over.
    if (old) {
      const late = await readFrom(old, oldOffset);
      await old.close().catch(() => undefined);
      const recs = this.parseLines(late.complete);
      const foreign = recs.filter((r) => r.w !== this.writerId);
      if (foreign.length) {
        const change = emptyChange();
        for (const r of foreign) this.apply(r, change);
        await fresh.write('\n' + foreign.map((r) => JSON.stringify(r)).join('\n') + '\n');
        await fresh.datasync();
        const st2 = await fresh.stat();
        this.readOffset = st2.size;
        this.fileRecords += foreign.length;
        this.emit(change);
      }
    }
    this.log.debug(`compacted the event log to ${lines.length} records`);
  }

  // ---- reading ----

  /** Reads the whole log into memory (at open, or after another process compacted it). */
  private async reload(emit: boolean): Promise<void> {
    const old = this.fh;
    const fh = await open(this.path, 'a+');
    const st = await fh.stat();
    const { complete, consumed } = await readFrom(fh, 0);
    const before = emit ? new Map(this.events) : undefined;
    const resolvedBefore = emit ? new Set(this.resolved) : undefined;
    this.events.clear();
    this.resolved.clear();
    const recs = this.parseLines(complete);
    const scratch = emptyChange();
    for (const r of recs) this.apply(r, scratch);
    this.fh = fh;
    this.ino = st.ino;
    this.readOffset = consumed;
    this.fileRecords = recs.length;
    if (old) await old.close().catch(() => undefined);
    if (before && resolvedBefore) {
      const change = emptyChange();
      for (const [id, e] of this.events) if (before.get(id) !== e && !before.has(id)) change.added.push(e);
      for (const id of before.keys()) if (!this.events.has(id)) change.removed.push(id);
      for (const k of this.resolved) if (!resolvedBefore.has(k)) change.resolvedChanged.push(k);
      for (const k of resolvedBefore) if (!this.resolved.has(k)) change.resolvedChanged.push(k);
      this.emit(change);
    }
  }

  /** Applies records appended since `readOffset`; reloads when the file was replaced. Runs under the lock. */
  private async tail(): Promise<void> {
    if (!this.fh) return;
    const st = await stat(this.path).catch(() => undefined);
    if (!st) return;
    if (st.ino !== this.ino || st.size < this.readOffset) {
      // the file handle is about to change: let in-flight syncs finish on the old one
      this.paused++;
      try {
        await this.waitForSyncs();
        await this.reload(true);
      } finally {
        this.paused--;
        this.kick();
      }
      return;
    }
    if (st.size === this.readOffset) return;
    const { complete, consumed } = await readFrom(this.fh, this.readOffset);
    this.readOffset += consumed;
    const recs = this.parseLines(complete);
    this.fileRecords += recs.length;
    const change = emptyChange();
    for (const r of recs) if (r.w !== this.writerId) this.apply(r, change);
    this.emit(change);
  }

  private parseLines(text: string): LogRecord[] {
    const out: LogRecord[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        this.skippedLines++;
        this.log.warn(`skipped an unreadable line in ${EVENT_LOG_FILE} (${line.length} bytes; a write torn by a crash?)`);
        continue;
      }
      const parsed = recordSchema.safeParse(raw);
      if (!parsed.success) {
        this.skippedLines++;
        this.log.warn(`skipped a line of unknown shape in ${EVENT_LOG_FILE}`);
        continue;
      }
      out.push(parsed.data);
    }
    return out;
  }

  private apply(r: LogRecord, change: StoreChange): void {
    switch (r.t) {
      case 'e': {
        const e = r.e as StoredEvent;
        if (this.events.has(e.id)) this.events.delete(e.id);
        this.events.set(e.id, e);
        change.added.push(e);
        while (this.events.size > this.opts.maxEvents) {
          const oldest = this.events.keys().next().value as string;
          this.events.delete(oldest);
          change.removed.push(oldest);
        }
        break;
      }
      case 'd':
        for (const id of r.ids) if (this.events.delete(id)) change.removed.push(id);
        break;
      case 'c':
        for (const id of this.events.keys()) change.removed.push(id);
        this.events.clear();
        change.resolvedChanged.push(...this.resolved);
        this.resolved.clear();
        change.cleared = true;
        break;
      case 'r':
        for (const k of r.k) {
          if (r.v ? !this.resolved.has(k) : this.resolved.has(k)) change.resolvedChanged.push(k);
          if (r.v) this.resolved.add(k);
          else this.resolved.delete(k);
        }
        break;
    }
  }

  private emit(change: StoreChange): void {
    if (!change.added.length && !change.removed.length && !change.cleared && !change.resolvedChanged.length) return;
    // An event added and dropped in the same batch is reported as neither; a replaced one only as added.
    change.added = change.added.filter((e) => this.events.get(e.id) === e);
    change.removed = [...new Set(change.removed)].filter((id) => !this.events.has(id));
    if (!change.added.length && !change.removed.length && !change.cleared && !change.resolvedChanged.length) return;
    this.changes.fire(change);
  }

  // ---- following ----

  private startFollowing(): void {
    const kick = () => {
      if (this.tailQueued || this.closed) return;
      this.tailQueued = true;
      void this.exclusive(async () => {
        this.tailQueued = false;
        if (!this.closed) await this.tail();
      }).catch((e: unknown) => this.log.warn(`reading the event log failed: ${e instanceof Error ? e.message : String(e)}`));
    };
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_ev, name) => {
        if (name === null || name === EVENT_LOG_FILE) kick();
      });
      this.watcher.on('error', () => undefined);
    } catch (e) {
      this.log.debug(`watching ${this.dir} failed, polling only: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.poll = setInterval(kick, this.opts.pollIntervalMs ?? 1000);
    this.poll.unref();
  }

  private stopFollowing(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.poll) clearInterval(this.poll);
    this.poll = undefined;
  }

  /** Runs `fn` after every earlier exclusive task; with `pauseWrites`, also with no write or sync in flight. */
  private exclusive<T>(fn: () => Promise<T>, pauseWrites = false): Promise<T> {
    const run = this.lock.then(async () => {
      if (!pauseWrites) return fn();
      this.paused++;
      try {
        await this.waitForSyncs();
        return await fn();
      } finally {
        this.paused--;
        this.kick();
      }
    });
    this.lock = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  /** Resolves once everything queued so far is acknowledged or failed. */
  private async waitForQueue(): Promise<void> {
    while (this.queue.length || this.syncing) {
      await new Promise<void>((resolve) => (this.syncing ? this.drained.push(resolve) : setImmediate(resolve)));
    }
  }
}

const MAX_SYNCS = 4;

function statIno(path: string): number {
  try {
    return statSync(path).ino;
  } catch {
    return -1;
  }
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function emptyChange(): StoreChange {
  return { added: [], removed: [], cleared: false, resolvedChanged: [] };
}

/** Reads from `offset` to the end; returns the text up to the last newline and how many bytes that was. */
async function readFrom(fh: FileHandle, offset: number): Promise<{ complete: string; consumed: number }> {
  const size = (await fh.stat()).size;
  if (size <= offset) return { complete: '', consumed: 0 };
  const buf = Buffer.allocUnsafe(size - offset);
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, offset + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  const lastNl = buf.lastIndexOf(0x0a, got - 1);
  if (lastNl < 0) return { complete: '', consumed: 0 };
  return { complete: buf.subarray(0, lastNl + 1).toString('utf8'), consumed: lastNl + 1 };
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

