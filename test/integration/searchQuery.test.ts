import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { NODE_CASES, NODE_CONTEXT_SCRIPT, PYTHON_CASES, PYTHON_CONTEXT_SCRIPT } from '../helpers/contextSdkScripts';
import { type Harness, repoRoot, runScript, startHarness, tempDir, writeTemp } from './captureHelpers';

const TRACES_SCRIPT = `
import sys, time
import sentry_sdk
sentry_sdk.init(dsn=sys.argv[1], default_integrations=False, traces_sample_rate=1.0)
with sentry_sdk.start_transaction(name="nightly-report", op="task"):
    with sentry_sdk.start_span(op="db", description="select * from reports"):
        time.sleep(0.6)
with sentry_sdk.start_transaction(name="GET /health", op="http.server"):
    pass
sentry_sdk.flush(10)
print("flushed")
`;

interface ErrorsAnswer {
  count: number;
  errors: Array<{ event: { tags?: Record<string, string> } }>;
}

describe('search: GET /errors?query= over events the real SDKs sent with contexts and tags', function () {
  this.timeout(60_000);
  let h: Harness;
  let tmp: ReturnType<typeof tempDir>;
  before(async () => {
    h = await startHarness();
    tmp = tempDir('sentry-lens-search-');
    const dsn = `http://public@127.0.0.1:${h.port}/1`;
    const py = await runScript('/usr/bin/python3', [writeTemp(tmp.path, 'context.py', PYTHON_CONTEXT_SCRIPT), dsn]);
    assert.match(py.stdout, /flushed/);
    const node = await runScript(process.execPath, [writeTemp(tmp.path, 'context.mjs', NODE_CONTEXT_SCRIPT), dsn, join(repoRoot, 'package.json')]);
    assert.match(node.stdout, /flushed/);
  });
  after(async () => {
    await h.close();
    tmp.remove();
  });

  /** The `case` tags of the events the query selects, sorted. */
  async function select(query: string): Promise<string[]> {
    const res = await fetch(`${h.base}/errors?limit=1000&query=${encodeURIComponent(query)}`);
    const body = (await res.json()) as ErrorsAnswer;
    assert.equal(res.status, 200, `${query}: ${JSON.stringify(body)}`);
    assert.equal(body.count, body.errors.length);
    return body.errors.map((e) => e.event.tags?.case ?? '?').sort();
  }
  const sorted = (...cases: string[]) => [...cases].sort();

  it('stored every event both SDKs sent', async () => {
    assert.deepEqual(await select(''), sorted(...PYTHON_CASES, ...NODE_CASES));
  });

  it('selects by context fields, in both spellings', async () => {
    assert.deepEqual(await select('context.payment.provider:stripe'), ['stripe-checkout']);
    assert.deepEqual(await select('contexts.database.system:mysql'), ['adyen-refund']);
    assert.deepEqual(await select('context.authentication.provider:okta OR context.authentication.method:password'), sorted('adyen-refund', 'login-message'));
    assert.deepEqual(await select('context.cache.hit:false context.cache.system:redis'), sorted('stripe-checkout', 'cache-down'));
    assert.deepEqual(await select('has:context.provider platform:python'), sorted('stripe-checkout', 'adyen-refund', 'cache-down'));
  });

  it('ORs across contexts and matches tags[...] with wildcards', async () => {
    assert.deepEqual(await select('context.payment.provider:stripe OR tags[db]:*pg*'), sorted('stripe-checkout', 'db-timeout', 'node-braintree'));
    assert.deepEqual(await select('context.payment.currency:EUR OR context.cache.system:memcached OR tags[provider]:braintree'), sorted('adyen-refund', 'db-timeout', 'node-braintree'));
    assert.deepEqual(await select('(tags[db]:mysql-* OR tags[cache.hit]:true) level:[warning, fatal]'), sorted('adyen-refund', 'db-timeout', 'node-cache-message'));
    assert.deepEqual(await select('tags[payment.currency]:* !provider:stripe'), ['adyen-refund']);
  });

  it('selects by event fields, free text, errors and frames', async () => {
    assert.deepEqual(await select('error.type:CacheUnavailable OR "login throttled"'), sorted('cache-down', 'login-message'));
    assert.deepEqual(await select('stack.function:chargeCard user.email:node@example.com'), ['node-braintree']);
    assert.deepEqual(await select('environment:staging !has:context.payment'), ['node-cache-message']);
    assert.deepEqual(await select('timestamp:-1h timesSeen:1 level:fatal'), ['db-timeout']);
  });

  it('takes the same grammar with the trace and log keys on /traces and /logs', async () => {
    const script = writeTemp(tmp.path, 'traces.py', TRACES_SCRIPT);
    const out = await runScript('/usr/bin/python3', [script, `http://public@127.0.0.1:${h.port}/1`]);
    assert.match(out.stdout, /flushed/);
    const names = async (query: string) => {
      const res = await fetch(`${h.base}/traces?query=${encodeURIComponent(query)}`);
      const body = (await res.json()) as { traces: Array<{ rootName: string }> };
      assert.equal(res.status, 200, `${query}: ${JSON.stringify(body)}`);
      return body.traces.map((t) => t.rootName).sort();
    };
    assert.deepEqual(await names('duration:>500ms'), ['nightly-report']);
    assert.deepEqual(await names('op:http.server OR transaction:nightly*'), ['GET /health', 'nightly-report']);
    assert.deepEqual(await names('(health OR nightly) duration:<500ms spans:1'), ['GET /health']);
    for (const [path, query, reason] of [
      ['/traces', 'duration:fast', /invalid query: "fast" at position 10 is not a duration/],
      ['/traces', 'op:task level:error', /invalid query: unknown key "level" at position 9 for traces/],
      ['/logs', 'level:loud', /invalid query: unknown log level "loud"/],
      ['/logs', 'body:"open', /invalid query: unbalanced quote: the " at position 6 is never closed/],
    ] as const) {
      const res = await fetch(`${h.base}${path}?query=${encodeURIComponent(query)}`);
      const body = (await res.json()) as { detail?: string };
      assert.equal(res.status, 400, `${path} ${query}: ${res.status} ${JSON.stringify(body)}`);
      assert.match(String(body.detail), reason, query);
    }
  });

  it('answers 400 with the reason and its position for a query it cannot take', async () => {
    for (const [query, reason] of [
      ['context.payment.provider:stripe OR', /invalid query: "OR" at position 33 needs a term after it/],
      ['(level:error', /invalid query: the "\(" at position 1 is never closed/],
      ['error.kind:TypeError', /invalid query: unknown key "error.kind" at position 1 for events/],
      ['timesSeen:>lots', /invalid query: "lots" at position 12 is not a number/],
    ] as const) {
      const res = await fetch(`${h.base}/errors?query=${encodeURIComponent(query)}`);
      const body = (await res.json()) as { detail?: string };
      assert.equal(res.status, 400, `${query}: ${res.status} ${JSON.stringify(body)}`);
      assert.match(String(body.detail), reason, query);
    }
  });
});
