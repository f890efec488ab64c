import type { Logger } from '../../util/logger';
import type { Durability } from './groupCommit';
import type { KeptRecord, RecordKind } from './recordKind';

/** The store's files in its directory, its options and its typed errors. */

export const EVENT_LOG_FILE = 'events.log';
export const STATE_LOG_FILE = 'state.log';
export const WRITER_LOCK_FILE = 'events.lock';
export const STATE_LOCK_FILE = 'state.lock';

/** Another live process holds the store's lock (appends then go through the state log). */
export class StoreBusyError extends Error {
  readonly code = 'STORE_BUSY';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`another process (pid ${pid}) is writing captured events to ${dir}`);
    this.name = 'StoreBusyError';
  }
}

/** The store was used after close(). */
export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('the event store is closed');
    this.name = 'StoreClosedError';
  }
}

export interface RecordStoreOptions {
  kinds: ReadonlyArray<RecordKind<KeptRecord>>;
  /** Bounds by kind name, instead of the kinds' defaults. */
  bounds?: Readonly<Record<string, number>>;
  logger?: Logger;
  /** Watch the files and apply what other processes write (default false). */
  follow?: boolean;
  /** Fallback poll while following, in ms (default 1000). */
  pollIntervalMs?: number;
  /** When `append` resolves (see groupCommit.ts); default 'write'. */
  durability?: Durability;
  /** With durability 'write', the longest time written records wait for their fdatasync, in ms (default 100). */
  syncIntervalMs?: number;
}
