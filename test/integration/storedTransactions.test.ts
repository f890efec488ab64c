import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { lazyStoredEvent } from '../../src/capture/kinds/events/lazyEvent';
import { captureCommand } from '../../src/cli/captureCommand';
import { fixtures, tempDir, waitFor } from './captureHelpers';

// A store written by an earlier version, which kept a Python transaction as
// an event, opened by `sentry-lens capture`: the read API shows it as a
// trace and never as an error.

const PY_ID = '34e68240171743b9bef9f9f99b8538c5';
const PY_TRACE = 'af9d553862794b38ad88b4b9c8159714';
const ERROR_ID = 'e'.repeat(32);

describe('capture: transactions an earlier version stored as errors', function () {
  this.timeout(30_000);
  const dir = tempDir('sentry-lens-old-store-');
  after(() => dir.remove());

  it('leave /errors and /health\'s event count, and are served as traces', async () => {
    const lines = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_python.txt'), 'utf8').split('\n');
    const txText = lines[lines.findIndex((l) => l.startsWith('{"type":"transaction"') && l.includes('"length"')) + 1]!;
    const old = await EventStore.open(dir.path, { maxEvents: 100 });
    await old.append([
      lazyStoredEvent({ id: ERROR_ID, receivedAt: 1000, source: 'envelope', projectId: '1' }, JSON.stringify({ event_id: ERROR_ID, level: 'error', message: 'disk full' })),
      lazyStoredEvent({ id: PY_ID, receivedAt: 2000, source: 'envelope', projectId: '1' }, txText),
    ]);
    await old.close();

    const ac = new AbortController();
    const out: string[] = [];
    const err: string[] = [];
    const done = captureCommand(['--port', '0', '--store', dir.path, '-v'], { stdout: (s) => out.push(s), stderr: (s) => err.push(s), env: { HOME: '/nonexistent-home' }, signal: ac.signal });
    try {
      await waitFor(() => /listening on/.test(err.join('')));
      const base = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(err.join(''))![1]!;
      const errors = (await (await fetch(`${base}/errors`)).json()) as { count: number; events?: Array<{ id: string }> };
      assert.equal(errors.count, 1, JSON.stringify(errors).slice(0, 300));
      const health = (await (await fetch(`${base}/health`)).json()) as Record<string, unknown>;
      assert.equal(JSON.stringify(health).includes('"events":1'), true, JSON.stringify(health));
      const traces = (await (await fetch(`${base}/traces`)).json()) as { traces: Array<{ traceId: string; rootName: string; spanCount: number; errorCount: number }> };
      const t = traces.traces.find((x) => x.traceId === PY_TRACE);
      assert.ok(t, JSON.stringify(traces).slice(0, 300));
      assert.equal(t.rootName, '/api/0/organizations/{organization_slug}/');
      assert.ok(t.spanCount > 1);
      const res = await fetch(`${base}/traces/${PY_TRACE}`);
      assert.equal(res.status, 200);
      const detail = (await res.json()) as { spans: Array<{ spanId: string; parentSpanId: string | null }> };
      assert.equal(detail.spans.length, t.spanCount);
      const ids = new Set(detail.spans.map((s) => s.spanId));
      const root = detail.spans.find((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
      assert.ok(root);
      assert.ok(detail.spans.filter((s) => s !== root).every((s) => ids.has(s.parentSpanId!)), 'the children hang under the transaction');
    } finally {
      ac.abort();
      assert.equal(await done, 0);
    }
    assert.match(err.join(''), /moved 1 transaction\(s\) an earlier version stored as errors to the traces/);
  });
});
