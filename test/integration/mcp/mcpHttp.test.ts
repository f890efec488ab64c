import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { lensMcpServer } from '../../../src/mcp/tools/lensTools';
import { mcpHttpHandler } from '../../../src/mcp/protocol/mcpHttp';
import { StoreData } from '../../../src/mcp/data/storeData';
import { StoreTelemetry } from '../../../src/mcp/data/storeTelemetry';
import { ErrorLinks } from '../../../src/capture/kinds/traces/errorLinks';
import { TraceReader } from '../../../src/capture/kinds/traces/traceReader';
import { type SdkRuns, call, connect, sdkRuns } from './mcpFixture';

// The official MCP client over Streamable HTTP, against the listener's /mcp, fed by real SDK runs.
describe('MCP over HTTP: the listener serves the tools at /mcp', function () {
  this.timeout(60_000);
  let run: SdkRuns;
  let client: Client;
  let handler: ReturnType<typeof mcpHttpHandler> | undefined;
  before(async () => {
    run = await sdkRuns({ mcp: () => handler });
    const telemetry = new StoreTelemetry(run.h.telemetry, new TraceReader(run.h.telemetry, new ErrorLinks(run.h.store)));
    handler = mcpHttpHandler(lensMcpServer({ data: new StoreData(run.h.store), telemetry, locator: run.resolver, version: '9.9.9' }));
    client = await connect(new StreamableHTTPClientTransport(new URL(`${run.h.base}/mcp`)));
  });
  after(async () => {
    await client?.close();
    await run.h.close();
    run.tmp.remove();
  });

  it('initializes with the server name and version, and lists the tools with JSON Schemas', async () => {
    assert.deepEqual(client.getServerVersion(), { name: 'sentry-lens', version: '9.9.9' });
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name), ['search_errors', 'search_events', 'get_event', 'search_traces', 'get_traces', 'search_logs']);
    const search = tools.find((t) => t.name === 'search_errors')!;
    assert.equal(search.inputSchema.type, 'object');
    const filters = (search.inputSchema.properties as Record<string, { properties?: Record<string, unknown> }>).filters;
    assert.deepEqual(Object.keys(filters?.properties ?? {}).sort(), ['filename', 'limit', 'offset', 'timeWindow']);
  });

  it('search_errors: both errors, newest first, each with its frame resolved to the workspace file and the code there', async () => {
    const r = await call(client, 'search_errors', { filters: {} });
    assert.equal(r.isError, false);
    assert.match(r.text, /Showing 1-2 of 2 errors/);
    const js = r.text.indexOf('Error: checkout failed for order A-1001');
    const py = r.text.indexOf('RuntimeError: checkout failed for order A-1001');
    assert.ok(js > 0 && py > js, r.text);
    assert.ok(r.text.includes(`${join(run.tmp.path, 'orders.py')}:${run.pyRaiseLine}`), r.text);
    assert.ok(r.text.includes(`${join(run.tmp.path, 'orders.mjs')}:${run.jsThrowLine}:`), r.text);
    assert.match(r.text, /raise RuntimeError\("checkout failed for order %s" % order_id\) from e/);
    assert.match(r.text, /get_event\(\{"eventId":"[0-9a-f]{8}"\}\)/);
  });

  it('search_errors filters: filename, timeWindow, limit and offset', async () => {
    const py = await call(client, 'search_errors', { filters: { filename: 'orders.py' } });
    assert.match(py.text, /Showing 1-1 of 1 errors/);
    assert.match(py.text, /RuntimeError/);
    assert.equal((await call(client, 'search_errors', { filters: { filename: 'nowhere.ts' } })).text.includes('No errors found'), true);
    assert.match((await call(client, 'search_errors', { filters: { timeWindow: 3600 } })).text, /of 2 errors/);
    const old = await call(client, 'search_errors', { filters: { timeWindow: 0.001 } });
    assert.match(old.text, /No errors found.*longer timeWindow/s);
    const second = await call(client, 'search_errors', { filters: { limit: 1, offset: 1 } });
    assert.match(second.text, /Showing 2-2 of 2 errors/);
    assert.match(second.text, /RuntimeError: checkout failed/);
    const first = await call(client, 'search_errors', { filters: { limit: 1 } });
    assert.match(first.text, /search_errors\(\{"filters":\{"limit":1,"offset":1\}\}\) for more/);
  });

  it('get_event by an 8-digit prefix: chain innermost first, resolved frames, variables, breadcrumbs, tags, contexts', async () => {
    const py = run.h.store.list({ filter: (e) => e.projectId === '7' })[0]!;
    const r = await call(client, 'get_event', { eventId: py.id.slice(0, 8).toUpperCase() });
    assert.equal(r.isError, false, r.text);
    assert.match(r.text, /^# RuntimeError: checkout failed for order A-1001/);
    assert.ok(r.text.includes(`**Where:** \`checkout\` at \`${join(run.tmp.path, 'orders.py')}:${run.pyRaiseLine}`), r.text);
    assert.ok(r.text.indexOf('## Raised: RuntimeError') < r.text.indexOf('## Cause 1: OutOfStock: only 1 left, 3 wanted'));
    assert.match(r.text, /vars: order_id='A-1001', order=\{"id":"'A-1001'"/);
    assert.match(r.text, /\[cart\] added 3 mugs/);
    assert.match(r.text, /`checkout.step`=`pricing`/);
    assert.match(r.text, /release shop@2\.1\.0/);
    const js = run.h.store.list({ filter: (e) => e.projectId === '8' })[0]!;
    const j = await call(client, 'get_event', { eventId: js.id });
    assert.ok(j.text.includes(`**Where:** \`checkout\` at \`${join(run.tmp.path, 'orders.mjs')}:${run.jsThrowLine}:`), j.text);
    assert.match(j.text, /## Cause 1: RangeError: only 1 left, 3 wanted/);
    assert.match(j.text, /- runtime: name=node/);
    assert.match(j.text, /get_traces\(\{"traceId":"[0-9a-f]{8}"\}\)/);
  });

  it('search_events takes the search language; a bad query is a tool error with examples', async () => {
    const r = await call(client, 'search_events', { query: 'error.type:RuntimeError' });
    assert.match(r.text, /Showing 1-1 of 1 matching events/);
    assert.match(r.text, /orders\.py/);
    const bad = await call(client, 'search_events', { query: '(level:error' });
    assert.equal(bad.isError, true);
    assert.match(bad.text, /invalid query: .*Example queries/s);
  });

  it('unknown and ambiguous ids, and hostile arguments, are tool errors that say what to do', async () => {
    const unknown = await call(client, 'get_event', { eventId: 'deadbeefdeadbeef' });
    assert.deepEqual([unknown.isError, /No captured event has the id `deadbeefdeadbeef`/.test(unknown.text)], [true, true]);
    const short = await call(client, 'get_event', { eventId: 'abc' });
    assert.deepEqual([short.isError, /eventId: an event id is 8 to 32 hexadecimal digits/.test(short.text)], [true, true]);
    const wrongType = await call(client, 'search_errors', { filters: { limit: 'ten' } });
    assert.deepEqual([wrongType.isError, /Invalid arguments for search_errors: filters\.limit: .*expected number/.test(wrongType.text)], [true, true]);
    const negative = await call(client, 'search_errors', { filters: { offset: -1 } });
    assert.equal(negative.isError, true);
    const extra = await call(client, 'search_errors', { filters: { since: 5 } });
    assert.deepEqual([extra.isError, /since/.test(extra.text)], [true, true]);
    const huge = await call(client, 'search_errors', { filters: { limit: 1e9 } });
    assert.deepEqual([huge.isError, /limit 1000000000 lowered to 50/.test(huge.text)], [false, true]);
    const longQuery = await call(client, 'search_events', { query: 'x'.repeat(5000) });
    assert.equal(longQuery.isError, true);
    await assert.rejects(client.callTool({ name: 'drop_tables', arguments: {} }), /unknown tool "drop_tables"/);
  });

  it('the route: GET is 405, a foreign Origin is 403, a body that is not JSON is a parse error', async () => {
    const url = `${run.h.base}/mcp`;
    const get = await fetch(url);
    assert.equal(get.status, 405);
    assert.equal(get.headers.get('allow'), 'POST');
    const ping = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' });
    const foreign = await fetch(url, { method: 'POST', body: ping, headers: { 'content-type': 'application/json', origin: 'https://evil.example' } });
    assert.equal(foreign.status, 403);
    const local = await fetch(url, { method: 'POST', body: ping, headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' } });
    assert.deepEqual(await local.json(), { jsonrpc: '2.0', id: 1, result: {} });
    const garbage = await fetch(url, { method: 'POST', body: '{', headers: { 'content-type': 'application/json' } });
    assert.equal(((await garbage.json()) as { error: { code: number } }).error.code, -32700);
    const note = await fetch(url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }), headers: { 'content-type': 'application/json' } });
    assert.equal(note.status, 202);
  });
});
