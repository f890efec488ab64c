import type { Disposable } from '../../../util/emitter';
import type { Logger } from '../../../util/logger';
import { eventKind, eventKindWithGroupKeys } from './eventKind';
import type { Durability } from '../../store/groupCommit';
import type { KindStore } from '../../store/kindStore';
import { encodeDataLines } from '../../store/recordFormat';
import type { KeptRecord, RecordKind } from '../../store/recordKind';
import { RecordStore } from '../../store/recordStore';
import type { EventStoreApi, StoreChange, StoredEvent } from './storedEvent';

/**
 * The durable local event store: a RecordStore (store/recordStore.ts, which
 * says how the files, locks, durability, compaction and following work)
 * opened with the event kind, plus any other kinds the caller keeps in the
 * same directory (`kinds`, `bounds`; reach them through `records.kind(k)`).
 * This class is the events' face of it, as the tree, the listener and the
 * CLI use it.
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
  /** Other kinds of record kept in the same store (transactions, spans, logs, ...). */
  kinds?: ReadonlyArray<RecordKind<KeptRecord>>;
  /** Their bounds by kind name, instead of their defaults. */
  bounds?: Readonly<Record<string, number>>;
  /** Write each event's group key in its record (derived here), so that following readers need not derive it (default false). */
  writeGroupKeys?: boolean;
}

export type { Durability } from '../../store/groupCommit';
export { EVENT_LOG_FILE, STATE_LOCK_FILE, STATE_LOG_FILE, StoreBusyError, StoreClosedError, WRITER_LOCK_FILE } from '../../store/recordStore';

export class EventStore implements EventStoreApi {
  private readonly events: KindStore<StoredEvent>;
  readonly onDidChange: (listener: (change: StoreChange) => void) => Disposable;

  private constructor(
    readonly records: RecordStore,
    kind: RecordKind<StoredEvent>,
  ) {
    this.events = records.kind(kind);
    this.onDidChange = this.events.onDidChange;
  }

  static async open(dir: string, opts: EventStoreOptions): Promise<EventStore> {
    if (!Number.isInteger(opts.maxEvents) || opts.maxEvents < 1) {
      throw new RangeError(`maxEvents must be a positive integer, got ${opts.maxEvents}`);
    }
    const kind = opts.writeGroupKeys ? eventKindWithGroupKeys : eventKind;
    const records = await RecordStore.open(dir, {
      kinds: [kind, ...(opts.kinds ?? [])],
      bounds: { ...opts.bounds, [eventKind.name]: opts.maxEvents },
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.follow !== undefined ? { follow: opts.follow } : {}),
      ...(opts.pollIntervalMs !== undefined ? { pollIntervalMs: opts.pollIntervalMs } : {}),
      ...(opts.durability !== undefined ? { durability: opts.durability } : {}),
      ...(opts.syncIntervalMs !== undefined ? { syncIntervalMs: opts.syncIntervalMs } : {}),
    });
    return new EventStore(records, kind);
  }

  get dir(): string {
    return this.records.dir;
  }

  /** When `append` resolves (see EventStoreOptions). */
  get durability(): Durability {
    return this.records.durability;
  }

  get size(): number {
    return this.events.size;
  }

  /** Lines of the logs that could not be read (torn writes, foreign data), for diagnostics. */
  get skipped(): number {
    return this.records.skipped;
  }

  list(opts: { limit?: number; filter?: (e: StoredEvent) => boolean } = {}): StoredEvent[] {
    return this.events.list(opts);
  }

  get(id: string): StoredEvent | undefined {
    return this.events.get(id);
  }

  isResolved(groupKey: string): boolean {
    return this.events.isResolved(groupKey);
  }

  append(events: StoredEvent[]): Promise<void> {
    return this.events.append(events);
  }

  delete(ids: string[]): Promise<void> {
    return this.events.delete(ids);
  }

  clear(): Promise<void> {
    return this.events.clear();
  }

  setResolved(groupKeys: string[], resolved: boolean): Promise<void> {
    return this.events.setResolved(groupKeys, resolved);
  }

  /**
   * Changes the bound: a lower one drops the oldest events beyond it at once
   * (reported as removed) and, when this store is the writer, compacts the
   * log if it now holds more than about twice the bound; a higher one keeps
   * more from now on.
   */
  setMaxEvents(maxEvents: number): void {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new RangeError(`maxEvents must be a positive whole number, got ${maxEvents}`);
    this.events.setBound(maxEvents);
  }

  get maxEvents(): number {
    return this.events.bound;
  }

  /** Applies what other processes wrote since the last look (following stores do this on their own). */
  refresh(): Promise<void> {
    return this.records.refresh();
  }

  /** Waits for pending writes, lets go of the writer lock, closes the files. */
  close(): Promise<void> {
    return this.records.close();
  }

  dispose(): void {
    this.records.dispose();
  }
}

/** The data-log lines of `events` (see store/recordFormat.ts), as the store writes them. */
export function encodeRecords(events: readonly StoredEvent[]): string {
  return encodeDataLines(eventKind, events);
}

export type { KeptRecord, RecordKind };
