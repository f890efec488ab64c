import { randomBytes } from 'node:crypto';
import { mkdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Emitter, type Disposable, reportTo } from '../../util/emitter';
import { type Logger, silentLogger, tagged } from '../../util/logger';
import { SerialQueue } from '../../util/serialQueue';
import { compactLogs, compactThreshold, stateCompactThreshold } from './compaction';
import { acquire, FileLock } from './fileLock';
import { Follower } from './follower';
import { type CommitSink, type Durability, errorText, GroupCommit, SYNC_INTERVAL_MS } from './groupCommit';
import { KindStore, type KindStoreBackend } from './kindStore';
import { claimTail, type LogAppender, type LogFile } from './logFile';
import { LogReader } from './logReader';
import { ChangeSet, type KindChange, type KindState, MemoryState } from './memoryState';
import { encodeDataLines, encodeStateOp, encodeStoredStateLine, type StateOp } from './recordFormat';
import { checkKind, type KeptRecord, type RecordKind } from './recordKind';
import { EVENT_LOG_FILE, type RecordStoreOptions, STATE_LOCK_FILE, STATE_LOG_FILE, StoreBusyError, StoreClosedError, WRITER_LOCK_FILE } from './storeFiles';

/**
 * The durable local store, shared by every process (VS Code window, CLI)
 * that opens the same directory, generic over kinds of record.
 *
 * Adding a kind (transactions, spans, logs, ...):
 *   1. Define it beside its feature, as eventKind.ts does for events:
 *        export const logKind: RecordKind<StoredLog> = {
 *          name: 'log',                 // written in each record; lowercase
 *          defaultBound: 100_000,       // records kept, oldest dropped
 *          schema: storedLogSchema,     // zod: checks (and may complete) a record read back
 *          encode: (r) => ...,          // optional: the record's JSON text (default JSON.stringify)
 *        };
 *      A record needs an `id` (unique within its kind) and `receivedAt` (ms).
 *   2. Open the store with it: `RecordStore.open(dir, { kinds: [eventKind, logKind],
 *      bounds: { log: settings.maxLogs } })` (EventStore.open takes the same
 *      `kinds`/`bounds` next to its events' options).
 *   3. Use its handle: `const logs = store.kind(logKind)`; `logs.append(records)`,
 *      `list({ limit, filter })` (newest first), `get(id)`, `delete(ids)`,
 *      `clear()`, `setResolved(keys, v)`/`isResolved(key)`, `setBound(n)`,
 *      `onDidChange(({ added, removed, cleared, resolvedChanged }) => ...)`.
 *   Every kind shares the files, the writer lock, group commit, compaction
 *   and following; each has its own bound, deletions, clear and marks. A
 *   store that meets records of a kind it was not opened with keeps them
 *   as they are (bounded), so an older build never drops a newer one's data.
 *
 * The parts (one concern each, under capture/store/):
 *   recordFormat.ts  the lines of the two logs
 *   logFile.ts       the preallocated data log and reading logs
 *   fileLock.ts      the writer lock, the state lock, breaking a dead holder's lock
 *   groupCommit.ts   batching writes, acknowledging, fdatasync (durability)
 *   memoryState.ts   records, resolved marks, deletions, bounds: pure, no disk
 *   logReader.ts     reading the logs into the state (a slice at a time when following)
 *   compaction.ts    rewriting both logs with only what is live
 *   storeFiles.ts    file names, options, errors
 *   follower.ts      noticing other processes' writes
 *   kindStore.ts     the per-kind handle
 *
 * Files: `events.log` (the data log) is written by one process at a time,
 * the holder of `events.lock` (the one whose listener receives records). The
 * lock is taken on the first append (another store of the same process is
 * waited for up to LOCK_WAIT_MS; another live process is not: the records go
 * to the state log) and let go after LOCK_IDLE_MS without writes, so another
 * window can take over capture. `state.log` holds deletes, clears, resolved
 * marks, and records stored while another process holds the writer lock;
 * any process appends to it, holding `state.lock` for the write. The writer
 * compacts both logs (compaction.ts) under the state lock.
 *
 * Crash safety: only an unacknowledged write can be lost; a torn line is
 * skipped (and counted in `skipped`); a new writer zeroes what a crashed one
 * left past the last record; compaction renames complete, synced files.
 */

export { EVENT_LOG_FILE, type RecordStoreOptions, STATE_LOCK_FILE, STATE_LOG_FILE, StoreBusyError, StoreClosedError, WRITER_LOCK_FILE } from './storeFiles';

const LOCK_WAIT_MS = 3000;
const LOCK_IDLE_MS = 1000;
/** Another process holds the state lock for a write (milliseconds) or a compaction (well under a second). */
const STATE_LOCK_WAIT_MS = 10_000;
/** Compaction keeps deletions this recent: an older one covered only records compaction dropped. */
const KEEP_DELETIONS_MS = 60_000;

