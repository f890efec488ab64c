import { strict as assert } from 'node:assert';
import { z } from 'zod';
import { ChangeSet, MemoryState, OPAQUE_BOUND } from '../../../../src/capture/store/memoryState';
import type { KeptRecord, RecordKind } from '../../../../src/capture/store/recordKind';

interface Rec extends KeptRecord {
  n: number;
}
const schema = z.object({ id: z.string(), receivedAt: z.number(), n: z.number() });
const spanKind: RecordKind<Rec> = { name: 'span', defaultBound: 3, schema };
const logKind: RecordKind<Rec> = { name: 'log', defaultBound: 5, schema };
const rec = (n: number, at = 1000 + n): Rec => ({ id: `r${n}`, receivedAt: at, n });

function ids(state: MemoryState, kind: string): string[] {
  return state.kind(kind).list().map((r) => r.id);
}

describe('MemoryState (records, marks, deletions and bounds, no disk)', () => {
  it('keeps each kind newest first within its own bound, and reports what the bound dropped', () => {
    const state = new MemoryState([spanKind, logKind]);
    const changes = new ChangeSet();
    for (let n = 1; n <= 6; n++) {
      state.add('span', rec(n), changes);
      state.add('log', rec(n), changes);
    }
    assert.deepEqual(ids(state, 'span'), ['r6', 'r5', 'r4']);
    assert.deepEqual(ids(state, 'log'), ['r6', 'r5', 'r4', 'r3', 'r2']);
    assert.equal(state.count, 8);
    const settled = new Map(state.settle(changes));
    // added then dropped in the same batch: not reported as added
    assert.deepEqual(settled.get('span')!.added.map((r) => r.id), ['r4', 'r5', 'r6']);
    assert.deepEqual(settled.get('span')!.removed, ['r1', 'r2', 'r3']);
  });

  it('takes bounds from the options over the defaults, and refuses a bad one', () => {
    const state = new MemoryState([spanKind], { span: 1 });
    const changes = new ChangeSet();
    state.add('span', rec(1), changes);
    state.add('span', rec(2), changes);
    assert.deepEqual(ids(state, 'span'), ['r2']);
    assert.throws(() => new MemoryState([spanKind], { span: 0 }), /bound of 'span' records must be a positive whole number/);
    assert.throws(() => state.setBound('span', 1.5, new ChangeSet()), /positive whole number/);
  });

  it('bounds a kind with weights by what its records weigh: the oldest go while the rest still weigh the bound', () => {
    const batchKind: RecordKind<Rec> = { name: 'batch', defaultBound: 10, schema, weight: (r) => r.n };
    const state = new MemoryState([batchKind]);
    const changes = new ChangeSet();
    state.add('batch', rec(4), changes);
    state.add('batch', rec(3), changes);
    state.add('batch', rec(5), changes);
    // 4 + 3 + 5 = 12: without r4 the rest weigh 8, under the bound, so r4 stays
    assert.deepEqual(ids(state, 'batch'), ['r5', 'r3', 'r4']);
    assert.equal(state.kind('batch').weight, 12);
    state.add('batch', rec(6), changes);
    // 18: without r4, 14; without r3 too, 11; without r5 too, 6 < 10
    assert.deepEqual(ids(state, 'batch'), ['r6', 'r5']);
    assert.equal(state.kind('batch').weight, 11);
    state.apply({ t: 'd', w: 'x', kind: 'batch', at: 5000, ids: ['r6'] }, changes);
    assert.equal(state.kind('batch').weight, 5);
    state.apply({ t: 'c', w: 'x', kind: 'batch', at: 5000 }, changes);
    assert.equal(state.kind('batch').weight, 0);
  });

  it('lowers a bound at once, dropping the oldest', () => {
    const state = new MemoryState([logKind]);
    for (let n = 1; n <= 5; n++) state.add('log', rec(n), new ChangeSet());
    const changes = new ChangeSet();
    state.setBound('log', 2, changes);
    assert.deepEqual(ids(state, 'log'), ['r5', 'r4']);
    assert.deepEqual(state.settle(changes)[0]![1].removed, ['r1', 'r2', 'r3']);
  });

  it('replaces a record of a known id and makes it the newest', () => {
    const state = new MemoryState([logKind]);
    state.add('log', rec(1), new ChangeSet());
    state.add('log', rec(2), new ChangeSet());
    const replaced: Rec = { ...rec(1), n: 99 };
    state.add('log', replaced, new ChangeSet());
    assert.deepEqual(ids(state, 'log'), ['r1', 'r2']);
    assert.equal((state.kind('log').records.get('r1') as Rec).n, 99);
  });

  it('deletes and clears by time: a record received before the deletion stays deleted even if it arrives after it', () => {
    const state = new MemoryState([logKind, spanKind]);
    state.add('log', rec(1), new ChangeSet());
    const changes = new ChangeSet();
    state.apply({ t: 'd', w: 'x', kind: 'log', at: 1500, ids: ['r1', 'r2'] }, changes);
    assert.deepEqual(state.settle(changes)[0]![1].removed, ['r1']);
    state.add('log', rec(2), new ChangeSet()); // received at 1002, deleted at 1500
    state.add('log', rec(2, 2000), new ChangeSet()); // received again after the deletion
    assert.deepEqual(ids(state, 'log'), ['r2']);

    state.add('span', rec(3), new ChangeSet());
    const cleared = new ChangeSet();
    state.apply({ t: 'c', w: 'x', kind: 'span', at: 1500 }, cleared);
    state.add('span', rec(4), cleared); // received before the clear
    assert.equal(state.kind('span').records.size, 0);
    assert.equal(state.settle(cleared)[0]![1].cleared, true);
    assert.deepEqual(ids(state, 'log'), ['r2'], 'a clear of one kind leaves the others');
  });

  it('marks keys resolved per kind; a clear drops the marks', () => {
    const state = new MemoryState([logKind]);
    const changes = new ChangeSet();
    state.apply({ t: 'r', w: 'x', kind: 'log', at: 1, k: ['a', 'b'], v: true }, changes);
    state.apply({ t: 'r', w: 'x', kind: 'log', at: 2, k: ['b'], v: false }, changes);
    assert.deepEqual([...state.kind('log').resolved], ['a']);
    assert.deepEqual(state.kind('event').resolved.size, 0);
    const cleared = new ChangeSet();
    state.apply({ t: 'c', w: 'x', kind: 'log', at: 3 }, cleared);
    assert.deepEqual(state.kind('log').resolved.size, 0);
    assert.deepEqual(state.settle(cleared)[0]![1].resolvedChanged, ['a']);
  });

  it('keeps records of a kind it does not know, opaque and bounded', () => {
    const state = new MemoryState([]);
    state.add('metric', { id: 'm1', receivedAt: 1 }, new ChangeSet());
    assert.equal(state.kind('metric').bound, OPAQUE_BOUND);
    assert.equal(state.kind('metric').records.size, 1);
    assert.equal(state.kind('metric').kind.schema.safeParse({ id: 'm2', receivedAt: 2, extra: [1] }).success, true);
    assert.equal(state.kind('metric').kind.schema.safeParse({ id: '', receivedAt: 2 }).success, false);
  });

  it('tells what a reload changed since a snapshot', () => {
    const state = new MemoryState([logKind]);
    state.add('log', rec(1), new ChangeSet());
    state.apply({ t: 'r', w: 'x', kind: 'log', at: 1, k: ['a'], v: true }, new ChangeSet());
    const snap = state.snapshot();
    state.reset();
    state.add('log', rec(2), new ChangeSet());
    const settled = state.settle(state.diffSince(snap));
    assert.equal(settled.length, 1);
    const c = settled[0]![1];
    assert.deepEqual(c.added.map((r) => r.id), ['r2']);
    assert.deepEqual(c.removed, ['r1']);
    assert.deepEqual(c.resolvedChanged, ['a']);
  });

  it('sums itself up in state changes that give the same state again (for compacting the state log)', () => {
    const state = new MemoryState([logKind]);
    state.apply({ t: 'c', w: 'x', kind: 'log', at: 900 }, new ChangeSet());
    state.apply({ t: 'd', w: 'x', kind: 'log', at: 100, ids: ['old'] }, new ChangeSet());
    state.apply({ t: 'd', w: 'x', kind: 'log', at: 5000, ids: ['recent'] }, new ChangeSet());
    state.apply({ t: 'r', w: 'x', kind: 'log', at: 1, k: ['a', 'b'], v: true }, new ChangeSet());
    const ops = state.summary('me', 1000);
    const again = new MemoryState([logKind]);
    for (const op of ops) again.apply(op, new ChangeSet());
    assert.equal(again.kind('log').clearedAt, 900);
    assert.deepEqual([...again.kind('log').deletedAt.keys()], ['recent'], 'deletions older than the cut are left out');
    assert.deepEqual([...again.kind('log').resolved].sort(), ['a', 'b']);
    assert.ok(ops.every((op) => op.w === 'me'));
  });
});
