import { strict as assert } from 'node:assert';
import { type CommitSink, type Durability, GroupCommit } from '../../../../src/capture/store/groupCommit';
import { silentLogger } from '../../../../src/util/logger';

/** A sink over an in-memory "file": what was written, what a datasync covered, and when syncs finish (controlled by the test). */
class MemorySink implements CommitSink<string> {
  written: string[] = [];
  synced = 0;
  durableItems: string[] = [];
  ready: 'ready' | 'acquire' | 'blocked' = 'ready';
  acquired = 0;
  failWrite = false;
  syncDelayMs = 0;
  commit!: GroupCommit<string>;
  readiness() {
    return this.ready;
  }
  acquire() {
    this.acquired++;
    setTimeout(() => {
      this.ready = 'ready';
      this.commit.kick();
    }, 5);
  }
  write(buf: Buffer) {
    if (this.failWrite) throw new Error('disk full');
    this.written.push(buf.toString());
  }
  datasync() {
    const upTo = this.written.length;
    return new Promise<void>((r) => setTimeout(r, this.syncDelayMs)).then(() => {
      this.synced = Math.max(this.synced, upTo);
    });
  }
  durable(items: string[]) {
    this.durableItems.push(...items);
  }
  idle() {}
}

function setup(durability: Durability, syncIntervalMs = 20) {
  const sink = new MemorySink();
  const commit = new GroupCommit<string>(sink, durability, syncIntervalMs, silentLogger, 'test.log');
  sink.commit = commit;
  return { sink, commit };
}

describe('store group commit', () => {
  it("durability 'write': appends of one turn of the loop go out in one write, each closing off a torn line, acknowledged once written", async () => {
    const { sink, commit } = setup('write');
    await Promise.all([commit.enqueue('a', 'A\n'), commit.enqueue('b', 'B\n'), commit.enqueue('c', 'C\n')]);
    assert.deepEqual(sink.written, ['\nA\nB\nC\n']);
    assert.deepEqual(sink.durableItems, ['a', 'b', 'c']);
    assert.equal(sink.synced, 0, 'acknowledged before any sync');
    await new Promise((r) => setTimeout(r, 60));
    assert.equal(sink.synced, 1, 'the background sync followed within the interval');
    commit.close();
  });

  it("durability 'fsync': acknowledged only after a sync covering them; requests during a sync go out together", async () => {
    const { sink, commit } = setup('fsync');
    sink.syncDelayMs = 30;
    const first = commit.enqueue('a', 'A\n');
    let firstDone = false;
    void first.then(() => (firstDone = true));
    const more = [commit.enqueue('b', 'B\n'), commit.enqueue('c', 'C\n')];
    await new Promise((r) => setTimeout(r, 5));
    assert.equal(firstDone, false, 'not before its sync');
    await Promise.all([first, ...more]);
    assert.deepEqual(sink.written, ['\nA\n', '\nB\nC\n']);
    assert.equal(sink.synced, 2);
    assert.deepEqual(sink.durableItems, ['a', 'b', 'c']);
  });

  it('asks the sink to take the writer role first, and waits while it is blocked', async () => {
    const { sink, commit } = setup('write');
    sink.ready = 'acquire';
    await commit.enqueue('a', 'A\n');
    assert.equal(sink.acquired, 1);
    sink.ready = 'blocked';
    let done = false;
    const p = commit.enqueue('b', 'B\n').then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(done, false);
    assert.equal(commit.busy, true);
    sink.ready = 'ready';
    commit.kick();
    await p;
    commit.close();
  });

  it('rejects the appends of a failed write, and hands back what is queued', async () => {
    const { sink, commit } = setup('write');
    sink.failWrite = true;
    await assert.rejects(commit.enqueue('a', 'A\n'), /disk full/);
    sink.ready = 'blocked';
    const p = commit.enqueue('b', 'B\n');
    await new Promise((r) => setImmediate(r));
    const taken = commit.take();
    assert.deepEqual(taken.map((t) => t.item), ['b']);
    taken[0]!.resolve();
    await p;
    assert.equal(commit.busy, false);
  });

  it('flushSyncs syncs what is written and not yet synced (close)', async () => {
    const { sink, commit } = setup('write', 60_000);
    await commit.enqueue('a', 'A\n');
    assert.equal(sink.synced, 0);
    await commit.flushSyncs();
    assert.equal(sink.synced, 1);
    commit.close();
  });
});
