import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { type Harness, repoRoot, runScript, startHarness, tempDir, waitFor, writeTemp } from './captureHelpers';

// @sentry/node 11 with spans streamed (span v2 items) and logs on; from the repository's node_modules (argv[3]).
const NODE_SCRIPT = `
import { createRequire } from 'node:module';
const Sentry = createRequire(process.argv[3])('@sentry/node');
Sentry.init({ dsn: process.argv[2], tracesSampleRate: 1, enableLogs: true, defaultIntegrations: false, environment: 'traces-test' });
await Sentry.startSpan({ name: 'checkout', op: 'http.server' }, async () => {
  await Sentry.startSpan({ name: 'load cart', op: 'db.query' }, () => new Promise((r) => setTimeout(r, 20)));
  Sentry.logger.info('cart loaded', { items: 3, password: 'hunter2' });
  Sentry.logger.warn(Sentry.logger.fmt\`slow \${'payment'}\`);
  Sentry.captureException(new Error('payment failed'));
});
Sentry.logger.error('after the trace');
await Sentry.flush(10000);
console.log('flushed');
`;

// Debian's python3-sentry-sdk (1.9.10): a classic transaction with a child span, and an error in it.
const PYTHON_SCRIPT = `
import sys, time
import sentry_sdk
sentry_sdk.init(dsn=sys.argv[1], default_integrations=False, traces_sample_rate=1.0)
with sentry_sdk.start_transaction(name="nightly-report", op="task") as t:
    with t.start_child(op="db", description="select * from reports") as s:
        time.sleep(0.01)
    try:
        1 / 0
    except ZeroDivisionError:
        sentry_sdk.capture_exception()
sentry_sdk.flush(10)
print("flushed")
`;

interface TraceList {
  count: number;
  traces: Array<{ traceId: string; rootName: string; rootOp: string; startTimestamp: number; durationMs: number; spanCount: number; errorCount: number }>;
}
interface TraceDetail {
  traceId: string;
  spans: Array<{ spanId: string; parentSpanId: string | null; op: string; name: string; durationMs: number; status: string }>;
  errors: Array<{ id: string; title: string }>;
  logs: Array<{ body: string; level: string }>;
}
interface LogList {
  count: number;
  logs: Array<{ timestamp: number; level: string; body: string; traceId: string | null; spanId: string | null; attributes: Record<string, unknown> }>;
}

const get = async <T>(h: Harness, path: string): Promise<T> => {
  const res = await fetch(`${h.base}${path}`);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return (await res.json()) as T;
};