interface Batch {
  kind: string;
  records: KeptRecord[];
}

export class RecordStore implements KindStoreBackend {
  private readonly state: MemoryState;
  private readonly emitters = new Map<string, Emitter<KindChange>>();
  private readonly handles = new Map<string, KindStore<KeptRecord>>();
  readonly writerId = randomBytes(6).toString('hex');
  private readonly log: Logger;
  private readonly dataPath: string;
  private readonly stPath: string;
  private readonly writerLock: FileLock;
  private readonly stateLock: FileLock;
  private readonly reader: LogReader;
  private stateLinesAfterCompaction = 0;
  /** Set while this store holds the writer lock. */
  private appender: LogAppender | undefined;
  private acquiring = false;
  private releaseTimer: NodeJS.Timeout | undefined;
  private paused = 0;
  private compacting = false;
  private readonly exclusiveQueue = new SerialQueue();
  private readonly commit: GroupCommit<Batch>;
  private follower: Follower | undefined;
  private tailQueued = false;
  closed = false;
  private readonly onExit = () => this.writerLock.release();

  private get data(): LogFile | undefined {
    return this.reader.data;
  }

  private get st(): LogFile | undefined {
    return this.reader.st;
  }

  private constructor(
    readonly dir: string,
    private readonly opts: RecordStoreOptions,
  ) {
    this.log = tagged(opts.logger ?? silentLogger, 'store');
    this.dataPath = join(dir, EVENT_LOG_FILE);
    this.stPath = join(dir, STATE_LOG_FILE);
    this.writerLock = new FileLock(join(dir, WRITER_LOCK_FILE), this.writerId);
    this.stateLock = new FileLock(join(dir, STATE_LOCK_FILE), this.writerId);
    this.state = new MemoryState(opts.kinds, opts.bounds);
    this.reader = new LogReader(
      { data: this.dataPath, state: this.stPath, dataName: EVENT_LOG_FILE, stateName: STATE_LOG_FILE },
      this.state,
      this.writerId,
      this.log,
      (changes) => this.emit(changes),
    );
    this.commit = new GroupCommit<Batch>(this.sink, opts.durability ?? 'write', opts.syncIntervalMs ?? SYNC_INTERVAL_MS, this.log, EVENT_LOG_FILE);
  }

  static async open(dir: string, opts: RecordStoreOptions): Promise<RecordStore> {
    for (const k of opts.kinds) checkKind(k);
    if (new Set(opts.kinds.map((k) => k.name)).size !== opts.kinds.length) throw new RangeError('each record kind must be given once');
    if (opts.durability !== undefined && opts.durability !== 'write' && opts.durability !== 'fsync') {
      throw new RangeError(`durability must be 'write' or 'fsync', got ${String(opts.durability)}`);
    }
    if (opts.syncIntervalMs !== undefined && !(opts.syncIntervalMs >= 0 && opts.syncIntervalMs <= 60_000)) {
      throw new RangeError(`syncIntervalMs must be from 0 to 60000, got ${opts.syncIntervalMs}`);
    }
    await mkdir(dir, { recursive: true });
    const store = new RecordStore(dir, opts);
    await store.reload(false);
    if (opts.follow) store.follower = new Follower(dir, [EVENT_LOG_FILE, STATE_LOG_FILE], opts.pollIntervalMs ?? 1000, () => store.followUp(), store.log);
    return store;
  }

  /** The handle of `kind`, which the store was opened with. */
  kind<R extends KeptRecord>(kind: RecordKind<R>): KindStore<R> {
    if (!this.opts.kinds.includes(kind)) throw new RangeError(`the store was not opened with the '${kind.name}' kind`);
    let h = this.handles.get(kind.name);
    if (!h) this.handles.set(kind.name, (h = new KindStore(kind as RecordKind<KeptRecord>, this)));
    return h as unknown as KindStore<R>;
  }

  get durability(): Durability {
    return this.commit.durability;
  }

  /** Lines of the logs that could not be read (torn writes, foreign data), for diagnostics. */
  get skipped(): number {
    return this.reader.skipped;
  }

  /** Applies what other processes wrote since the last look (following stores do this on their own). */
  async refresh(): Promise<void> {
    await this.exclusive(() => this.tail());
  }

