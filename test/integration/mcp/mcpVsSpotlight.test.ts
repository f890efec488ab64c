import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorLinks } from '../../../src/capture/kinds/traces/errorLinks';
import { TraceReader } from '../../../src/capture/kinds/traces/traceReader';
import { lensMcpServer } from '../../../src/mcp/tools/lensTools';
import { mcpHttpHandler } from '../../../src/mcp/protocol/mcpHttp';
import { StoreData } from '../../../src/mcp/data/storeData';
import { StoreTelemetry } from '../../../src/mcp/data/storeTelemetry';
import { FrameResolver } from '../../../src/source/resolver/frameResolver';
import { NODE_TRACE_SCRIPT } from '../../fixtures/mcp/traceScript';
import { type Harness, repoRoot, runScript, startHarness, tempDir, writeTemp } from '../captureHelpers';
import { call, connect } from './mcpFixture';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

async function healthy(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/health`).then(
    (r) => r.ok,
    () => false,
  );
}

/** Forwards every envelope an SDK posts to both receivers, byte for byte (with the Content-Type Spotlight needs). */
function tee(targets: string[]): Promise<{ server: http.Server; port: number; forwarded: () => number }> {
  let count = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = { 'content-type': 'application/x-sentry-envelope' };
      if (req.headers['content-encoding']) headers['content-encoding'] = String(req.headers['content-encoding']);
      if (req.headers['x-sentry-auth']) headers['x-sentry-auth'] = String(req.headers['x-sentry-auth']);
      await Promise.all(targets.map((t) => fetch(`${t}${req.url}`, { method: 'POST', body, headers }).then((r) => r.arrayBuffer())));
      count++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as net.AddressInfo).port, forwarded: () => count })));
}

// The same envelopes from a real @sentry/node run, the same prompts, Spotlight's MCP and ours side by side.
describe('MCP: the same prompts to Spotlight and to Sentry Lens', function () {
  this.timeout(90_000);
  let h: Harness;
  let tmp: ReturnType<typeof tempDir>;
  let spotlight: ChildProcess | undefined;
  let ours: Client;
  let theirs: Client;
  let teeServer: http.Server | undefined;
  let handler: ReturnType<typeof mcpHttpHandler> | undefined;
  const throwLine = NODE_TRACE_SCRIPT.split('\n').findIndex((l) => l.includes("throw new Error('payment failed")) + 1;

  before(async () => {
    h = await startHarness({ mcp: () => handler });
    tmp = tempDir('sentry-lens-mcp-vs-');
    const port = await freePort();
    spotlight = spawn(process.execPath, [join(repoRoot, 'node_modules/@spotlightjs/spotlight/dist/run.js'), 'server', '-p', String(port)], {
      cwd: repoRoot,
      env: { ...process.env, SENTRY_DSN: '', SPOTLIGHT_CAPTURE: '' },
      stdio: 'ignore',
    });
    for (const deadline = Date.now() + 30_000; !(await healthy(port)); ) {
      if (Date.now() > deadline) throw new Error('the Spotlight sidecar did not become healthy');
      await new Promise((r) => setTimeout(r, 200));
    }
    const t = await tee([h.base, `http://127.0.0.1:${port}`]);
    teeServer = t.server;
    const js = writeTemp(tmp.path, 'shop.mjs', NODE_TRACE_SCRIPT);
    await runScript(process.execPath, [js, `http://public@127.0.0.1:${t.port}/1`, join(repoRoot, 'package.json')]);
    assert.ok(t.forwarded() >= 2);
    const resolver = new FrameResolver({ roots: [tmp.path], mappings: [] });
    await resolver.buildIndex();
    const telemetry = new StoreTelemetry(h.telemetry, new TraceReader(h.telemetry, new ErrorLinks(h.store)));
    handler = mcpHttpHandler(lensMcpServer({ data: new StoreData(h.store), telemetry, locator: resolver, version: '0' }));
    ours = await connect(new StreamableHTTPClientTransport(new URL(`${h.base}/mcp`)));
    theirs = await connect(new StreamableHTTPClientTransport(new URL(`http://localhost:${port}/mcp`)));
  });
  after(async () => {
    await ours?.close();
    await theirs?.close();
    teeServer?.close();
    if (spotlight && spotlight.exitCode === null) {
      const exited = new Promise((r) => spotlight!.once('exit', r));
      spotlight.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (spotlight.exitCode === null) spotlight.kill('SIGKILL');
    }
    await h.close();
    tmp.remove();
  });

  it('search_errors: both find the error; ours names the resolved file:line and its code where Spotlight names the file', async () => {
    const prompt = { filters: { timeWindow: 600 } };
    const s = await call(theirs, 'search_errors', prompt);
    const o = await call(ours, 'search_errors', prompt);
    assert.match(s.text, /payment failed: card declined for 250/);
    assert.match(o.text, /payment failed: card declined for 250/);
    const local = `${join(tmp.path, 'shop.mjs')}:${throwLine}`;
    assert.ok(o.text.includes(local), o.text);
    assert.ok(!s.text.includes(local), s.text);
    assert.ok(s.text.includes(join(tmp.path, 'shop.mjs')), s.text);
    assert.match(o.text, /if \(amount > 100\) throw new Error/);
  });

  it('search_traces / get_traces: ours keeps the streamed spans of @sentry/node 11', async () => {
    const prompt = { filters: { timeWindow: 600 } };
    const s = await call(theirs, 'search_traces', prompt);
    const o = await call(ours, 'search_traces', prompt);
    const m = /`([0-9a-f]{8})` http\.server POST \/checkout · [\d.]+ ms · (\d+) spans/.exec(o.text);
    assert.ok(m, o.text);
    assert.ok(Number(m[2]) >= 2);
    const tree = await call(ours, 'get_traces', { traceId: m[1]! });
    assert.match(tree.text, /load cart/);
    // Spotlight 4.11.8 builds traces from transaction items only: the streamed span items are not in its answer.
    assert.ok(!/load cart/.test(s.text), s.text);
    assert.match(s.text, /\*\*[0-9a-f]{8}\*\* \| .* \| 0 spans \|/);
    const theirTree = await call(theirs, 'get_traces', { traceId: m[1]! });
    assert.ok(!/load cart/.test(theirTree.text), theirTree.text);
  });

  it('search_logs: both list the log lines', async () => {
    const prompt = { filters: { timeWindow: 600 } };
    const s = await call(theirs, 'search_logs', prompt);
    const o = await call(ours, 'search_logs', prompt);
    for (const text of [s.text, o.text]) assert.match(text, /cart loaded/);
  });
});
