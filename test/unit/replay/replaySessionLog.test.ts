import { strict as assert } from 'node:assert';
import { DapDriver } from './dapDriver';

// The shell says "details are in the Sentry log" when a replay does not start: the log must have them.
describe('replay session: failures reach the log', () => {
  const logger = () => {
    const lines: { level: string; text: string }[] = [];
    const at = (level: string) => (text: string) => void lines.push({ level, text });
    return { lines, log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
  };

  it('an internal failure during launch is logged with its cause, while the editor hears only "internal error"', async () => {
    const { lines, log } = logger();
    const d = new DapDriver({
      loadEvent: async () => ({ event_id: 'a'.repeat(32) }),
      locate: async () => undefined,
      scrub: () => {
        throw new Error('scrubber broke', { cause: new RangeError('bad pattern') });
      },
      log,
    });
    const r = await d.request('launch', {});
    assert.equal(r.success, false);
    assert.match(r.message ?? '', /^internal error: scrubber broke/);
    const errors = lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.text, /^the "launch" request failed: Error: scrubber broke <- caused by: RangeError: bad pattern\n\s+at /);
  });

  it("a failure the user can act on (the event is gone) is logged too, as a warning with the editor's text", async () => {
    const { lines, log } = logger();
    const d = new DapDriver({ loadEvent: () => Promise.reject(new Error('this event is no longer stored')), locate: async () => undefined, scrub: (e) => e, log });
    const r = await d.request('launch', {});
    assert.equal(r.success, false);
    assert.deepEqual(lines, [{ level: 'warn', text: 'the "launch" request failed: this event is no longer stored' }]);
  });
});
