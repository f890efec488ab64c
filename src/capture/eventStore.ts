import { randomBytes } from 'node:crypto';
import { type FSWatcher, closeSync, constants, linkSync, openSync, readFileSync, statSync, unlinkSync, watch, writeFileSync, writeSync } from 'node:fs';
import { mkdir, open, rename, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { Emitter } from '../util/emitter';
import { type Logger, silentLogger, tagged } from '../util/logger';
import { eventGroupKey, eventJsonOf } from './lazyEvent';
import type { EventStoreApi, StoreChange, StoredEvent } from './storedEvent';

/**
 * The durable local event store, shared by every process (VS Code window,
 * CLI) that opens the same directory. Two JSON-lines files:
 *
 * - `events.log`: captured events, written by one process at a time (the
 *   holder of `events.lock`, i.e. the one whose listener receives them). The
 *   file is preallocated with zeros and records are written in place after the
 *   last one, so an fdatasync never has to journal a size change: that makes
 *   a durable write about ten times cheaper than an append. Readers stop at the
 *   first zero byte. Appends made in the same turn of the event loop share one
 *   write. When `append` resolves depends on `durability`:
 *   - `'write'` (default): once its records are written to the file, i.e. in
 *     the kernel's page cache. That is what "an acknowledged event survives a
 *     kill -9 of the process" needs: the kernel owns written data whatever
 *     happens to the process. Syncing to the disk only matters for a crash of
 *     the OS or a power loss; it runs in the background, off the request path
 *     (group commit: one fdatasync for everything written in the last
 *     SYNC_INTERVAL_MS, sooner after SYNC_AFTER_BYTES, and on close). Measured
 *     on this machine's shared disk an fdatasync takes 2-7 ms, which capped an
 *     acknowledged-after-sync listener at a few thousand events/s with 20
 *     concurrent clients whatever the CPU did; with 'write' the disk is off
 *     the request path.
 *   - `'fsync'`: only once they are fdatasync'd (survives an OS crash or a
 *     power loss too). Concurrent appends share one write and one sync (while
 *     a sync is in flight the next requests queue up and go out together;
 *     MAX_SYNCS allows more syncs in flight, which measured slower on a
 *     shared disk).
 * - `state.log`: deletes, clears and resolved flags, appended (O_APPEND) by
 *   any process, and the events a process stores while another one holds the
 *   writer lock. Deletes and clears carry a time and apply to events received
 *   up to then, so the two files never need a common order. (It is never
 *   compacted: people write it, a record per action.)
 *
 * Crash safety: every write starts with a newline, so a line torn by a crash is
 *   closed off by the next writer and skipped (logged) on load; a new writer
 *   zeroes whatever a crashed one left past the last record. Only an
 *   unacknowledged request can be lost.
 * Bounded: at most `maxEvents` events in memory (oldest dropped). When
 *   `events.log` holds more than about twice that many records, its writer
 *   compacts it: live events go to `events.log.tmp`, which is fsync'd and
 *   renamed over the log (atomic), then the directory is fsync'd.
 * Following (`follow: true`): the store watches the directory and applies what
 *   other processes write; a changed inode (compaction) means a full reload.
 * The writer lock is taken on the first append (another store of the same
 *   process is waited for up to LOCK_WAIT_MS; another live process is not: the
 *   events go to the state log) and let go after LOCK_IDLE_MS without writes,
 *   so another window can take over capture. A dead process's lock is broken
 *   by one process at a time (breakStaleLock).
 */

export interface EventStoreOptions {
  maxEvents: number;
  logger?: Logger;
  /** Watch the files and apply what other processes write (default false). */
  follow?: boolean;
  /** Fallback poll while following, in ms (default 1000). */
  pollIntervalMs?: number;
  /**
   * When `append` resolves: `'write'` (default) once the events are written to
   * the file (they survive a kill of the process; a background fdatasync follows
   * within `syncIntervalMs`), `'fsync'` once they are on the disk (they also
   * survive an OS crash or a power loss; much slower under load).
   */
  durability?: Durability;
  /** With `durability: 'write'`, the longest time written events wait for their fdatasync, in ms (default 100). */
  syncIntervalMs?: number;
}

export type Durability = 'write' | 'fsync';

export const EVENT_LOG_FILE = 'events.log';
export const STATE_LOG_FILE = 'state.log';
export const WRITER_LOCK_FILE = 'events.lock';

/** Another live process holds the writer lock (appends then go through the state log). */
export class StoreBusyError extends Error {
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`another process (pid ${pid}) is writing captured events to ${dir}`);
    this.name = 'StoreBusyError';
  }
}