describe('capture: traces and logs from real SDKs', function () {
  let h: Harness;
  let tmp: ReturnType<typeof tempDir>;
  let tail: ChildProcess | undefined;
  let tailOut = '';
  // Our own `sentry-lens tail --json`, in-process.
  const ours = { out: '', err: '', abort: new AbortController(), done: undefined as Promise<number> | undefined };
  before(async () => {
    h = await startHarness();
    tmp = tempDir('sentry-lens-traces-');
  });
  after(async () => {
    tail?.kill();
    ours.abort.abort();
    await ours.done;
    await h.close();
    tmp.remove();
  });

  it("Spotlight's own `spotlight tail` attaches to GET /stream", async () => {
    tail = spawn(join(repoRoot, 'node_modules/.bin/spotlight'), ['tail', '-p', String(h.port), '-f', 'json', 'errors', 'traces', 'logs'], { cwd: tmp.path, env: { ...process.env, SENTRY_DSN: '', SPOTLIGHT_DISABLE_TELEMETRY: '1' } });
    tail.stdout!.on('data', (b: Buffer) => (tailOut += b.toString()));
    tail.stderr!.on('data', (b: Buffer) => (tailOut += b.toString()));
    await waitFor(() => h.listener.stats.responses[200] !== undefined, 20_000);
    ours.done = runCli(['tail', '-p', String(h.port), '--json'], { stdout: (t) => (ours.out += t), stderr: (t) => (ours.err += t), env: {}, signal: ours.abort.signal });
    await waitFor(() => /following errors, traces, logs/.test(ours.err), 10_000);
  });

  it('@sentry/node: streamed spans make the trace, logs are kept, the error links to its trace', async () => {
    const script = writeTemp(tmp.path, 'traces-node.mjs', NODE_SCRIPT);
    const out = await runScript(process.execPath, [script, `http://public@127.0.0.1:${h.port}/1`, join(repoRoot, 'package.json')]);
    assert.match(out.stdout, /flushed/);
    const list = await get<TraceList>(h, '/traces');
    const t = list.traces.find((x) => x.rootName === 'checkout');
    assert.ok(t, `no checkout trace among ${JSON.stringify(list)}`);
    assert.equal(t.rootOp, 'http.server');
    assert.equal(t.spanCount, 2);
    assert.equal(t.errorCount, 1);
    assert.ok(t.durationMs >= 15, `duration ${t.durationMs}`);

    const d = await get<TraceDetail>(h, `/traces/${t.traceId}`);
    const root = d.spans.find((s) => s.name === 'checkout')!;
    const child = d.spans.find((s) => s.name === 'load cart')!;
    assert.equal(root.parentSpanId, null);
    assert.equal(child.parentSpanId, root.spanId);
    assert.equal(child.op, 'db.query');
    assert.equal(child.status, 'ok');
    assert.deepEqual(d.errors.map((e) => e.title), ['Error: payment failed']);
    // (A log after the span still carries the trace: the SDK keeps its trace id for the scope.)
    assert.deepEqual(d.logs.map((l) => [l.level, l.body]).slice(0, 2), [
      ['info', 'cart loaded'],
      ['warn', 'slow payment'],
    ]);

    const logs = await get<LogList>(h, '/logs?limit=10');
    assert.deepEqual(logs.logs.map((l) => l.body).slice(0, 3), ['after the trace', 'slow payment', 'cart loaded']);
    const loaded = logs.logs.find((l) => l.body === 'cart loaded')!;
    assert.equal(loaded.traceId, t.traceId);
    assert.equal(loaded.spanId, root.spanId);
    assert.equal(loaded.attributes.items, 3);
    assert.equal(loaded.attributes.password, '[Filtered]', 'a log attribute was not scrubbed');
    const warn = await get<LogList>(h, '/logs?query=level:warn');
    assert.deepEqual(warn.logs.map((l) => l.body), ['slow payment']);

    // The error is the only thing in the Errors store.
    assert.deepEqual(h.store.list().map((e) => (e.event.exception as { values: Array<{ value: string }> }).values[0]!.value), ['payment failed']);
  });

  it('python sentry_sdk: a transaction is a trace with its span tree, never an error', async () => {
    const script = writeTemp(tmp.path, 'traces-py.py', PYTHON_SCRIPT);
    const out = await runScript('/usr/bin/python3', [script, `http://public@127.0.0.1:${h.port}/7`]);
    assert.match(out.stdout, /flushed/);
    const list = await get<TraceList>(h, '/traces?query=nightly');
    assert.equal(list.count, 1);
    const t = list.traces[0]!;
    assert.equal(t.rootName, 'nightly-report');
    assert.equal(t.rootOp, 'task');
    assert.equal(t.spanCount, 2);
    assert.equal(t.errorCount, 1);
    const d = await get<TraceDetail>(h, `/traces/${t.traceId}`);
    const root = d.spans.find((s) => s.parentSpanId === null)!;
    assert.equal(root.name, 'nightly-report');
    assert.deepEqual(d.spans.filter((s) => s.parentSpanId === root.spanId).map((s) => [s.op, s.name]), [['db', 'select * from reports']]);
    assert.match(d.errors[0]!.title, /^ZeroDivisionError/);
    const errors = (await get<{ errors: Array<{ title: string; type: string }> }>(h, '/errors?limit=1000')).errors;
    assert.equal(errors.filter((e) => e.title === 'nightly-report' || e.type === 'transaction').length, 0, 'the transaction shows as an error');
    const health = await get<{ events: number; traces: number; spans: number; logs: number }>(h, '/health');
    assert.deepEqual([health.events, health.traces, health.spans, health.logs], [2, 2, 4, 3]);
  });

  it("Spotlight's tail printed the errors, the transaction and the logs it got from our /stream", async () => {
    await waitFor(() => /nightly-report/.test(tailOut) && /after the trace/.test(tailOut) && /ZeroDivisionError/.test(tailOut), 20_000).catch(() => {
      throw new Error(`spotlight tail printed:\n${tailOut}`);
    });
    const lines = tailOut
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l.type === 'trace' && l.transaction === 'nightly-report'));
    assert.ok(lines.some((l) => l.type === 'log' && l.message === 'cart loaded' && l.level === 'info'));
    assert.ok(lines.some((l) => l.type === 'error' && l.exception_value === 'payment failed'));
    assert.ok(!tailOut.includes('hunter2'), 'the stream showed a secret');
  });

  it('`sentry-lens tail --json` printed each error, transaction, span and log line', async () => {
    await waitFor(() => /nightly-report/.test(ours.out) && /after the trace/.test(ours.out), 10_000).catch(() => {
      throw new Error(`tail printed:\n${ours.out}\n${ours.err}`);
    });
    const lines = ours.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.ok(lines.some((l) => l.type === 'span' && l.name === 'checkout' && l.op === 'http.server' && l.parentSpanId === null));
    assert.ok(lines.some((l) => l.type === 'span' && l.name === 'load cart'));
    assert.ok(lines.some((l) => l.type === 'transaction' && l.name === 'nightly-report' && l.spanCount === 2));
    assert.ok(lines.some((l) => l.type === 'error' && l.title === 'Error: payment failed' && typeof l.traceId === 'string'));
    assert.ok(lines.some((l) => l.type === 'log' && l.level === 'warn' && l.body === 'slow payment'));
    assert.equal((lines.find((l) => l.body === 'cart loaded')!.attributes as Record<string, unknown>).password, '[Filtered]');
  });

  it('`sentry-lens tail` refuses an unknown kind and says when nothing listens', async () => {
    const io = { out: '', err: '' };
    const sink = { stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t), env: {} };
    assert.equal(await runCli(['tail', 'metrics'], sink), 2);
    assert.match(io.err, /unknown kind "metrics": choose from errors, traces, logs/);
    assert.equal(await runCli(['tail', '-p', '1'], sink), 1);
    assert.match(io.err, /nothing listens on 127.0.0.1:1/);
  });

  it('a malformed span or log costs only itself; an unparsable envelope is a 400 with a reason', async () => {
    const trace = 'ab'.repeat(16);
    const good = { trace_id: trace, span_id: 'cd'.repeat(8), name: 'kept span', start_timestamp: 1, end_timestamp: 2, status: 'ok' };
    const body = [
      '{}',
      '{"type":"span","content_type":"application/vnd.sentry.items.span.v2+json"}',
      JSON.stringify({ items: [{ ...good, span_id: 'bad' }, good, { ...good, span_id: '12'.repeat(8), parent_span_id: '34'.repeat(8), name: 'orphan span' }] }),
      '{"type":"log","content_type":"application/vnd.sentry.items.log+json"}',
      '{"items": not json',
      '{"type":"event"}',
      JSON.stringify({ message: 'kept event', contexts: { trace: { trace_id: trace, span_id: 'ef'.repeat(8) } } }),
      '',
    ].join('\n');
    const res = await fetch(`${h.base}/api/1/envelope/?sentry_key=k`, { method: 'POST', body });
    assert.equal(res.status, 200);
    const d = await get<TraceDetail>(h, `/traces/${trace}`);
    assert.deepEqual(d.spans.map((s) => s.name).sort(), ['kept span', 'orphan span']);
    // A span whose parent never arrived is kept, its parent id as sent, and marked.
    const orphan = d.spans.find((s) => s.name === 'orphan span') as unknown as { parentSpanId: string; orphan: boolean };
    assert.deepEqual([orphan.parentSpanId, orphan.orphan], ['34'.repeat(8), true]);
    assert.deepEqual(d.errors.map((e) => e.title), ['kept event']);
    assert.ok(h.lines.some((l) => /dropped: span item, span 0: span_id: must be 16 hexadecimal digits/.test(l)), h.lines.join('\n'));
    assert.ok(h.lines.some((l) => /dropped: log item: not valid JSON/.test(l)));
    const bad = await fetch(`${h.base}/api/1/envelope/?sentry_key=k`, { method: 'POST', body: '{"event_id": 12}\n' });
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { detail: string }).detail, /invalid envelope: envelope headers are invalid/);
    assert.equal((await fetch(`${h.base}/traces/${'0'.repeat(32)}`)).status, 404);
    assert.equal((await fetch(`${h.base}/traces/nothex`)).status, 400);
    assert.equal((await fetch(`${h.base}/logs?limit=0`)).status, 400);
    assert.equal((await fetch(`${h.base}/traces`, { headers: { 'sec-fetch-site': 'cross-site' } })).status, 403);
  });
});
