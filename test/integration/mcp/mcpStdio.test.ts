import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { NODE_TRACE_SCRIPT } from '../../fixtures/mcp/traceScript';
import { PYTHON_LOCALS_SCRIPT } from '../../fixtures/replay/sdkScripts';
import { type Harness, repoRoot, runScript, startHarness, tempDir, writeTemp } from '../captureHelpers';
import { call, connect } from './mcpFixture';

const stdio = (port: number, root: string) =>
  new StdioClientTransport({ command: process.execPath, args: ['--import', 'tsx', join(repoRoot, 'src/cli.ts'), 'mcp', '--port', String(port), '--root', root], cwd: repoRoot, stderr: 'pipe' });

// `sentry-lens mcp` over stdio, driven by the official MCP client, reading a listener fed by real SDK runs.
describe('MCP over stdio: sentry-lens mcp reads the running listener', function () {
  this.timeout(60_000);
  let h: Harness;
  let tmp: ReturnType<typeof tempDir>;
  let client: Client;
  const throwLine = NODE_TRACE_SCRIPT.split('\n').findIndex((l) => l.includes("throw new Error('payment failed")) + 1;
  before(async () => {
    h = await startHarness();
    tmp = tempDir('sentry-lens-mcp-stdio-');
    const js = writeTemp(tmp.path, 'shop.mjs', NODE_TRACE_SCRIPT);
    await runScript(process.execPath, [js, `http://public@127.0.0.1:${h.port}/1`, join(repoRoot, 'package.json')]);
    const py = writeTemp(tmp.path, 'orders.py', PYTHON_LOCALS_SCRIPT);
    await runScript('/usr/bin/python3', [py, `http://public@127.0.0.1:${h.port}/7`]);
    client = await connect(stdio(h.port, tmp.path));
  });
  after(async () => {
    await client?.close();
    await h.close();
    tmp.remove();
  });

  it('offers Spotlight\'s four tools and ours', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['get_event', 'get_traces', 'search_errors', 'search_events', 'search_logs', 'search_traces']);
    assert.deepEqual(Object.keys((tools.find((t) => t.name === 'get_traces')!.inputSchema.properties ?? {}) as object), ['traceId']);
  });

  it('search_errors: the error of the trace, resolved to the file under --root with its code', async () => {
    const r = await call(client, 'search_errors', { filters: { filename: 'shop.mjs' } });
    assert.equal(r.isError, false, r.text);
    assert.ok(r.text.includes(`\`charge\` at \`${join(tmp.path, 'shop.mjs')}:${throwLine}:`), r.text);
    assert.match(r.text, /if \(amount > 100\) throw new Error\('payment failed/);
  });

  it('search_traces and get_traces by an 8-character prefix: spans as a tree, the error resolved, the logs', async () => {
    const list = await call(client, 'search_traces', { filters: { timeWindow: 3600 } });
    assert.match(list.text, /Showing 1-\d+ of \d+ traces/);
    const m = /`([0-9a-f]{8})` http\.server POST \/checkout · [\d.]+ ms · (\d+) spans · \*\*1 error\*\*/.exec(list.text);
    assert.ok(m, list.text);
    assert.ok(Number(m[2]) >= 2);
    const t = await call(client, 'get_traces', { traceId: m[1]!.toUpperCase() });
    assert.equal(t.isError, false, t.text);
    assert.match(t.text, /^- `http\.server` POST \/checkout \+0\.0 ms/m);
    assert.match(t.text, /^ {2}- `db\.query` load cart \+[\d.]+ ms, [\d.]+ ms$/m);
    assert.ok(t.text.includes(`${join(tmp.path, 'shop.mjs')}:${throwLine}:`), t.text);
    assert.match(t.text, /info cart loaded .*items=3/);
    assert.match(t.text, /warn slow payment/);
  });

  it('search_logs: newest first, with their trace; the filters apply', async () => {
    const r = await call(client, 'search_logs', { filters: { limit: 5 } });
    assert.match(r.text, /Showing 1-3 of 3 log lines/);
    assert.ok(r.text.indexOf('after the trace') < r.text.indexOf('cart loaded'), r.text);
    assert.match(r.text, /cart loaded \(trace `[0-9a-f]{8}`\)/);
    assert.match((await call(client, 'search_logs', { filters: { timeWindow: 0.001 } })).text, /No logs found/);
  });

  it('unknown and malformed trace ids are tool errors', async () => {
    const unknown = await call(client, 'get_traces', { traceId: 'ffffffff' });
    assert.deepEqual([unknown.isError, /No trace starts with `ffffffff`/.test(unknown.text)], [true, true]);
    const bad = await call(client, 'get_traces', { traceId: 'trace-1' });
    assert.deepEqual([bad.isError, /traceId: a trace id is 8 to 32 hexadecimal digits/.test(bad.text)], [true, true]);
    const missing = await call(client, 'get_traces', {});
    assert.deepEqual([missing.isError, /traceId/.test(missing.text)], [true, true]);
  });

  it('with no listener running, every tool says so and how to start one', async () => {
    const port = h.port;
    const down = tempDir('sentry-lens-mcp-down-');
    const idle = await startHarness();
    const closedPort = idle.port;
    await idle.close();
    const c = await connect(stdio(closedPort, down.path));
    try {
      for (const [name, args] of [['search_errors', {}], ['search_traces', {}], ['get_event', { eventId: 'abcdef12' }]] as const) {
        const r = await call(c, name, args);
        assert.equal(r.isError, true, name);
        assert.match(r.text, new RegExp(`No Sentry Lens listener answers at http://127\\.0\\.0\\.1:${closedPort}\\. Start local capture`));
      }
    } finally {
      await c.close();
      down.remove();
    }
    assert.equal(h.port, port);
  });
});
