import { strict as assert } from 'node:assert';
import { Emitter } from '../../../src/util/emitter';

describe('Emitter', () => {
  it('hands a failing listener to the owner and still runs the others', () => {
    const failures: unknown[] = [];
    const seen: number[] = [];
    const e = new Emitter<number>((err) => failures.push(err));
    e.event(() => {
      throw new Error('listener broke');
    });
    e.event((v) => seen.push(v));
    e.fire(7);
    assert.deepEqual(seen, [7]);
    assert.equal(failures.length, 1);
    assert.equal((failures[0] as Error).message, 'listener broke');
  });

  it('without an owner, reports the failure on stderr with its cause rather than dropping it', () => {
    const lines: string[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void lines.push(args.join(' '));
    try {
      const e = new Emitter<void>();
      e.event(() => {
        throw new Error('outer', { cause: new Error('the real reason') });
      });
      e.fire();
    } finally {
      console.error = original;
    }
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^an event listener failed: Error: outer <- caused by: Error: the real reason/);
  });

  it('survives a failing failure handler: fire() still reaches every listener', () => {
    const original = console.error;
    const lines: string[] = [];
    console.error = (...args: unknown[]) => void lines.push(args.join(' '));
    const seen: string[] = [];
    try {
      const e = new Emitter<string>(() => {
        throw new Error('handler broke');
      });
      e.event(() => {
        throw new Error('first');
      });
      e.event((v) => seen.push(v));
      e.fire('x');
    } finally {
      console.error = original;
    }
    assert.deepEqual(seen, ['x']);
    assert.match(lines.join('\n'), /handler broke/);
  });

  it('stops calling a listener once its subscription or the emitter is disposed', () => {
    const seen: number[] = [];
    const e = new Emitter<number>();
    const sub = e.event((v) => seen.push(v));
    e.fire(1);
    sub.dispose();
    e.fire(2);
    e.event((v) => seen.push(v * 10));
    e.dispose();
    e.fire(3);
    assert.deepEqual(seen, [1]);
  });
});

describe('util/emitter: reportTo', () => {
  it('sends a failing listener to the owner\'s log, with its cause, and the other listeners still run', async () => {
    const { Emitter, reportTo } = await import('../../../src/util/emitter');
    const lines: string[] = [];
    const rec = (m: string) => void lines.push(m);
    const log = { trace: rec, debug: rec, info: rec, warn: rec, error: rec };
    const e = new Emitter<number>(reportTo(() => log, 'a listener of numbers'));
    let seen = 0;
    e.event(() => {
      throw new Error('listener broke');
    });
    e.event((n) => (seen = n));
    e.fire(7);
    assert.equal(seen, 7);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /^a listener of numbers failed: .*listener broke/);
  });
});
