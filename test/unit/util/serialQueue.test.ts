import { strict as assert } from 'node:assert';
import { SerialQueue } from '../../../src/util/serialQueue';

describe('SerialQueue', () => {
  it('runs tasks one at a time in the order they were queued', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    let running = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      assert.equal(running, 1, `${name} overlapped another task`);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([q.run(task('a', 20)), q.run(task('b', 1)), q.run(task('c', 5))]);
    assert.deepEqual(results, ['a', 'b', 'c']);
    assert.deepEqual(log, ['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('gives each caller its own failure and keeps going after it', async () => {
    const q = new SerialQueue();
    const failed = q.run(() => Promise.reject(new RangeError('boom')));
    const thrown = q.run(() => {
      throw new TypeError('sync boom');
    });
    const after = q.run(() => 42);
    await assert.rejects(failed, RangeError);
    await assert.rejects(thrown, TypeError);
    assert.equal(await after, 42);
  });

  it('counts queued tasks and says when all have settled', async () => {
    const q = new SerialQueue();
    let release!: () => void;
    void q.run(() => new Promise<void>((r) => (release = r)));
    void q.run(() => undefined);
    assert.equal(q.size, 2);
    let idle = false;
    const waiting = q.idle().then(() => (idle = true));
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(idle, false);
    release();
    await waiting;
    assert.equal(q.size, 0);
  });
});
