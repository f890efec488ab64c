import { z } from 'zod';
import { checkBound, DEFAULT_KIND, type KeptRecord, type RecordKind } from './recordKind';
import { kindOfLine, type StateOp } from './recordFormat';

/**
 * What the store holds in memory, for every kind: the records (in arrival
 * order, oldest dropped beyond the kind's bound), the keys marked resolved,
 * and the deletions and the clear that later records must respect. Pure: it
 * is fed records and state changes, in the order the logs hold them, and
 * touches no disk, so it is tested with records alone.
 *
 * Deletes and clears carry a time and apply to records received up to then,
 * so records and state changes from different files never need a common
 * order: a record that arrives after a deletion of its id but was received
 * before it stays deleted.
 */

/** What changed in one kind, as listeners see it. */
export interface KindChange<R extends KeptRecord = KeptRecord> {
  added: R[];
  removed: string[];
  cleared: boolean;
  /** Keys whose resolved mark changed. */
  resolvedChanged: string[];
}

export function emptyChange<R extends KeptRecord>(): KindChange<R> {
  return { added: [], removed: [], cleared: false, resolvedChanged: [] };
}

/** The changes of one batch of work, per kind. */
export class ChangeSet {
  readonly byKind = new Map<string, KindChange>();

  of(kind: string): KindChange {
    let c = this.byKind.get(kind);
    if (!c) this.byKind.set(kind, (c = emptyChange()));
    return c;
  }
}

/** The records, marks, deletions and bound of one kind. */
export class KindState<R extends KeptRecord = KeptRecord> {
  private readonly byId = new Map<string, R>();
  /** Oldest first; changed only through set, delete and clear, which keep `weight`. */
  get records(): ReadonlyMap<string, R> {
    return this.byId;
  }
  readonly resolved = new Set<string>();
  clearedAt = -Infinity;
  readonly deletedAt = new Map<string, number>();
  private total = 0;

  constructor(
    readonly kind: RecordKind<R>,
    public bound: number,
  ) {}

  /** The records' weights together (RecordKind.weight; the record count for kinds without one). */
  get weight(): number {
    return this.total;
  }

  weightOf(r: R): number {
    return this.kind.weight ? this.kind.weight(r) : 1;
  }

  set(r: R): void {
    this.delete(r.id);
    this.byId.set(r.id, r);
    this.total += this.weightOf(r);
  }

  delete(id: string): boolean {
    const r = this.records.get(id);
    if (!r) return false;
    this.byId.delete(id);
    this.total -= this.weightOf(r);
    return true;
  }

  clear(): void {
    this.byId.clear();
    this.total = 0;
  }

  /** Newest first, at most `limit`, those `filter` accepts. */
  list(limit = Infinity, filter?: (r: R) => boolean): R[] {
    const all = [...this.records.values()];
    const out: R[] = [];
    for (let i = all.length - 1; i >= 0 && out.length < limit; i--) {
      const r = all[i]!;
      if (!filter || filter(r)) out.push(r);
    }
    return out;
  }
}

/** A record of a kind this build does not know (written by a newer one): kept as it is, bounded, never interpreted. */
const opaqueRecordSchema = z.looseObject({ id: z.string().min(1), receivedAt: z.number() });
export const OPAQUE_BOUND = 10_000;

export function opaqueKind(name: string): RecordKind<KeptRecord> {
  return { name, defaultBound: OPAQUE_BOUND, schema: opaqueRecordSchema };
}

export class MemoryState {
  private readonly kinds = new Map<string, KindState>();

  constructor(kinds: ReadonlyArray<RecordKind<KeptRecord>>, bounds: Readonly<Record<string, number>> = {}) {
    for (const k of kinds) {
      const bound = bounds[k.name] ?? k.defaultBound;
      checkBound(k.name, bound);
      this.kinds.set(k.name, new KindState(k, bound));
    }
  }

  /** The state of `name`; a kind never registered is kept opaque (see opaqueKind). */
  kind(name: string): KindState {
    let s = this.kinds.get(name);
    if (!s) this.kinds.set(name, (s = new KindState(opaqueKind(name), OPAQUE_BOUND)));
    return s;
  }

  /** Registered and opaque kinds alike. */
  all(): IterableIterator<KindState> {
    return this.kinds.values();
  }

  /** Records of every kind. */
  get count(): number {
    let n = 0;
    for (const s of this.kinds.values()) n += s.records.size;
    return n;
  }

  /** Forgets everything (before a reload); bounds and kinds stay. */
  reset(): void {
    for (const s of this.kinds.values()) {
      s.clear();
      s.resolved.clear();
      s.deletedAt.clear();
      s.clearedAt = -Infinity;
    }
  }

  /** Adds a record unless a clear or a deletion covers it; a record with a known id replaces it and becomes the newest. */
  add(kind: string, r: KeptRecord, changes: ChangeSet): void {
    const s = this.kind(kind);
    if (r.receivedAt <= s.clearedAt) return;
    const deleted = s.deletedAt.get(r.id);
    if (deleted !== undefined && r.receivedAt <= deleted) return;
    s.set(r);
    const c = changes.of(kind);
    c.added.push(r);
    this.evict(s, c);
  }

