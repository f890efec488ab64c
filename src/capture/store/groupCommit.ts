import type { Logger } from '../../util/logger';

/**
 * Group commit: appends made in the same turn of the event loop go out in
 * one positional write, and one fdatasync covers every write made before it
 * started. When an append resolves depends on `durability`:
 * - `'write'` (default): once its records are written to the file, i.e. in
 *   the kernel's page cache. That is what "an acknowledged record survives a
 *   kill -9 of the process" needs: the kernel owns written data whatever
 *   happens to the process. Syncing to the disk only matters for a crash of
 *   the OS or a power loss; it runs in the background, off the request path
 *   (one fdatasync for everything written in the last `syncIntervalMs`,
 *   sooner after SYNC_AFTER_BYTES, and on close). Measured on a shared disk
 *   an fdatasync takes 2-7 ms, which capped an acknowledged-after-sync
 *   listener at a few thousand events/s with 20 concurrent clients whatever
 *   the CPU did; with 'write' the disk is off the request path.
 * - `'fsync'`: only once they are fdatasync'd (survives an OS crash or a
 *   power loss too). While a sync is in flight the next requests queue up and
 *   go out together; MAX_SYNCS allows more syncs in flight, which measured
 *   slower on a shared disk.
 * What it writes to, and when it may, is the store's business (CommitSink).
 */

export type Durability = 'write' | 'fsync';

/** Where group commit writes, as the store tells it. */
export interface CommitSink<T> {
  /** 'ready' to write now; 'acquire' when the writer role must be taken first (the sink calls kick() after); 'blocked' to wait (paused, closed). */
  readiness(): 'ready' | 'acquire' | 'blocked';
  acquire(): void;
  /** Writes `buf` (synchronously, in order); throws when it cannot. */
  write(buf: Buffer): void;
  /** fdatasync of the file written to (undefined when there is none). */
  datasync(): Promise<void> | undefined;
  /** The items of acknowledged batches, in order, before their appends resolve. */
  durable(items: T[]): void;
  /** Nothing is left to write for now (the writer role may be let go when idle). */
  idle(): void;
}

interface Pending<T> {
  item: T;
  /** The records, each a line ending in a newline. */
  data: string;
  resolve: () => void;
  reject: (e: unknown) => void;
}

const MAX_SYNCS = 1;
export const SYNC_INTERVAL_MS = 100;
/** With durability 'write', more unsynced bytes than this start the background sync at once. */
const SYNC_AFTER_BYTES = 4 * 1024 * 1024;

