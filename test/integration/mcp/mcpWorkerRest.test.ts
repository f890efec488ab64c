import { strict as assert } from 'node:assert';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { SentryApiClient } from '../../../src/api/sentryApiClient';
import type { WindowRestApi } from '../../../src/capture/worker/protocol';
import { WorkerCaptureListener } from '../../../src/capture/worker/workerListener';
import { WINDOW_REST_HOW_TO_CONFIGURE } from '../../../src/mcp/data/windowRestHelp';
import { restCallerFor } from '../../../src/ui/api/restCaller';
import type { Logger } from '../../../src/util/logger';
import { type FakeFrame, type FakeSentry, startFakeSentry } from '../../fake-sentry/fakeSentry';
import { tempDir, writeTemp } from '../captureHelpers';
import { listenerWorkerBundle } from '../helpers/listenerWorkerBundle';
import { call, connect } from './mcpFixture';

const CHECKOUT = ['export function checkout(cart) {', '  const total = cart.items.reduce((s, i) => s + i.price, 0);', '  return charge(total.toFixed(2));', '}', ''].join('\n');
const FRAMES: FakeFrame[] = [{ absPath: '/srv/app/src/checkout.ts', filename: 'src/checkout.ts', function: 'checkout', lineNo: 3, colNo: 10, inApp: true }];
const WRONG_TOKEN = 'sntryu_wrong_token_value_for_the_worker_0123';
const NOT_CONFIGURED = `The Sentry REST API is not configured, so Sentry's issues cannot be read. ${WINDOW_REST_HOW_TO_CONFIGURE}`;