  /** `add` for each of `records`; returns what they weigh (as the data log's size is counted for compaction). */
  addAll(kind: string, records: readonly KeptRecord[], changes: ChangeSet): number {
    const s = this.kind(kind);
    let weight = 0;
    for (const r of records) {
      weight += s.weightOf(r);
      this.add(kind, r, changes);
    }
    return weight;
  }

  apply(op: StateOp, changes: ChangeSet): void {
    const kind = kindOfLine(op);
    const s = this.kind(kind);
    const c = changes.of(kind);
    switch (op.t) {
      case 'd':
        for (const id of op.ids) {
          s.deletedAt.set(id, Math.max(s.deletedAt.get(id) ?? -Infinity, op.at));
          const r = s.records.get(id);
          if (r && r.receivedAt <= op.at) {
            s.delete(id);
            c.removed.push(id);
          }
        }
        break;
      case 'c':
        s.clearedAt = Math.max(s.clearedAt, op.at);
        for (const [id, r] of s.records) {
          if (r.receivedAt <= op.at) {
            s.delete(id);
            c.removed.push(id);
          }
        }
        c.resolvedChanged.push(...s.resolved);
        s.resolved.clear();
        c.cleared = true;
        break;
      case 'r':
        for (const k of op.k) {
          if (op.v ? !s.resolved.has(k) : s.resolved.has(k)) c.resolvedChanged.push(k);
          if (op.v) s.resolved.add(k);
          else s.resolved.delete(k);
        }
        break;
    }
  }

  /** A new bound for `kind`: a lower one drops the oldest records beyond it at once. */
  setBound(kind: string, bound: number, changes: ChangeSet): void {
    checkBound(kind, bound);
    const s = this.kind(kind);
    s.bound = bound;
    this.evict(s, changes.of(kind));
  }

  /** Drops the oldest records while the others still weigh at least the bound (with weight 1: while there are more than the bound). */
  private evict(s: KindState, c: KindChange): void {
    for (const [id, r] of s.records) {
      if (s.weight - s.weightOf(r) < s.bound) break;
      s.delete(id);
      c.removed.push(id);
    }
  }

  /**
   * What listeners are told of `changes`: a record added and dropped in the
   * same batch is not reported as added, a replaced one only as added; kinds
   * where nothing changed are left out.
   */
  settle(changes: ChangeSet): Array<[string, KindChange]> {
    const out: Array<[string, KindChange]> = [];
    for (const [kind, c] of changes.byKind) {
      const records = this.kind(kind).records;
      c.added = c.added.filter((r) => records.get(r.id) === r);
      c.removed = [...new Set(c.removed)].filter((id) => !records.has(id));
      if (c.added.length || c.removed.length || c.cleared || c.resolvedChanged.length) out.push([kind, c]);
    }
    return out;
  }

  /** What is needed to tell listeners, after a reload, what differs from now (see diffSince). */
  snapshot(): Map<string, { records: Map<string, KeptRecord>; resolved: Set<string> }> {
    const snap = new Map<string, { records: Map<string, KeptRecord>; resolved: Set<string> }>();
    for (const [name, s] of this.kinds) snap.set(name, { records: new Map(s.records), resolved: new Set(s.resolved) });
    return snap;
  }

  diffSince(snap: ReturnType<MemoryState['snapshot']>): ChangeSet {
    const changes = new ChangeSet();
    for (const [name, s] of this.kinds) {
      const before = snap.get(name) ?? { records: new Map<string, KeptRecord>(), resolved: new Set<string>() };
      const c = changes.of(name);
      for (const [id, r] of s.records) if (!before.records.has(id)) c.added.push(r);
      for (const id of before.records.keys()) if (!s.records.has(id)) c.removed.push(id);
      for (const k of s.resolved) if (!before.resolved.has(k)) c.resolvedChanged.push(k);
      for (const k of before.resolved) if (!s.resolved.has(k)) c.resolvedChanged.push(k);
    }
    return changes;
  }

  /**
   * The state changes that, applied to an empty state after the live records,
   * give this state again: per kind its clear, its resolved keys, and the
   * deletions made since `keepDeletionsSince` (older ones only covered records
   * that compaction has dropped from the data log). For compacting the state log.
   */
  summary(writer: string, keepDeletionsSince: number): StateOp[] {
    const ops: StateOp[] = [];
    for (const [name, s] of this.kinds) {
      const kind = name === DEFAULT_KIND ? undefined : name;
      if (s.clearedAt !== -Infinity) ops.push({ t: 'c', w: writer, kind, at: s.clearedAt });
      const recent = [...s.deletedAt].filter(([, at]) => at >= keepDeletionsSince);
      for (const [id, at] of recent) ops.push({ t: 'd', w: writer, kind, at, ids: [id] });
      if (s.resolved.size) ops.push({ t: 'r', w: writer, kind, at: Number.isFinite(s.clearedAt) ? s.clearedAt : 0, k: [...s.resolved], v: true });
    }
    return ops;
  }
}
