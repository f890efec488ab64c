import { strict as assert } from 'node:assert';
import { askWhileEmpty } from '../../../src/util/askWhileEmpty';

const isEmpty = (v: string[] | undefined) => !v?.length;
const opts = { answerWithinMs: 2_000, askAgainForMs: 2_000, intervalMs: 5 };

describe('askWhileEmpty', () => {
  it('returns the first real answer, asking again while the answers are empty', async () => {
    const answers: Array<string[] | undefined> = [undefined, [], ['applyDiscount']];
    let asked = 0;
    const got = await askWhileEmpty(async () => answers[asked++], isEmpty, opts);
    assert.deepEqual(got, ['applyDiscount']);
    assert.equal(asked, 3);
  });

  it('asks again after the source fails (a provider not registered yet)', async () => {
    let asked = 0;
    const got = await askWhileEmpty(
      async () => {
        if (asked++ === 0) throw new Error('not ready');
        return ['x'];
      },
      isEmpty,
      opts,
    );
    assert.deepEqual(got, ['x']);
  });

  it('stops asking when empty answers go on past askAgainForMs', async () => {
    let asked = 0;
    const got = await askWhileEmpty(async () => (asked++, []), isEmpty, { answerWithinMs: 5_000, askAgainForMs: 30, intervalMs: 5 });
    assert.equal(got, undefined);
    assert.ok(asked >= 2, `asked ${asked} times`);
  });

  it('gives up on an answer that never comes, after answerWithinMs', async () => {
    const got = await askWhileEmpty(() => new Promise<string[]>(() => undefined), isEmpty, { answerWithinMs: 20, askAgainForMs: 20, intervalMs: 5 });
    assert.equal(got, undefined);
  });

  it('waits for a slow answer as long as answerWithinMs allows', async () => {
    const got = await askWhileEmpty(() => new Promise<string[]>((r) => setTimeout(() => r(['late']), 30)), isEmpty, { answerWithinMs: 5_000, askAgainForMs: 0, intervalMs: 5 });
    assert.deepEqual(got, ['late']);
  });

  it('ends at once when the signal aborts, during a request or a pause', async () => {
    const pending = new AbortController();
    const waiting = askWhileEmpty(() => new Promise<string[]>(() => undefined), isEmpty, { ...opts, answerWithinMs: 60_000, signal: pending.signal });
    pending.abort();
    assert.equal(await waiting, undefined);

    const paused = new AbortController();
    let asked = 0;
    const pausing = askWhileEmpty(
      async () => {
        asked++;
        setImmediate(() => paused.abort());
        return [];
      },
      isEmpty,
      { answerWithinMs: 60_000, askAgainForMs: 60_000, intervalMs: 60_000, signal: paused.signal },
    );
    assert.equal(await pausing, undefined);
    assert.equal(asked, 1);
    const before = new AbortController();
    before.abort();
    let never = 0;
    assert.equal(await askWhileEmpty(async () => (never++, ['x']), isEmpty, { ...opts, signal: before.signal }), undefined);
    assert.equal(never, 0);
  });
});