const MAX_SYNCS = 1;
const SYNC_INTERVAL_MS = 100;
/** With durability 'write', more unsynced bytes than this start the background sync at once. */
const SYNC_AFTER_BYTES = 4 * 1024 * 1024;
const PREALLOC_BYTES = 4 * 1024 * 1024;
const LOCK_WAIT_MS = 3000;
const LOCK_IDLE_MS = 1000;
/** A lock-break file older than this was left by a process that died in the few microseconds it holds one. */
const BREAK_STALE_MS = 5000;
const READ_CHUNK = 4 * 1024 * 1024;
/** readLines' first read: a follower's tail usually finds a few records and then the zeroed preallocation. */
const FIRST_READ = 64 * 1024;

const storedEventSchema = z.object({
  id: z.string().min(1),
  receivedAt: z.number(),
  source: z.enum(['envelope', 'store', 'stream', 'webhook', 'sent']),
  projectId: z.string().optional(),
  /** Left out by records of lazy events (lazyEvent.ts): computed on load. */
  groupKey: z.string().optional(),
  // Checked, not rebuilt: z.record would copy the event (slow on load) and drop a "__proto__" key JSON.parse kept as data.
  event: z.custom<Record<string, unknown>>((v) => v !== null && typeof v === 'object' && !Array.isArray(v), 'event must be a JSON object'),
});
const eventRecordSchema = z.object({ t: z.literal('e'), e: storedEventSchema });
const stateRecordSchema = z.discriminatedUnion('t', [
  z.object({ t: z.literal('e'), w: z.string(), e: storedEventSchema }),
  z.object({ t: z.literal('d'), w: z.string(), at: z.number(), ids: z.array(z.string()) }),
  z.object({ t: z.literal('c'), w: z.string(), at: z.number() }),
  z.object({ t: z.literal('r'), w: z.string(), at: z.number(), k: z.array(z.string()), v: z.boolean() }),
]);
type StateRecord = z.infer<typeof stateRecordSchema>;

interface Pending {
  events: StoredEvent[];
  /** The records, each a line ending in a newline. */
  data: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

interface LogFile {
  fh: FileHandle;
  ino: number;
  /** Bytes consumed (up to the end of the last complete line read). */
  offset: number;
}

export class EventStore implements EventStoreApi {
  private readonly events = new Map<string, StoredEvent>();
  private readonly resolved = new Set<string>();
  private clearedAt = -Infinity;
  private readonly deletedAt = new Map<string, number>();
  private readonly changes = new Emitter<StoreChange>();
  private readonly writerId = randomBytes(6).toString('hex');
  private readonly log: Logger;
  private readonly evPath: string;
  private readonly stPath: string;
  private readonly lockPath: string;
  private ev: LogFile | undefined;
  private st: LogFile | undefined;
  private evRecords = 0;
  /** Set while this process holds the writer lock. */
  private writer: { pos: number; allocated: number } | undefined;
  private acquiring = false;
  private releaseTimer: NodeJS.Timeout | undefined;
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
  /** When `append` resolves (see the class comment). */
  readonly durability: Durability;
  /** A turn-of-the-loop flush is scheduled (durability 'write'). */
  private flushQueued = false;
  /** Bytes written since the last fdatasync started (durability 'write'). */
  private unsyncedBytes = 0;
  private syncTimer: NodeJS.Timeout | undefined;
  private readonly onExit = () => this.unlinkLockSync();

  readonly onDidChange = this.changes.event;

  private constructor(
    readonly dir: string,
    private opts: EventStoreOptions,
  ) {
    this.log = tagged(opts.logger ?? silentLogger, 'store');
    this.evPath = join(dir, EVENT_LOG_FILE);
    this.stPath = join(dir, STATE_LOG_FILE);
    this.lockPath = join(dir, WRITER_LOCK_FILE);
    this.durability = opts.durability ?? 'write';
  }