export class GroupCommit<T> {
  private queue: Array<Pending<T>> = [];
  private unsynced: Array<{ seq: number; batch: Array<Pending<T>> }> = [];
  private writeSeq = 0;
  private syncing = 0;
  /** A turn-of-the-loop flush is scheduled (durability 'write'). */
  private flushQueued = false;
  /** Bytes written since the last fdatasync started (durability 'write'). */
  private unsyncedBytes = 0;
  private syncTimer: NodeJS.Timeout | undefined;
  private drained: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly sink: CommitSink<T>,
    readonly durability: Durability,
    private readonly syncIntervalMs: number,
    private readonly log: Logger,
    /** For messages: the file written to. */
    private readonly file: string,
  ) {}

  /** Queues `data` (lines of `item`'s records); resolves once durable as `durability` defines it. */
  enqueue(item: T, data: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ item, data, resolve, reject });
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

  /** Writes what is queued, if the sink is ready. */
  kick(): void {
    const strict = this.durability === 'fsync';
    while (this.queue.length && (!strict || this.syncing < MAX_SYNCS)) {
      const ready = this.sink.readiness();
      if (ready === 'blocked') break;
      if (ready === 'acquire') {
        this.sink.acquire();
        return;
      }
      const batch = this.queue;
      this.queue = [];
      // The leading newline closes off a line torn by a crashed writer.
      let text = '\n';
      for (const p of batch) text += p.data;
      const buf = Buffer.from(text);
      try {
        this.sink.write(buf);
      } catch (e) {
        this.log.error(`writing ${this.file} failed: ${errorText(e)}`);
        for (const p of batch) p.reject(e);
        continue;
      }
      if (!strict) {
        // Written: the kernel has it, a kill of this process can no longer lose it.
        this.unsyncedBytes += buf.length;
        this.acknowledge(batch);
        this.scheduleSync();
        continue;
      }
      const seq = ++this.writeSeq;
      this.unsynced.push({ seq, batch });
      this.syncing++;
      (this.sink.datasync() ?? Promise.resolve()).then(
        () => this.synced(seq, undefined),
        (e: unknown) => this.synced(seq, e),
      );
    }
    this.sink.idle();
  }

  /** Takes what is queued and not yet written (for the caller to store another way or fail). */
  take(): Array<{ item: T; resolve: () => void; reject: (e: unknown) => void }> {
    const q = this.queue;
    this.queue = [];
    return q;
  }

  /** Something is queued or a sync is in flight. */
  get busy(): boolean {
    return this.queue.length > 0 || this.syncing > 0;
  }

  /** The file was replaced by one already synced (compaction): nothing written is unsynced any more. */
  markSynced(): void {
    this.unsyncedBytes = 0;
  }

  waitForSyncs(): Promise<void> {
    return this.syncing === 0 ? Promise.resolve() : new Promise((resolve) => this.drained.push(resolve));
  }

  /** Waits until nothing is queued, no sync is in flight and `alsoBusy` is false. */
  async waitForQueue(alsoBusy: () => boolean): Promise<void> {
    while (this.queue.length || this.syncing || alsoBusy()) {
      await new Promise<void>((resolve) => (this.syncing ? this.drained.push(resolve) : setTimeout(resolve, 5)));
    }
  }

  /** Waits for a background sync in flight, then syncs what is still unsynced (close, before a file handle changes). */
  async flushSyncs(): Promise<void> {
    await this.waitForSyncs();
    this.clearSyncTimer();
    if (this.unsyncedBytes > 0) {
      const sync = this.sink.datasync();
      if (!sync) return;
      this.unsyncedBytes = 0;
      await sync.catch((e: unknown) => this.log.error(`syncing ${this.file} failed: ${errorText(e)}`));
    }
  }

  /** No more background syncs (the caller flushes what is left). */
  close(): void {
    this.closed = true;
    this.clearSyncTimer();
  }

  private acknowledge(batch: Array<Pending<T>>): void {
    this.sink.durable(batch.map((p) => p.item));
    for (const p of batch) p.resolve();
  }

  private synced(seq: number, error: unknown): void {
    this.syncing--;
    if (error !== undefined) {
      this.log.error(`syncing ${this.file} failed: ${errorText(error)}`);
      const i = this.unsynced.findIndex((u) => u.seq === seq);
      if (i >= 0) for (const p of this.unsynced.splice(i, 1)[0]!.batch) p.reject(error);
    } else {
      const done: Array<Pending<T>> = [];
      while (this.unsynced.length && this.unsynced[0]!.seq <= seq) done.push(...this.unsynced.shift()!.batch);
      if (done.length) this.acknowledge(done);
    }
    if (this.syncing === 0) this.wakeDrained();
    this.kick();
  }

  /**
   * Durability 'write': the background sync. It runs `syncIntervalMs` after
   * the first unsynced write (at once past SYNC_AFTER_BYTES), one at a time,
   * in libuv's thread pool, never in the way of a request.
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
    }, this.syncIntervalMs);
    this.syncTimer.unref();
  }

  private syncNow(): void {
    this.clearSyncTimer();
    if (this.syncing || this.unsyncedBytes === 0) return;
    const sync = this.sink.datasync();
    if (!sync) return;
    this.unsyncedBytes = 0;
    this.syncing++;
    sync
      .catch((e: unknown) => this.log.error(`syncing ${this.file} failed (the records are written, a crash of the OS could lose them): ${errorText(e)}`))
      .finally(() => {
        this.syncing--;
        if (this.syncing === 0) this.wakeDrained();
        if (!this.closed) this.scheduleSync();
        this.sink.idle();
      });
  }

  private clearSyncTimer(): void {
    if (this.syncTimer) {
      clearTimeout(this.syncTimer);
      this.syncTimer = undefined;
    }
  }

  private wakeDrained(): void {
    for (const w of this.drained.splice(0)) w();
  }
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
