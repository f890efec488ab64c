import { strict as assert } from 'node:assert';
import { mkdirSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { WorkerCaptureListener } from '../../../src/capture/worker/workerListener';
import { PYTHON_LOCALS_SCRIPT } from '../../fixtures/replay/sdkScripts';
import { runScript, tempDir, writeTemp } from '../captureHelpers';
import { listenerWorkerBundle } from '../helpers/listenerWorkerBundle';
import { call, connect } from './mcpFixture';

/** Asks until `answer` passes `ok` (a change sent to the worker applies when it gets the message), or fails with the last answer. */
async function eventually(answer: () => Promise<string>, ok: (text: string) => boolean, ms = 10_000): Promise<string> {
  const until = Date.now() + ms;
  for (;;) {
    const text = await answer();
    if (ok(text)) return text;
    if (Date.now() > until) assert.fail(`still not so after ${ms} ms:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const LIST = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

/** A raw POST /mcp with the headers a test chooses (fetch would not send a hostile Host). */
function post(port: number, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(LIST);
  });
}

// The VS Code window's listener runs on a worker thread; its /mcp resolves frames
// against the folders and code mappings the window gives it, and follows their changes.
describe('MCP at the worker listener: /mcp with the window’s folders and code mappings', function () {
  this.timeout(60_000);
  const tmp = tempDir('sentry-lens-mcp-worker-');
  const run = join(tmp.path, 'run');
  const wsA = join(tmp.path, 'wsA');
  const wsB = join(tmp.path, 'wsB');
  const raiseLine = PYTHON_LOCALS_SCRIPT.split('\n').findIndex((l) => /raise RuntimeError/.test(l)) + 1;
  const listeners: WorkerCaptureListener[] = [];
  let listener: WorkerCaptureListener;
  let client: Client;

  const start = async (workspace?: { roots: string[]; mappings: Array<{ stackRoot: string; sourceRoot: string }> }) => {
    const l = new WorkerCaptureListener({
      workerPath: await listenerWorkerBundle(),
      storeDir: join(tmp.path, `store-${listeners.length}`),
      maxEvents: 1000,
      telemetry: { maxTraces: 100, maxLogs: 100 },
      scrubbing: { extraKeys: [], extraPatterns: [] },
      projects: [],
      version: '7.7.7',
      ...(workspace ? { workspace } : {}),
    });
    listeners.push(l);
    const r = await l.start({ host: '127.0.0.1', port: 0 });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    return l;
  };

  before(async () => {
    for (const d of [run, wsA, wsB, join(wsB, 'mapped')]) mkdirSync(d, { recursive: true });
    for (const d of [wsA, wsB, join(wsB, 'mapped')]) writeTemp(d, 'orders.py', PYTHON_LOCALS_SCRIPT);
    listener = await start({ roots: [wsA], mappings: [] });
    // The program ran from a folder that is gone since: only the roots and mappings say where its code is.
    const program = writeTemp(run, 'orders.py', PYTHON_LOCALS_SCRIPT);
    await runScript('/usr/bin/python3', [program, `http://public@127.0.0.1:${listener.port}/7`]);
    rmSync(program);
    client = await connect(new StreamableHTTPClientTransport(new URL(`${listener.url}/mcp`)));
  });
  after(async () => {
    await client?.close();
    for (const l of listeners) await l.stop();
    tmp.remove();
  });

  it('lists every captured-data tool, the trace and log tools included, and the REST tools as the window offers them', async () => {
    assert.deepEqual(client.getServerVersion(), { name: 'sentry-lens', version: '7.7.7' });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['search_errors', 'search_events', 'get_event', 'search_traces', 'get_traces', 'search_logs', 'search_issues', 'get_issue']);
  });

  it('resolves the frame of a real SDK run against the workspace folder, with the code there', async () => {
    const r = await call(client, 'search_errors', { filters: {} });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /RuntimeError: checkout failed for order A-1001/);
    assert.ok(r.text.includes(`${join(wsA, 'orders.py')}:${raiseLine}`), r.text);
    assert.match(r.text, /raise RuntimeError\("checkout failed for order %s" % order_id\) from e/);
  });

  it('follows new folders, then new code mappings, sent while it runs', async () => {
    const whereIs = async () => (await call(client, 'search_errors', { filters: { filename: 'orders.py' } })).text;
    assert.ok((await whereIs()).includes(`${join(wsA, 'orders.py')}:${raiseLine}`));
    listener.setWorkspace({ roots: [wsB], mappings: [] });
    const moved = await eventually(whereIs, (t) => t.includes(`${join(wsB, 'orders.py')}:${raiseLine}`));
    assert.ok(!moved.includes(wsA), 'the old folder is no longer searched');
    listener.setWorkspace({ roots: [wsB], mappings: [{ stackRoot: `${run}/`, sourceRoot: 'mapped' }] });
    await eventually(whereIs, (t) => t.includes(`${join(wsB, 'mapped', 'orders.py')}:${raiseLine}`));
  });

  it('follows files created and deleted in the workspace, as the window reports them', async () => {
    const whereIs = async () => (await call(client, 'search_errors', { filters: { filename: 'orders.py' } })).text;
    const wsC = join(tmp.path, 'wsC');
    mkdirSync(wsC);
    listener.setWorkspace({ roots: [wsC], mappings: [] });
    await eventually(whereIs, (t) => !t.includes(wsB) && !t.includes(`${wsC}/`)); // indexed, empty
    const created = writeTemp(wsC, 'orders.py', PYTHON_LOCALS_SCRIPT);
    assert.ok(!(await whereIs()).includes(created), 'the index does not look at the disk per frame');
    listener.filesChanged({ events: [{ kind: 'created', path: created }], rescan: false });
    await eventually(whereIs, (t) => t.includes(`${created}:${raiseLine}`));
    rmSync(created);
    listener.filesChanged({ events: [{ kind: 'deleted', path: created }], rescan: false });
    await eventually(whereIs, (t) => !t.includes(created));
    writeTemp(wsC, 'orders.py', PYTHON_LOCALS_SCRIPT);
    listener.filesChanged({ events: [], rescan: true });
    await eventually(whereIs, (t) => t.includes(`${created}:${raiseLine}`));
  });

  it('keeps the guards of the read API: a foreign Host or Origin is refused, a local Origin served', async () => {
    const host = `127.0.0.1:${listener.port}`;
    assert.equal((await post(listener.port, { host })).status, 200);
    assert.equal((await post(listener.port, { host: 'evil.example' })).status, 403);
    const web = await post(listener.port, { host, origin: 'https://evil.example' });
    assert.equal(web.status, 403);
    assert.match(web.body, /not available to web pages/);
    const local = await post(listener.port, { host: `localhost:${listener.port}`, origin: 'http://localhost:3000' });
    assert.equal(local.status, 200);
    assert.match(local.body, /"search_errors"/);
  });

  it('serves no /mcp when it was given no workspace', async () => {
    const bare = await start();
    assert.equal((await post(bare.port, { host: `127.0.0.1:${bare.port}` })).status, 404);
  });
});