  static async open(dir: string, opts: EventStoreOptions): Promise<EventStore> {
    if (!Number.isInteger(opts.maxEvents) || opts.maxEvents < 1) {
      throw new RangeError(`maxEvents must be a positive integer, got ${opts.maxEvents}`);
    }
    if (opts.durability !== undefined && opts.durability !== 'write' && opts.durability !== 'fsync') {
      throw new RangeError(`durability must be 'write' or 'fsync', got ${String(opts.durability)}`);
    }
    if (opts.syncIntervalMs !== undefined && !(opts.syncIntervalMs >= 0 && opts.syncIntervalMs <= 60_000)) {
      throw new RangeError(`syncIntervalMs must be from 0 to 60000, got ${opts.syncIntervalMs}`);
    }
    await mkdir(dir, { recursive: true });
    const store = new EventStore(dir, { ...opts });
    await store.reload(false);
    if (opts.follow) store.startFollowing();
    return store;
  }

  get size(): number {
    return this.events.size;
  }

  /** Lines of the logs that could not be read (torn writes, foreign data), for diagnostics. */
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
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    const data = encodeRecords(events);
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ events, data, resolve, reject });
      if (this.durability === 'fsync') this.kick();
      else if (!this.flushQueued) {
        // Everything appended in this turn of the loop goes out in one write.
        this.flushQueued = true;
        setImmediate(() => {
          this.flushQueued = false;
          this.kick();
        });
      }
    });
  }

  delete(ids: string[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    const at = Math.max(Date.now(), ...ids.map((id) => this.events.get(id)?.receivedAt ?? 0));
    return this.writeState({ t: 'd', w: this.writerId, at, ids });
  }

  clear(): Promise<void> {
    let at = Date.now();
    for (const e of this.events.values()) at = Math.max(at, e.receivedAt);
    return this.writeState({ t: 'c', w: this.writerId, at });
  }

  setResolved(groupKeys: string[], resolved: boolean): Promise<void> {
    if (!groupKeys.length) return Promise.resolve();
    return this.writeState({ t: 'r', w: this.writerId, at: Date.now(), k: groupKeys, v: resolved });
  }

  /**
   * Changes the bound: a lower one drops the oldest events beyond it at once
   * (reported as removed) and, when this store is the writer, compacts the
   * log if it now holds more than about twice the bound; a higher one keeps
   * more from now on.
   */
  setMaxEvents(maxEvents: number): void {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new RangeError(`maxEvents must be a positive whole number, got ${maxEvents}`);
    this.opts.maxEvents = maxEvents;
    const change = emptyChange();
    this.evictOverBound(change);
    this.emit(change);
    this.maybeCompact();
  }

  get maxEvents(): number {
    return this.opts.maxEvents;
  }

  /** Applies what other processes wrote since the last look (following stores do this on their own). */
  async refresh(): Promise<void> {
    await this.exclusive(() => this.tail());
  }

  /** Waits for pending writes, lets go of the writer lock, closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stopFollowing();
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    await this.waitForQueue();
    await this.exclusive(async () => {
      await this.flushSyncs();
      this.releaseWriter();
      await this.ev?.fh.close().catch(() => undefined);
      await this.st?.fh.close().catch(() => undefined);
      this.ev = this.st = undefined;
    }, true);
    this.changes.dispose();
  }

  dispose(): void {
    void this.close();
  }

  // ---- writing events ----

  /**
   * Everything queued goes out in one positional write (to the page cache,
   * synchronously, so the log keeps arrival order). With durability 'write'
   * the appends resolve right after it and a background sync follows (see
   * scheduleSync). With 'fsync', group commit: one fdatasync per write, and
   * while MAX_SYNCS syncs are in flight the next requests queue up and go out
   * together; a completed fdatasync covers every write made before it
   * started, so batches are acknowledged in order.
   */
  private kick(): void {
    const strict = this.durability === 'fsync';
    while (this.queue.length && (!strict || this.syncing < MAX_SYNCS) && this.paused === 0 && this.ev) {
      if (!this.writer) {
        if (!this.acquiring) {
          this.acquiring = true;
          void this.exclusive(() => this.becomeWriter(), true)
            .catch((e: unknown) => (e instanceof StoreBusyError ? this.appendViaState(e) : this.failQueue(e)))
            .finally(() => {
              this.acquiring = false;
              this.kick();
            });
        }
        return;
      }
      if (this.releaseTimer) {
        clearTimeout(this.releaseTimer);
        this.releaseTimer = undefined;
      }
      const batch = this.queue;
      this.queue = [];
      // The leading newline closes off a line torn by a crashed writer.
      let text = '\n';
      for (const p of batch) text += p.data;
      const buf = Buffer.from(text);
      const fd = this.ev.fh.fd;
      try {
        if (this.writer.pos + buf.length > this.writer.allocated) {
          const grow = Math.max(PREALLOC_BYTES, buf.length);
          writeFully(fd, Buffer.alloc(grow), this.writer.allocated);
          this.writer.allocated += grow;
        }
        writeFully(fd, buf, this.writer.pos);
        this.writer.pos += buf.length;
      } catch (e) {
        this.log.error(`writing ${EVENT_LOG_FILE} failed: ${errorText(e)}`);
        for (const p of batch) p.reject(e);
        continue;
      }
      if (!strict) {
        // Written: the kernel has it, a kill of this process can no longer lose it.
        this.unsyncedBytes += buf.length;
        this.written(batch);
        this.scheduleSync();
        continue;
      }
      const seq = ++this.writeSeq;
      this.unsynced.push({ seq, batch });
      this.syncing++;
      this.ev.fh.datasync().then(
        () => this.synced(seq, undefined),
        (e: unknown) => this.synced(seq, e),
      );
    }
    this.scheduleRelease();
  }

  /** Applies and acknowledges batches that are durable (as `durability` defines it). */
  private written(batch: Pending[]): void {
    const change = emptyChange();
    for (const p of batch) for (const e of p.events) this.applyEvent(e, change);
    for (const p of batch) this.evRecords += p.events.length;
    for (const p of batch) p.resolve();
    this.emit(change);
    this.maybeCompact();
  }

  private synced(seq: number, error: unknown): void {
    this.syncing--;
    if (error !== undefined) {
      this.log.error(`syncing ${EVENT_LOG_FILE} failed: ${errorText(error)}`);
      const i = this.unsynced.findIndex((u) => u.seq === seq);
      if (i >= 0) for (const p of this.unsynced.splice(i, 1)[0]!.batch) p.reject(error);
    } else {
      const done: Pending[] = [];
      while (this.unsynced.length && this.unsynced[0]!.seq <= seq) done.push(...this.unsynced.shift()!.batch);
      if (done.length) this.written(done);
    }
    if (this.syncing === 0) this.wakeDrained();
    this.kick();
  }

  private maybeCompact(): void {
    if (this.writer && this.evRecords > this.compactThreshold() && !this.compacting) {
      this.compacting = true;
      void this.exclusive(async () => {
        try {
          if (this.writer) await this.compact();
        } catch (e) {
          this.log.warn(`compaction failed (the log stays as it is): ${errorText(e)}`);
        } finally {
          this.compacting = false;
        }
      }, true);
    }
  }

  /**
   * Durability 'write': the background group commit. One fdatasync covers
   * everything written before it started; it runs SYNC_INTERVAL_MS after the
   * first unsynced write (at once past SYNC_AFTER_BYTES), one at a time, in
   * libuv's thread pool, never in the way of a request.
   */
  private scheduleSync(): void {
    if (this.syncing || this.unsyncedBytes === 0 || this.closed) return;
    if (this.unsyncedBytes >= SYNC_AFTER_BYTES) {
      this.syncNow();
      return;
    }
    if (this.syncTimer) return;
    this.syncTimer = setTimeout(() => {
      this.syncTimer = undefined;
      this.syncNow();
    }, this.opts.syncIntervalMs ?? SYNC_INTERVAL_MS);
    this.syncTimer.unref();
  }

  private syncNow(): void {
    this.clearSyncTimer();
    const ev = this.ev;
    if (this.syncing || this.unsyncedBytes === 0 || !ev) return;
    this.unsyncedBytes = 0;
    this.syncing++;
    ev.fh
      .datasync()
      .catch((e: unknown) => this.log.error(`syncing ${EVENT_LOG_FILE} failed (the events are written, a crash of the OS could lose them): ${errorText(e)}`))
      .finally(() => {
        this.syncing--;
        if (this.syncing === 0) this.wakeDrained();
        if (!this.closed) this.scheduleSync();
        this.scheduleRelease();
      });
  }

  private clearSyncTimer(): void {
    if (this.syncTimer) {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
    }
  }

  /** No sync is in flight any more: let waitForSyncs' callers go on. */
  private wakeDrained(): void {
    for (const w of this.drained.splice(0)) w();
  }

  /** Waits for a background sync in flight, then syncs what is still unsynced (close, before a file handle changes). */
  private async flushSyncs(): Promise<void> {
    await this.waitForSyncs();
    this.clearSyncTimer();
    if (this.unsyncedBytes > 0 && this.ev) {
      this.unsyncedBytes = 0;
      await this.ev.fh.datasync().catch((e: unknown) => this.log.error(`syncing ${EVENT_LOG_FILE} failed: ${errorText(e)}`));
    }
  }

  private scheduleRelease(): void {
    if (!this.writer || this.queue.length || this.syncing || this.releaseTimer || this.closed) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      void this.exclusive(async () => {
        if (!this.queue.length && !this.syncing) this.releaseWriter();
      }, true);
    }, LOCK_IDLE_MS);
    this.releaseTimer.unref();
  }

  /** Takes the writer lock, catches up with the file and clears anything a crashed writer left past the last record. Runs paused. */
  private async becomeWriter(): Promise<void> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (;;) {
      const holder = this.tryLock();
      if (holder === undefined) break;
      // Another process captures into this store: don't wait, go through the state log.
      if ((holder !== 0 && holder !== process.pid) || Date.now() > deadline) throw new StoreBusyError(this.dir, holder);
      await new Promise((r) => setTimeout(r, 50));
    }
    process.once('exit', this.onExit);
    try {
      await this.tailEvents(true);
      const ev = this.ev!;
      const end = await logicalEnd(ev.fh, ev.offset);
      const size = (await ev.fh.stat()).size;
      if (size > end && (await hasNonZero(ev.fh, end, size))) {
        writeFully(ev.fh.fd, Buffer.alloc(size - end), end);
        await ev.fh.datasync();
      }
      this.writer = { pos: end, allocated: size };
    } catch (e) {
      this.unlinkLockSync();
      throw e;
    }
  }

  /** Undefined when this process now holds the lock, else the pid holding it. */
  private tryLock(): number | undefined {
    // The lock appears with its text in one step (a hard link to a file already written): created empty and
    // written after, another process could read it empty in between, take it for a crashed writer's and break it.
    const draft = `${this.lockPath}.${process.pid}.${this.writerId}`;
    writeFileSync(draft, `${process.pid} ${this.writerId}\n`);
    try {
      linkSync(draft, this.lockPath);
      return undefined;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      try {
        unlinkSync(draft);
      } catch {
        // gone already
      }
    }
    let text: string;
    try {
      text = readFileSync(this.lockPath, 'utf8');
    } catch {
      return 0; // it went away: try again
    }
    const pid = Number(text.split(' ')[0]);
    if (pid > 0 && pid !== process.pid && isAlive(pid)) return pid;
    if (pid === process.pid) {
      // another store of this process: it lets go when idle
      return pid;
    }
    this.breakStaleLock(text);
    return 0;
  }

  /**
   * Removes a crashed writer's lock whose text is `stale`. Checking the text
   * and removing the file are two steps, so two processes doing both at once
   * could remove a lock the faster one had just taken in between; they take
   * turns through a second lock file (`events.lock.break`, held for the two
   * steps only), and the lock is removed only if it still holds `stale`. A
   * break file older than BREAK_STALE_MS was left by a process that died
   * holding it, and is removed.
   */
  private breakStaleLock(stale: string): void {
    const breakPath = `${this.lockPath}.break`;
    let fd: number;
    try {
      fd = openSync(breakPath, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(breakPath).mtimeMs > BREAK_STALE_MS) unlinkSync(breakPath);
      } catch {
        // gone already
      }
      return; // someone else is breaking it: try again
    }
    try {
      writeSync(fd, `${process.pid} ${this.writerId}\n`);
      closeSync(fd);
      let now: string | undefined;
      try {
        now = readFileSync(this.lockPath, 'utf8');
      } catch {
        now = undefined; // removed already
      }
      if (now === stale) unlinkSync(this.lockPath);
    } finally {
      try {
        unlinkSync(breakPath);
      } catch {
        // removed as stale by someone else
      }
    }
  }

  private releaseWriter(): void {
    if (!this.writer) return;
    if (this.ev) this.ev.offset = this.writer.pos;
    this.writer = undefined;
    this.unlinkLockSync();
    process.removeListener('exit', this.onExit);
  }

  private unlinkLockSync(): void {
    try {
      if (readFileSync(this.lockPath, 'utf8').includes(this.writerId)) unlinkSync(this.lockPath);
    } catch {
      // already gone
    }
  }

  /**
   * While another process holds the writer lock (it is capturing), events this
   * process stores (e.g. ones the user sent) go to the state log instead:
   * appended, fdatasync'd, and read by every store like the events log.
   */
  private appendViaState(busy: StoreBusyError): void {
    const q = this.queue;
    this.queue = [];
    if (!q.length) return;
    this.log.debug(`${busy.message}; storing ${q.length} batch(es) through ${STATE_LOG_FILE}`);
    const records = q.flatMap((p) => p.events.map((e): StateRecord => ({ t: 'e', w: this.writerId, e })));
    this.writeStateRecords(records).then(
      () => q.forEach((p) => p.resolve()),
      (e: unknown) => q.forEach((p) => p.reject(e)),
    );
  }

  private failQueue(e: unknown): void {
    const q = this.queue;
    this.queue = [];
    for (const p of q) p.reject(e);
  }

  private waitForSyncs(): Promise<void> {
    return this.syncing === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
  }

  private async waitForQueue(): Promise<void> {
    while (this.queue.length || this.syncing || this.acquiring) {
      await new Promise<void>((resolve) => (this.syncing ? this.drained.push(resolve) : setTimeout(resolve, 5)));
    }
  }

  private compactThreshold(): number {
    return Math.max(this.opts.maxEvents * 2, this.opts.maxEvents + 1000);
  }

  /** Writes the live events to a new file and renames it over the log. Runs paused, as the writer. */
  private async compact(): Promise<void> {
    const tmp = `${this.evPath}.tmp`;
    let written = 0;
    let count = 0;
    const out = await open(tmp, 'w');
    try {
      // in pieces of a few MiB: the live events can be more than one string can hold
      let piece: string[] = [];
      let pieceChars = 0;
      const flush = async () => {
        const data = Buffer.from(piece.join(''));
        await out.write(data, 0, data.length, written);
        written += data.length;
        piece = [];
        pieceChars = 0;
      };
      for (const e of this.events.values()) {
        // encodeRecords: a lazy event is written from its text, never parsed for this
        const line = encodeRecords([e]);
        piece.push(line);
        pieceChars += line.length;
        count++;
        if (pieceChars >= READ_CHUNK) await flush();
      }
      if (piece.length) await flush();
      await out.write(Buffer.alloc(PREALLOC_BYTES), 0, PREALLOC_BYTES, written);
      await out.sync();
    } finally {
      await out.close();
    }
    await rename(tmp, this.evPath);
    await fsyncDir(this.dir);
    const fresh = await open(this.evPath, constants.O_RDWR);
    const st = await fresh.stat();
    await this.ev?.fh.close().catch(() => undefined);
    this.ev = { fh: fresh, ino: st.ino, offset: written };
    this.writer = { pos: written, allocated: st.size };
    this.evRecords = count;
    this.unsyncedBytes = 0; // the new log was synced above
    this.log.debug(`compacted ${EVENT_LOG_FILE} to ${count} events`);
  }

  // ---- writing state ----

  private writeState(r: StateRecord): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the event store is closed'));
    return this.writeStateRecords([r]);
  }

  private writeStateRecords(records: StateRecord[]): Promise<void> {
    return this.exclusive(async () => {
      await this.tailState(); // apply others' records first, so ours land after them in memory too
      const st = this.st;
      if (!st) throw new Error('the event store is closed');
      await st.fh.write('\n' + records.map((r) => JSON.stringify(r)).join('\n') + '\n');
      await st.fh.datasync();
      const change = emptyChange();
      for (const r of records) this.applyState(r, change);
      this.emit(change);
    });
  }

  // ---- reading ----

  /** Reads both files from the start (at open, or after another process replaced one). */
  private async reload(emit: boolean): Promise<void> {
    const before = emit ? new Map(this.events) : undefined;
    const resolvedBefore = emit ? new Set(this.resolved) : undefined;
    await this.ev?.fh.close().catch(() => undefined);
    await this.st?.fh.close().catch(() => undefined);
    const stFh = await open(this.stPath, 'a+');
    const evFh = await open(this.evPath, constants.O_RDWR | constants.O_CREAT);
    this.st = { fh: stFh, ino: (await stFh.stat()).ino, offset: 0 };
    this.ev = { fh: evFh, ino: (await evFh.stat()).ino, offset: 0 };
    this.events.clear();
    this.resolved.clear();
    this.deletedAt.clear();
    this.clearedAt = -Infinity;
    this.evRecords = 0;
    const scratch = emptyChange();
    const stText = await readLines(stFh, 0);
    this.st.offset = stText.consumed;
    for (const text of stText.texts) for (const r of this.parse(text, stateRecordSchema, STATE_LOG_FILE)) this.applyState(r, scratch);
    const evText = await readLines(evFh, 0);
    this.ev.offset = evText.consumed;
    for (const text of evText.texts) {
      const recs = this.parse(text, eventRecordSchema, EVENT_LOG_FILE);
      this.evRecords += recs.length;
      for (const r of recs) this.applyEvent(loaded(r.e), scratch);
    }
    if (before && resolvedBefore) {
      const change = emptyChange();
      for (const [id, e] of this.events) if (!before.has(id)) change.added.push(e);
      for (const id of before.keys()) if (!this.events.has(id)) change.removed.push(id);
      for (const k of this.resolved) if (!resolvedBefore.has(k)) change.resolvedChanged.push(k);
      for (const k of resolvedBefore) if (!this.resolved.has(k)) change.resolvedChanged.push(k);
      this.emit(change);
    }
  }

  /** Applies what others appended; reloads when a file was replaced. Runs under the lock. */
  private async tail(): Promise<void> {
    if (!this.ev || !this.st) return;
    const [evSt, stSt] = await Promise.all([stat(this.evPath).catch(() => undefined), stat(this.stPath).catch(() => undefined)]);
    if ((evSt && evSt.ino !== this.ev.ino && !this.writer) || (stSt && stSt.ino !== this.st.ino)) {
      // a file handle is about to change: let in-flight syncs finish on the old one
      this.paused++;
      try {
        await this.flushSyncs();
        if (this.writer) this.releaseWriter();
        await this.reload(true);
      } finally {
        this.paused--;
        this.kick();
      }
      return;
    }
    await this.tailState();
    await this.tailEvents(false);
  }

  private async tailState(): Promise<void> {
    const st = this.st;
    if (!st) return;
    const { texts, consumed } = await readLines(st.fh, st.offset);
    st.offset += consumed;
    const change = emptyChange();
    for (const text of texts) for (const r of this.parse(text, stateRecordSchema, STATE_LOG_FILE)) if (r.w !== this.writerId) this.applyState(r, change);
    this.emit(change);
  }

  /** Reads events others wrote (never while this process is the writer, unless `force`). */
  private async tailEvents(force: boolean): Promise<void> {
    const ev = this.ev;
    if (!ev || (this.writer && !force)) return;
    const { texts, consumed } = await readLines(ev.fh, ev.offset);
    ev.offset += consumed;
    const change = emptyChange();
    for (const text of texts) {
      const recs = this.parse(text, eventRecordSchema, EVENT_LOG_FILE);
      this.evRecords += recs.length;
      for (const r of recs) this.applyEvent(loaded(r.e), change);
    }
    this.emit(change);
  }

  private parse<T>(text: string, schema: z.ZodType<T>, file: string): T[] {
    const out: T[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch {
        this.skippedLines++;
        this.log.warn(`skipped an unreadable line in ${file} (${line.length} bytes; a write torn by a crash?)`);
        continue;
      }
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        this.skippedLines++;
        this.log.warn(`skipped a line of unknown shape in ${file}`);
        continue;
      }
      out.push(parsed.data);
    }
    return out;
  }

  private applyEvent(e: StoredEvent, change: StoreChange): void {
    if (e.receivedAt <= this.clearedAt) return;
    const deleted = this.deletedAt.get(e.id);
    if (deleted !== undefined && e.receivedAt <= deleted) return;
    if (this.events.has(e.id)) this.events.delete(e.id);
    this.events.set(e.id, e);
    change.added.push(e);
    this.evictOverBound(change);
  }

  private evictOverBound(change: StoreChange): void {
    while (this.events.size > this.opts.maxEvents) {
      const oldest = this.events.keys().next().value as string;
      this.events.delete(oldest);
      change.removed.push(oldest);
    }
  }

  private applyState(r: StateRecord, change: StoreChange): void {
    switch (r.t) {
      case 'e':
        this.applyEvent(loaded(r.e), change);
        break;
      case 'd':
        for (const id of r.ids) {
          this.deletedAt.set(id, Math.max(this.deletedAt.get(id) ?? -Infinity, r.at));
          const e = this.events.get(id);
          if (e && e.receivedAt <= r.at) {
            this.events.delete(id);
            change.removed.push(id);
          }
        }
        break;
      case 'c':
        this.clearedAt = Math.max(this.clearedAt, r.at);
        for (const [id, e] of this.events) {
          if (e.receivedAt <= r.at) {
            this.events.delete(id);
            change.removed.push(id);
          }
        }
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
      }).catch((e: unknown) => this.log.warn(`reading the event store failed: ${errorText(e)}`));
    };
    try {
      this.watcher = watch(this.dir, { persistent: false }, (_ev, name) => {
        if (name === null || name === EVENT_LOG_FILE || name === STATE_LOG_FILE) kick();
      });
      this.watcher.on('error', () => undefined);
    } catch (e) {
      this.log.debug(`watching ${this.dir} failed, polling only: ${errorText(e)}`);
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

  /** Runs `fn` after every earlier exclusive task; with `pauseWrites`, also with no event write or sync in flight. */
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
}

