import { strict as assert } from 'node:assert';
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { SLOW_SPAN } from '../../src/sentry/send/performanceTemplate';
import { type Harness, startHarness } from './captureHelpers';
import { StrictReceiver } from './helpers/strictReceiver';

// `sentry-lens send --template performance`, the real CLI, to a strict
// receiver (what Sentry would get) and to the real listener (what the
// Traces view reads back).

const root = path.join(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');
const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env: Record<string, string | undefined> = { ...process.env, SENTRY_DSN: undefined, SENTRY_ORG: undefined };
    execFile(process.execPath, [cli, ...args], { cwd: root, env: env as NodeJS.ProcessEnv, timeout: 30_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0;
      assert.ok(!stdout.includes(KEY) && !stderr.includes(KEY), 'the DSN key never appears in output');
      resolve({ code, stdout, stderr });
    });
  });
}

interface Span {
  span_id: string;
  parent_span_id: string;
  trace_id: string;
  op: string;
  description: string;
  start_timestamp: number;
  timestamp: number;
}
interface TraceDetail {
  traceId: string;
  spans: Array<{ spanId: string; parentSpanId: string | null; op: string; name: string; startTimestamp: number; timestamp: number; durationMs: number; status: string }>;
  errors: unknown[];
}

describe('CLI: sentry-lens send --template performance', function () {
  this.timeout(120_000);
  let receiver: StrictReceiver;
  let h: Harness;

  before(async () => {
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
    receiver = await new StrictReceiver({ publicKey: KEY, projectId: '11' }).start();
    h = await startHarness();
  });
  after(async () => {
    await receiver?.stop();
    await h?.close();
  });

  it('sends a transaction envelope item: contexts.trace, spans with parent ids and times, a slow span, scrubbed', async () => {
    const r = await run(['send', '--dsn', receiver.dsn(), '--template', 'performance', '-E', 'production', '-p', 'node', '-t', 'team:web', '-e', 'password:hunter2', '-v']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^[0-9a-f]{32}\n$/);
    assert.match(r.stderr, /^info sent transaction [0-9a-f]{32} to http:\/\/127\.0\.0\.1:\d+\/11 \(200\)\n$/);
    const got = receiver.received.find((x) => x.header.event_id === r.stdout.trim());
    assert.ok(got, 'the receiver got the envelope with the printed id');
    assert.equal(got.items.length, 1);
    assert.equal(got.items[0]!.headers.type, 'transaction');
    const t = got.items[0]!.json!;
    assert.equal(t.type, 'transaction');
    assert.equal(t.transaction, 'GET /checkout');
    assert.equal(t.environment, 'production');
    assert.equal(t.platform, 'node');
    assert.deepEqual(t.tags, { team: 'web' });
    assert.deepEqual(t.extra, { password: '[Filtered]' }, 'scrubbed before it left');
    assert.ok(!got.raw.toString().includes('hunter2'));
    const trace = (t.contexts as { trace: { trace_id: string; span_id: string } }).trace;
    assert.match(trace.trace_id, /^[0-9a-f]{32}$/);
    const spans = t.spans as Span[];
    const ids = new Set([trace.span_id, ...spans.map((s) => s.span_id)]);
    for (const s of spans) {
      assert.equal(s.trace_id, trace.trace_id);
      assert.ok(ids.has(s.parent_span_id), `${s.description}'s parent is in the transaction`);
      assert.ok(s.start_timestamp >= (t.start_timestamp as number) && s.timestamp <= (t.timestamp as number));
    }
    const slow = spans.filter((s) => (s.timestamp - s.start_timestamp) * 1000 >= 1000);
    assert.deepEqual(slow.map((s) => s.description).filter((d) => d === SLOW_SPAN.description), [SLOW_SPAN.description]);
  });

  it('sent to the local listener, shows up as a trace with its spans, never as an error', async () => {
    const dsn = `http://${KEY}@127.0.0.1:${h.port}/5`;
    const r = await run(['send', '--dsn', dsn, '--template', 'performance', '-m', 'GET /cart', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { event_id: string; url: string | null };
    assert.equal(out.url, null, 'a transaction has no issue page to link to');

    const list = (await (await fetch(`${h.base}/traces`)).json()) as { traces: Array<{ traceId: string; rootName: string; spanCount: number; errorCount: number }> };
    const summary = list.traces.find((x) => x.rootName === 'GET /cart');
    assert.ok(summary, `the trace is listed: ${JSON.stringify(list)}`);
    assert.equal(summary.errorCount, 0);
    const res = await fetch(`${h.base}/traces/${summary.traceId}`);
    assert.equal(res.status, 200);
    const detail = (await res.json()) as TraceDetail;
    assert.equal(detail.spans.length, summary.spanCount);
    const root = detail.spans.find((s) => s.parentSpanId === null);
    assert.ok(root, 'one root span');
    assert.equal(root.name, 'GET /cart');
    assert.equal(root.op, 'http.server');
    const byId = new Map(detail.spans.map((s) => [s.spanId, s]));
    for (const s of detail.spans) if (s !== root) assert.ok(byId.has(s.parentSpanId!), `${s.name} hangs under a span of the trace`);
    const slow = detail.spans.find((s) => s.name === SLOW_SPAN.description);
    assert.ok(slow, 'the slow span is there');
    assert.equal(Math.round(slow.durationMs), SLOW_SPAN.durationMs);
    assert.equal(slow.op, SLOW_SPAN.op);
    assert.notEqual(slow.parentSpanId, root.spanId, 'the slow span is nested under a child span');
    assert.ok(detail.spans.filter((s) => s !== root && s.durationMs >= 1000 && s.op.startsWith('db')).length === 1, 'one slow DB span');

    const errors = (await (await fetch(`${h.base}/errors`)).json()) as { count: number };
    assert.equal(errors.count, 0, 'a transaction is never an error');
    assert.equal(h.store.size, 0);
  });

  const usageCases: Array<[string, string[], RegExp]> = [
    ['an unknown template', ['--template', 'perf'], /^sentry-lens send: unknown template "perf": use one of exception, validation, context, message, performance\n/],
    ['a level for a transaction', ['--template', 'performance', '-l', 'error'], /^sentry-lens send: the performance template sends a transaction, which has no level: leave out -l\n/],
    ['a fingerprint for a transaction', ['--template', 'performance', '-f', 'x'], /^sentry-lens send: the performance template sends a transaction, which has no fingerprint: leave out -f\n/],
  ];
  for (const [name, args, expected] of usageCases) {
    it(`exits 2 on ${name}`, async () => {
      const r = await run(['send', '--dsn', receiver.dsn(), ...args]);
      assert.equal(r.code, 2);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, expected);
    });
  }

  it('sends the other templates as events, the message replacing the template text', async () => {
    const r = await run(['send', '--dsn', receiver.dsn(), '--template', 'validation', '-m', 'zip: too short']);
    assert.equal(r.code, 0, r.stderr);
    const got = receiver.received.find((x) => x.header.event_id === r.stdout.trim());
    assert.ok(got);
    assert.equal(got.items[0]!.headers.type, 'event');
    const e = got.items[0]!.json as { exception: { values: Array<{ type: string; value: string }> }; level: string; tags: Record<string, string> };
    assert.equal(e.exception.values[0]!.type, 'ValidationError');
    assert.equal(e.exception.values[0]!.value, 'zip: too short');
    assert.equal(e.level, 'warning');
    assert.equal(e.tags['validation.field'], 'email');
  });

  it('lists --template in the help', async () => {
    const r = await run(['send', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--template NAME/);
    assert.match(r.stdout, /performance \(a transaction with child spans/);
  });
});