  /** Waits for pending writes, lets go of the writer lock, closes the files. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.follower?.dispose();
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    await this.commit.waitForQueue(() => this.acquiring);
    await this.exclusive(async () => {
      await this.commit.flushSyncs();
      this.commit.close();
      this.releaseWriter();
      await this.reader.close();
    }, true);
    for (const e of this.emitters.values()) e.dispose();
  }

  dispose(): void {
    void this.close();
  }

  // ---- KindStoreBackend ----

  stateOf(kind: string): KindState {
    return this.state.kind(kind);
  }

  append<R extends KeptRecord>(kind: RecordKind<R>, records: R[]): Promise<void> {
    if (!records.length) return Promise.resolve();
    if (this.closed) return Promise.reject(new StoreClosedError());
    return this.commit.enqueue({ kind: kind.name, records }, encodeDataLines(kind, records));
  }

  writeOps(ops: StateOp[]): Promise<void> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    return this.writeState(
      ops.map((op) => encodeStateOp(op)),
      (changes) => ops.forEach((op) => this.state.apply(op, changes)),
    );
  }

  setBound(kind: string, bound: number): void {
    const changes = new ChangeSet();
    this.state.setBound(kind, bound, changes);
    this.emit(changes);
    this.maybeCompact();
  }

  subscribe(kind: string, listener: (change: KindChange) => void): Disposable {
    let e = this.emitters.get(kind);
    if (!e) this.emitters.set(kind, (e = new Emitter<KindChange>(reportTo(() => this.log, `a listener of the store's ${kind} changes`))));
    return e.event(listener);
  }

  // ---- writing records (group commit into the data log) ----

  private readonly sink: CommitSink<Batch> = {
    readiness: () => (this.paused > 0 || !this.data ? 'blocked' : this.appender ? 'ready' : 'acquire'),
    acquire: () => {
      if (this.acquiring) return;
      this.acquiring = true;
      void this.exclusive(() => this.becomeWriter(), true)
        .catch((e: unknown) => (e instanceof StoreBusyError ? this.appendViaState(e) : this.failQueue(e)))
        .finally(() => {
          this.acquiring = false;
          this.commit.kick();
        });
    },
    write: (buf) => {
      if (this.releaseTimer) {
        clearTimeout(this.releaseTimer);
        this.releaseTimer = undefined;
      }
      this.appender!.write(buf);
    },
    datasync: () => this.data?.fh.datasync(),
    durable: (batches) => {
      const changes = new ChangeSet();
      for (const b of batches) {
        const weight = this.state.addAll(b.kind, b.records, changes);
        this.reader.dataLines.set(b.kind, (this.reader.dataLines.get(b.kind) ?? 0) + weight);
      }
      this.emit(changes);
      this.maybeCompact();
    },
    idle: () => this.scheduleRelease(),
  };

  private scheduleRelease(): void {
    if (!this.appender || this.commit.busy || this.releaseTimer || this.closed) return;
    this.releaseTimer = setTimeout(() => {
      this.releaseTimer = undefined;
      void this.exclusive(async () => {
        if (!this.commit.busy) this.releaseWriter();
      }, true);
    }, LOCK_IDLE_MS);
    this.releaseTimer.unref();
  }

  /** Takes the writer lock, catches up with the data log and claims its tail. Runs paused. */
  private async becomeWriter(): Promise<void> {
    const holder = await acquire(this.writerLock, { waitMs: LOCK_WAIT_MS, pollMs: 50, waitForOthers: false });
    // Another process captures into this store: don't wait, go through the state log.
    if (holder !== undefined) throw new StoreBusyError(this.dir, holder);
    process.once('exit', this.onExit);
    try {
      await this.tailData(true);
      this.appender = await claimTail(this.data!.fh, this.data!.offset);
    } catch (e) {
      this.writerLock.release();
      process.removeListener('exit', this.onExit);
      throw e;
    }
  }

  private releaseWriter(): void {
    if (!this.appender) return;
    if (this.data) this.data.offset = this.appender.pos;
    this.appender = undefined;
    this.writerLock.release();
    process.removeListener('exit', this.onExit);
  }

  /**
   * While another process holds the writer lock (it is capturing), records
   * this store is given (e.g. events the user sent) go to the state log
   * instead, and every store reads them from there.
   */
  private appendViaState(busy: StoreBusyError): void {
    const q = this.commit.take();
    if (!q.length) return;
    this.log.debug(`${busy.message}; storing ${q.length} batch(es) through ${STATE_LOG_FILE}`);
    const lines = q.flatMap((p) => p.item.records.map((r) => encodeStoredStateLine(this.state.kind(p.item.kind).kind, this.writerId, r)));
    this.writeState(lines, (changes) => q.forEach((p) => p.item.records.forEach((r) => this.state.add(p.item.kind, r, changes)))).then(
      () => q.forEach((p) => p.resolve()),
      (e: unknown) => q.forEach((p) => p.reject(e)),
    );
  }

  private failQueue(e: unknown): void {
    for (const p of this.commit.take()) p.reject(e);
  }