/** A record's event as the store keeps it: the group key computed when the record left it out (lazyEvent.ts). */
function loaded(e: z.infer<typeof storedEventSchema>): StoredEvent {
  if (e.groupKey === undefined) e.groupKey = eventGroupKey(e.event);
  return e as StoredEvent;
}

function emptyChange(): StoreChange {
  return { added: [], removed: [], cleared: false, resolvedChanged: [] };
}

/**
 * The log lines of `events`: `{"t":"e","e":<stored event>}\n` each, with a
 * lazy event's own JSON text (lazyEvent.ts) where it still holds one. Such a
 * record leaves out the group key, which is derived from the event (the
 * loader computes it again). One string: the store turns a whole batch into
 * bytes at once.
 */
export function encodeRecords(events: readonly StoredEvent[]): string {
  let out = '';
  for (const e of events) {
    const raw = eventJsonOf(e);
    if (raw && !raw.includes('\n')) {
      // Same record as JSON.stringify({ t: 'e', e }) but with the event's own text (it parses to the same object).
      out += `{"t":"e","e":{"id":${JSON.stringify(e.id)},"receivedAt":${JSON.stringify(e.receivedAt)},"source":${JSON.stringify(e.source)}`;
      if (e.projectId !== undefined) out += `,"projectId":${JSON.stringify(e.projectId)}`;
      out += `,"event":${raw}}}\n`;
    } else {
      out += `${JSON.stringify({ t: 'e', e })}\n`;
    }
  }
  return out;
}

