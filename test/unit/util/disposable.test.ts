import { strict as assert } from 'node:assert';
import { DisposableBase, DisposableStore, disposeAll, toDisposable } from '../../../src/util/disposable';

function recorder(log: string[], name: string, fail = false) {
  return toDisposable(() => {
    log.push(name);
    if (fail) throw new Error(`${name} failed`);
  });
}

describe('DisposableStore', () => {
  it('disposes what it holds once, newest first', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorder(log, 'a'));
    store.add(recorder(log, 'b'));
    store.add(recorder(log, 'c'));
    store.dispose();
    store.dispose();
    assert.deepEqual(log, ['c', 'b', 'a']);
    assert.equal(store.isDisposed, true);
  });

  it('disposes at once what is added after it was disposed', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.dispose();
    const d = store.add(recorder(log, 'late'));
    assert.deepEqual(log, ['late']);
    d.dispose();
    assert.deepEqual(log, ['late'], 'toDisposable runs its function once');
  });

  it('returns what it was given, so making and owning read as one expression', () => {
    const store = new DisposableStore();
    const thing = { dispose() {}, value: 42 };
    assert.equal(store.add(thing), thing);
  });

  it('clear() disposes everything held so far and stays usable', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorder(log, 'first'));
    store.clear();
    store.add(recorder(log, 'second'));
    assert.deepEqual(log, ['first']);
    assert.equal(store.isDisposed, false);
    store.dispose();
    assert.deepEqual(log, ['first', 'second']);
  });

  it('delete() disposes one item now and does not dispose it again later', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    const a = store.add(recorder(log, 'a'));
    store.add(recorder(log, 'b'));
    store.delete(a);
    store.dispose();
    assert.deepEqual(log, ['a', 'b']);
  });

  it('a failing disposable does not stop the others; its error is thrown after all ran', () => {
    const log: string[] = [];
    const store = new DisposableStore();
    store.add(recorder(log, 'a'));
    store.add(recorder(log, 'b', true));
    store.add(recorder(log, 'c'));
    assert.throws(() => store.dispose(), /b failed/);
    assert.deepEqual(log, ['c', 'b', 'a']);
  });

  it('several failures come out as one AggregateError holding each', () => {
    const log: string[] = [];
    assert.throws(
      () => disposeAll([recorder(log, 'a', true), recorder(log, 'b', true)]),
      (e: unknown) => e instanceof AggregateError && e.errors.length === 2 && e.errors.every((x) => x instanceof Error),
    );
    assert.deepEqual(log, ['b', 'a']);
  });
});

describe('DisposableBase', () => {
  class Owner extends DisposableBase {
    readonly log: string[] = [];
    // A member named like the base's internals must not clash with them.
    readonly store = 'mine';
    constructor() {
      super();
      this._register(recorder(this.log, 'timer'));
      this._register(recorder(this.log, 'watcher'));
    }
    get closed(): boolean {
      return this.isDisposed;
    }
  }

  it('disposes everything registered with _register when it is disposed', () => {
    const o = new Owner();
    assert.equal(o.closed, false);
    o.dispose();
    assert.deepEqual(o.log, ['watcher', 'timer']);
    assert.equal(o.closed, true);
    assert.equal(o.store, 'mine');
  });

  it('is a vscode-shaped Disposable (a dispose() method) that a DisposableStore can own', () => {
    const store = new DisposableStore();
    const o = store.add(new Owner());
    store.dispose();
    assert.deepEqual(o.log, ['watcher', 'timer']);
  });
});
