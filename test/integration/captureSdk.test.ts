import { strict as assert } from 'node:assert';
import { viewEvent } from '../../src/sentry/event/eventView';
import { join } from 'node:path';
import { type Harness, repoRoot, runScript, startHarness, tempDir, writeTemp } from './captureHelpers';

// Runs from a temp dir; @sentry/node comes from the repository's node_modules (argv[3]).
const NODE_SDK_SCRIPT = `
import { createRequire } from 'node:module';
const Sentry = createRequire(process.argv[3])('@sentry/node');
const dsn = process.argv[2];
Sentry.init({ dsn, tracesSampleRate: 1, traceLifecycle: 'static', defaultIntegrations: false, release: 'capture-test@1.0.0', environment: 'test' });
function throwsInApp() { throw new Error('boom from the node sdk'); }
try { throwsInApp(); } catch (e) { Sentry.captureException(e); }
Sentry.captureMessage('hello from the node sdk', 'warning');
Sentry.startSpan({ name: 'capture-test-transaction', op: 'test' }, () => {
  Sentry.startSpan({ name: 'child work', op: 'task' }, () => {});
});
Sentry.captureException(new Error('big event'), { extra: { payload: Array.from({ length: 600 }, (_, i) => 'line ' + i + ' ' + 'z'.repeat(60)) } });
await Sentry.flush(10000);
console.log('flushed');
`;

const PYTHON_SDK_SCRIPT = `
import sys
import sentry_sdk
sentry_sdk.init(dsn=sys.argv[1], default_integrations=False, traces_sample_rate=0)
def divide(numerator, denominator):
    local_marker = "kept-local-value"
    return numerator / denominator
try:
    divide(42, 0)
except ZeroDivisionError:
    sentry_sdk.capture_exception()
sentry_sdk.flush(10)
print("flushed")
`;

describe('capture: real SDKs deliver to the listener', function () {
  this.timeout(60_000);
  let h: Harness;
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    h = await startHarness();
    tmp = tempDir('sentry-lens-sdk-');
  });
  after(async () => {
    await h.close();
    tmp.remove();
  });

  it('@sentry/node: an error, a message, a transaction and a gzipped >32 KiB event, frames intact', async () => {
    const script = writeTemp(tmp.path, 'capture-node-sdk.mjs', NODE_SDK_SCRIPT);
    const out = await runScript(process.execPath, [script, `http://public@127.0.0.1:${h.port}/1`, join(repoRoot, 'package.json')]);
    assert.match(out.stdout, /flushed/);
    const events = h.store.list();
    const views = events.map((e) => ({ e, v: viewEvent(e.event) }));
    const err = views.find((x) => x.v.title === 'Error: boom from the node sdk');
    assert.ok(err, `no error event among ${views.map((x) => x.v.title).join(', ')}`);
    assert.equal(err.e.source, 'envelope');
    assert.equal(err.e.projectId, '1');
    const frames = err.v.exceptions.at(-1)!.frames;
    assert.ok(frames.length >= 1);
    assert.ok(frames.some((f) => f.function === 'throwsInApp' && typeof f.lineno === 'number' && (f.filename ?? f.absPath ?? '').includes('capture-node-sdk.mjs')));
    const msg = views.find((x) => x.v.title === 'hello from the node sdk');
    assert.ok(msg);
    assert.equal(msg.v.level, 'warning');
    // A transaction is never an error: it is kept as its spans, grouped under its trace.
    assert.equal(views.find((x) => x.v.type === 'transaction'), undefined, 'a transaction was stored as an error');
    const trace = [...h.telemetry.traces.entries()].find((t) => [...t.spans.values()].some((s) => s.name === 'capture-test-transaction'));
    assert.ok(trace, 'no trace for the transaction');
    assert.deepEqual([...trace.spans.values()].map((s) => s.name).sort(), ['capture-test-transaction', 'child work']);
    const big = views.find((x) => x.v.title === 'Error: big event');
    assert.ok(big);
    assert.ok(JSON.stringify(big.e.event).length > 32 * 1024);
    assert.ok(h.lines.some((l) => /content-encoding: gzip/.test(l)), 'the large event did not arrive gzipped');

    const res = await fetch(`${h.base}/errors?limit=1000`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { errors: Array<{ id: string; event: Record<string, unknown> }> };
    for (const x of [err, msg, big]) {
      const got = body.errors.find((g) => g.id === x.e.id);
      assert.ok(got, `GET /errors lacks ${x.v.title}`);
      assert.deepEqual(got.event, x.e.event);
    }
  });

  it('python sentry_sdk: an exception with locals, through a DSN path prefix and X-Sentry-Auth', async () => {
    const script = writeTemp(tmp.path, 'py-sdk.py', PYTHON_SDK_SCRIPT);
    const out = await runScript('/usr/bin/python3', [script, `http://public@127.0.0.1:${h.port}/prefix/42`]);
    assert.match(out.stdout, /flushed/);
    const ev = h.store.list({ filter: (e) => e.projectId === '42' })[0];
    assert.ok(ev, 'no python event stored');
    const v = viewEvent(ev.event);
    assert.match(v.title, /^ZeroDivisionError/);
    const frame = v.exceptions.at(-1)!.frames.find((f) => f.function === 'divide');
    assert.ok(frame, 'the divide frame is missing');
    assert.equal(frame.lineno, 7);
    assert.equal(frame.contextLine?.trim(), 'return numerator / denominator');
    assert.ok(frame.vars, 'frame vars did not arrive');
    assert.equal(String(frame.vars.numerator), '42');
    assert.equal(String(frame.vars.denominator), '0');
    assert.match(String(frame.vars.local_marker), /kept-local-value/);
    assert.ok(h.lines.some((l) => /content-encoding: gzip/.test(l)));
    const res = await fetch(`${h.base}/errors?query=ZeroDivision`);
    const body = (await res.json()) as { errors: Array<{ id: string; topFrame: string }> };
    assert.deepEqual(body.errors.map((e) => e.id), [ev.id]);
  });
});