function writeFully(fd: number, buf: Buffer, position: number): void {
  let off = 0;
  while (off < buf.length) off += writeSync(fd, buf, off, buf.length - off, position + off);
}

/**
 * Reads from `offset` up to the first zero byte (the preallocated tail) or the
 * end, in growing chunks; returns the complete lines as texts of a few MiB each (a log
 * can be larger than the longest string V8 makes, 512 MiB) and their byte count.
 */
async function readLines(fh: FileHandle, offset: number): Promise<{ texts: string[]; consumed: number }> {
  const texts: string[] = [];
  let consumed = 0;
  let carry: Buffer | undefined;
  let pos = offset;
  // Reads grow from FIRST_READ to READ_CHUNK: a load of a large log reads in big pieces, while a tail does not
  // copy megabytes of the zeroed preallocation to find the few records written since the last one.
  for (let size = FIRST_READ; ; size = Math.min(size * 2, READ_CHUNK)) {
    const buf = Buffer.allocUnsafe(size);
    const { bytesRead } = await fh.read(buf, 0, size, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    let data = buf.subarray(0, bytesRead);
    const zero = data.indexOf(0);
    if (zero >= 0) data = data.subarray(0, zero);
    const all = carry ? Buffer.concat([carry, data]) : data;
    const lastNl = all.lastIndexOf(0x0a);
    if (lastNl >= 0) {
      texts.push(all.subarray(0, lastNl + 1).toString('utf8'));
      consumed += lastNl + 1;
      carry = lastNl + 1 < all.length ? all.subarray(lastNl + 1) : undefined;
    } else {
      carry = all;
    }
    if (zero >= 0) break;
  }
  return { texts, consumed };
}

/** Where the data ends: the first zero byte at or after `from`, else the file size. */
async function logicalEnd(fh: FileHandle, from: number): Promise<number> {
  let pos = from;
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, READ_CHUNK, pos);
    if (bytesRead === 0) return pos;
    const zero = buf.subarray(0, bytesRead).indexOf(0);
    if (zero >= 0) return pos + zero;
    pos += bytesRead;
  }
}

async function hasNonZero(fh: FileHandle, from: number, to: number): Promise<boolean> {
  const buf = Buffer.allocUnsafe(READ_CHUNK);
  for (let pos = from; pos < to; ) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(READ_CHUNK, to - pos), pos);
    if (bytesRead === 0) return false;
    for (let i = 0; i < bytesRead; i++) if (buf[i] !== 0) return true;
    pos += bytesRead;
  }
  return false;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
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

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