// The VS Code window's listener runs on a worker thread; the window sends it what the REST API
// names (organization, projects) over the message port and runs the worker's REST calls on its
// own client, so its /mcp answers search_issues and get_issue as the window's language-model
// tools do while the token stays in the window.
describe('MCP at the worker listener: search_issues and get_issue with the REST API the window sends', function () {
  this.timeout(60_000);
  const tmp = tempDir('sentry-lens-mcp-worker-rest-');
  const ws = join(tmp.path, 'ws');
  /** Every answer and every log line of the worker: none may hold a token. */
  const seen: string[] = [];
  const logger: Logger = { trace: (m) => seen.push(m), debug: (m) => seen.push(m), info: (m) => seen.push(m), warn: (m) => seen.push(m), error: (m) => seen.push(m) };
  const listeners: WorkerCaptureListener[] = [];
  const clients: Client[] = [];
  let fake: FakeSentry;
  let listener: WorkerCaptureListener;
  let client: Client;

  const start = async (configure?: (l: WorkerCaptureListener) => void) => {
    const l = new WorkerCaptureListener({
      workerPath: await listenerWorkerBundle(),
      storeDir: join(tmp.path, `store-${listeners.length}`),
      maxEvents: 100,
      scrubbing: { extraKeys: [], extraPatterns: [] },
      projects: [],
      version: '7.7.7',
      logger,
      workspace: { roots: [ws], mappings: [{ stackRoot: '/srv/app/', sourceRoot: '.' }] },
    });
    listeners.push(l);
    configure?.(l);
    const r = await l.start({ host: '127.0.0.1', port: 0 });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    const c = await connect(new StreamableHTTPClientTransport(new URL(`${l.url}/mcp`)));
    clients.push(c);
    return { l, c };
  };
  const ask = async (c: Client, name: string, args: Record<string, unknown>) => {
    const r = await call(c, name, args);
    seen.push(r.text);
    return r;
  };
  /** Asks until the answer passes `ok` (a configuration sent to the worker applies when it gets the message). */
  const eventually = async (c: Client, name: string, args: Record<string, unknown>, ok: (r: { isError: boolean; text: string }) => boolean) => {
    const until = Date.now() + 10_000;
    for (;;) {
      const r = await ask(c, name, args);
      if (ok(r)) return r;
      if (Date.now() > until) assert.fail(`still not so after 10 s:\n${r.text}`);
      await new Promise((res) => setTimeout(res, 50));
    }
  };
  const apiClients: SentryApiClient[] = [];
  /** The window's side: its configuration and its client, made with `token`. */
  const configured = (token = fake.token): WindowRestApi => {
    const api = new SentryApiClient({ baseUrl: fake.url, token, logger, userAgent: 'sentry-lens-test' });
    apiClients.push(api);
    return { config: { baseUrl: fake.url, org: fake.state.org, projects: [] }, call: restCallerFor(api) };
  };

  before(async () => {
    fake = await startFakeSentry({ issues: [{ title: 'TypeError: total.toFixed is not a function', frames: FRAMES, level: 'error' }, { level: 'warning' }] });
    mkdirSync(join(ws, 'src'), { recursive: true });
    writeTemp(ws, 'src/checkout.ts', CHECKOUT);
    ({ l: listener, c: client } = await start());
  });
  after(async () => {
    for (const c of clients) await c.close();
    for (const l of listeners) await l.stop();
    for (const a of apiClients) await a.close();
    await fake?.close();
    tmp.remove();
  });

  it('before the window sends a configuration: both tools are listed and say how to configure the API, as the language-model tools do', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.slice(-2).map((t) => t.name), ['search_issues', 'get_issue']);
    const r = await ask(client, 'search_issues', {});
    assert.deepEqual([r.isError, r.text], [true, NOT_CONFIGURED]);
    assert.equal(fake.state.requests.length, 0, 'nothing was asked of Sentry');
  });

  it('once configured: search_issues lists the issues, get_issue resolves the latest event to the workspace file', async () => {
    listener.setRest(configured());
    const list = await eventually(client, 'search_issues', {}, (r) => !r.isError);
    const issue = fake.state.issues[0]!;
    assert.ok(list.text.includes(`### 1. ${issue.shortId}: TypeError: total.toFixed is not a function`), list.text);
    assert.match(list.text, /Showing all 2 matching \(limit 10\)\./);
    const one = await ask(client, 'get_issue', { issueId: issue.shortId });
    assert.equal(one.isError, false, one.text);
    assert.ok(one.text.includes(`\`checkout\` at \`${join(ws, 'src/checkout.ts')}:3:10\``), one.text);
    assert.ok(one.text.includes('  return charge(total.toFixed(2));\n'), one.text);
    assert.ok(seen.some((l) => l.includes(`search_issues and get_issue read organization "${fake.state.org}" at ${fake.url}`)), seen.join('\n'));
  });

  it('a refused token: the tool error says so and how to configure the API, without the token', async () => {
    listener.setRest(configured(WRONG_TOKEN));
    const r = await eventually(client, 'search_issues', {}, (x) => x.isError);
    assert.match(r.text, /The auth token is invalid or expired/);
    assert.ok(r.text.endsWith(WINDOW_REST_HOW_TO_CONFIGURE), r.text);
  });

  it('the token removed: the tools answer how to configure the API again', async () => {
    listener.setRest(configured());
    await eventually(client, 'search_issues', {}, (r) => !r.isError);
    listener.setRest(undefined);
    const r = await eventually(client, 'get_issue', { issueId: fake.state.issues[0]!.shortId }, (x) => x.isError);
    assert.equal(r.text, NOT_CONFIGURED);
  });

  it('a configuration set before the listener starts reaches the worker when it starts', async () => {
    const { c } = await start((l) => l.setRest(configured()));
    const r = await eventually(c, 'search_issues', { limit: 1 }, (x) => !x.isError);
    assert.match(r.text, /Showing the first 1 \(limit 1\)/);
  });

  it('no answer, no log line and no file the worker wrote holds a token', () => {
    assert.ok(seen.length > 10);
    for (const f of readdirSync(tmp.path, { recursive: true, withFileTypes: true })) {
      if (!f.isFile()) continue;
      const text = readFileSync(join(f.parentPath, f.name), 'latin1');
      assert.ok(!text.includes(fake.token) && !text.includes(WRONG_TOKEN), `a token in ${f.name}`);
    }
    for (const line of seen) {
      assert.ok(!line.includes(fake.token), `the token in: ${line.slice(0, 200)}`);
      assert.ok(!line.includes(WRONG_TOKEN), `the refused token in: ${line.slice(0, 200)}`);
    }
  });
});