  // ---- writing state ----

  /** Appends `lines` to the state log (holding the state lock, after catching up with it), then applies them here. */
  private writeState(lines: string[], apply: (changes: ChangeSet) => void): Promise<void> {
    return this.exclusive(async () => {
      await this.withStateLock(async () => {
        const now = await stat(this.stPath).catch(() => undefined);
        if (now && this.st && now.ino !== this.st.ino) await this.tail(); // compacted by the writer: reload
        else await this.tailState();
        const st = this.st;
        if (!st) throw new StoreClosedError();
        await st.fh.write('\n' + lines.join('\n') + '\n');
        await st.fh.datasync();
        this.reader.stateLines += lines.length;
      });
      const changes = new ChangeSet();
      apply(changes);
      this.emit(changes);
      this.maybeCompact();
    });
  }

  private async withStateLock<T>(fn: () => Promise<T>): Promise<T> {
    const holder = await acquire(this.stateLock, { waitMs: STATE_LOCK_WAIT_MS, pollMs: 5, waitForOthers: true });
    if (holder !== undefined) throw new StoreBusyError(this.dir, holder);
    try {
      return await fn();
    } finally {
      this.stateLock.release();
    }
  }

  // ---- compaction ----

  private maybeCompact(): void {
    if (!this.appender || this.compacting || this.closed) return;
    let over = this.reader.stateLines > stateCompactThreshold(this.stateLinesAfterCompaction);
    for (const s of this.state.all()) if ((this.reader.dataLines.get(s.kind.name) ?? 0) > compactThreshold([s.bound])) over = true;
    if (!over) return;
    this.compacting = true;
    void this.exclusive(async () => {
      try {
        if (this.appender) await this.withStateLock(() => this.compact());
      } catch (e) {
        this.log.warn(`compaction failed (the logs stay as they are): ${errorText(e)}`);
      } finally {
        this.compacting = false;
      }
    }, true);
  }

  /** Rewrites both logs (compaction.ts). Runs paused, as the writer, holding the state lock. */
  private async compact(): Promise<void> {
    await this.tailState();
    const r = await compactLogs({ data: this.dataPath, state: this.stPath }, this.state, this.reader, this.writerId, Date.now() - KEEP_DELETIONS_MS);
    this.appender = r.appender;
    this.commit.markSynced(); // the new log was synced
    this.stateLinesAfterCompaction = r.stateLines;
    this.log.debug(`compacted ${EVENT_LOG_FILE} to ${r.records} records and ${STATE_LOG_FILE} to ${r.stateLines} lines`);
  }

  // ---- reading ----

  private reload(emit: boolean): Promise<void> {
    return this.reader.reload(emit);
  }

  /** Applies what others appended; reloads when a file was replaced. Runs in the exclusive queue. */
  private async tail(): Promise<void> {
    if (!this.data || !this.st) return;
    const [d, s] = await Promise.all([stat(this.dataPath).catch(() => undefined), stat(this.stPath).catch(() => undefined)]);
    if ((d && d.ino !== this.data.ino && !this.appender) || (s && s.ino !== this.st.ino)) {
      // a file handle is about to change: let in-flight syncs finish on the old one
      this.paused++;
      try {
        await this.commit.flushSyncs();
        if (this.appender) this.releaseWriter();
        await this.reload(true);
      } finally {
        this.paused--;
        this.commit.kick();
      }
      return;
    }
    await this.tailState();
    await this.tailData(false);
  }

  private tailState(): Promise<void> {
    return this.reader.tailState();
  }

  /** Reads records others wrote (never while this store is the writer, unless `force`). */
  private async tailData(force: boolean): Promise<void> {
    if (this.appender && !force) return;
    await this.reader.tailData();
  }

  private emit(changes: ChangeSet): void {
    for (const [kind, c] of this.state.settle(changes)) this.emitters.get(kind)?.fire(c);
  }

  // ---- following ----

  private followUp(): void {
    if (this.tailQueued || this.closed) return;
    this.tailQueued = true;
    void this.exclusive(async () => {
      this.tailQueued = false;
      if (!this.closed) await this.tail();
    }).catch((e: unknown) => this.log.warn(`reading the store failed: ${errorText(e)}`));
  }

  /** Runs `fn` after every earlier exclusive task; with `pauseWrites`, also with no data write or sync in flight. */
  private exclusive<T>(fn: () => Promise<T>, pauseWrites = false): Promise<T> {
    return this.exclusiveQueue.run(async () => {
      if (!pauseWrites) return fn();
      this.paused++;
      try {
        await this.commit.waitForSyncs();
        return await fn();
      } finally {
        this.paused--;
        this.commit.kick();
      }
    });
  }
}
