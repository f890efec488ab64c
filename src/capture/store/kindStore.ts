import type { Disposable } from '../../util/emitter';
import type { KindChange, KindState } from './memoryState';
import type { StateOp } from './recordFormat';
import { DEFAULT_KIND, type KeptRecord, type RecordKind } from './recordKind';

/** What a KindStore needs of the store it belongs to (recordStore.ts). */
export interface KindStoreBackend {
  readonly writerId: string;
  readonly closed: boolean;
  stateOf(kind: string): KindState;
  append<R extends KeptRecord>(kind: RecordKind<R>, records: R[]): Promise<void>;
  writeOps(ops: StateOp[]): Promise<void>;
  setBound(kind: string, bound: number): void;
  subscribe(kind: string, listener: (change: KindChange) => void): Disposable;
}

/**
 * The records of one kind in a store: read them, add, delete, clear, mark
 * keys resolved, change the bound, hear of changes. Every write is durable
 * when its promise resolves (see groupCommit.ts), and is seen by every
 * process that follows the store.
 */
export class KindStore<R extends KeptRecord> {
  constructor(
    readonly kind: RecordKind<R>,
    private readonly backend: KindStoreBackend,
  ) {}

  private get state(): KindState<R> {
    return this.backend.stateOf(this.kind.name) as unknown as KindState<R>;
  }

  /** How many records are kept. */
  get size(): number {
    return this.state.records.size;
  }

  /** What the kept records weigh together, as the bound counts them (RecordKind.weight; `size` without one). */
  get weight(): number {
    return this.state.weight;
  }

  /** Newest first. */
  list(opts: { limit?: number; filter?: (r: R) => boolean } = {}): R[] {
    return this.state.list(opts.limit, opts.filter);
  }

  get(id: string): R | undefined {
    return this.state.records.get(id);
  }

  isResolved(key: string): boolean {
    return this.state.resolved.has(key);
  }

  append(records: R[]): Promise<void> {
    return this.backend.append(this.kind, records);
  }

  delete(ids: string[]): Promise<void> {
    if (!ids.length) return Promise.resolve();
    const s = this.state;
    const at = Math.max(Date.now(), ...ids.map((id) => s.records.get(id)?.receivedAt ?? 0));
    return this.backend.writeOps([{ t: 'd', w: this.backend.writerId, kind: this.kindField, at, ids }]);
  }

  /** Removes every record received until now, and every resolved mark. */
  clear(): Promise<void> {
    let at = Date.now();
    for (const r of this.state.records.values()) at = Math.max(at, r.receivedAt);
    return this.backend.writeOps([{ t: 'c', w: this.backend.writerId, kind: this.kindField, at }]);
  }

  setResolved(keys: string[], resolved: boolean): Promise<void> {
    if (!keys.length) return Promise.resolve();
    return this.backend.writeOps([{ t: 'r', w: this.backend.writerId, kind: this.kindField, at: Date.now(), k: keys, v: resolved }]);
  }

  get bound(): number {
    return this.state.bound;
  }

  /** A lower bound drops the oldest records beyond it at once (reported as removed); a higher one keeps more from now on. */
  setBound(bound: number): void {
    this.backend.setBound(this.kind.name, bound);
  }

  readonly onDidChange = (listener: (change: KindChange<R>) => void): Disposable =>
    this.backend.subscribe(this.kind.name, listener as (change: KindChange) => void);

  private get kindField(): string | undefined {
    return this.kind.name === DEFAULT_KIND ? undefined : this.kind.name;
  }
}
