import { strict as assert } from 'node:assert';
import { z } from 'zod';
import { McpServer } from '../../../../src/mcp/protocol/mcpServer';
import { ToolFailure, defineTool } from '../../../../src/mcp/protocol/tool';
import { fail, ok } from '../../../../src/util/result';

const echo = defineTool({
  name: 'echo',
  title: 'Echo',
  description: 'says it back',
  input: z.object({ text: z.string().max(10), times: z.number().int().positive().optional() }).strict(),
  readOnly: true,
  async run(args) {
    if (args.text === 'missing') return fail('no such thing: try another');
    if (args.text === 'down') throw new ToolFailure('listener-unavailable', 'nothing listens');
    if (args.text === 'bug') throw new TypeError('boom');
    return ok(args.text.repeat(args.times ?? 1));
  },
});

const server = () => new McpServer({ name: 'lens', version: '1.2.3', instructions: 'use echo' }, [echo]);
const req = (method: string, params?: Record<string, unknown>, id: number | string = 1) => ({ jsonrpc: '2.0', id, method, ...(params ? { params } : {}) });

describe('McpServer: JSON-RPC 2.0 per the MCP spec', () => {
  it('initialize: answers the asked version when it speaks it, else its newest', async () => {
    const s = server();
    const a = (await s.handle(req('initialize', { protocolVersion: '2025-03-26', capabilities: {}, clientInfo: { name: 'c', version: '1' } }))) as unknown as { result: Record<string, unknown> };
    assert.deepEqual(a.result, { protocolVersion: '2025-03-26', capabilities: { tools: { listChanged: false } }, serverInfo: { name: 'lens', version: '1.2.3' }, instructions: 'use echo' });
    const b = (await s.handle(req('initialize', { protocolVersion: '1999-01-01' }))) as unknown as { result: { protocolVersion: string } };
    assert.equal(b.result.protocolVersion, '2025-11-25');
    const c = (await s.handle(req('initialize', {}))) as unknown as { error: { code: number; message: string } };
    assert.equal(c.error.code, -32602);
  });

  it('ping, unknown methods, notifications and responses', async () => {
    const s = server();
    assert.deepEqual(await s.handle(req('ping', undefined, 'a')), { jsonrpc: '2.0', id: 'a', result: {} });
    assert.equal(((await s.handle(req('resources/list'))) as unknown as { error: { code: number } }).error.code, -32601);
    assert.equal(await s.handle({ jsonrpc: '2.0', method: 'notifications/initialized' }), undefined);
    assert.equal(await s.handle({ jsonrpc: '2.0', id: 5, result: {} }), undefined);
  });

  it('messages that are not JSON-RPC: invalid request, with the id when it has one', async () => {
    const s = server();
    const noVersion = (await s.handle({ id: 3, method: 'ping' })) as unknown as { id: unknown; error: { code: number; message: string } };
    assert.deepEqual([noVersion.id, noVersion.error.code], [3, -32600]);
    assert.match(noVersion.error.message, /"jsonrpc": "2.0"/);
    assert.equal(((await s.handle('hello')) as unknown as { id: unknown }).id, null);
    assert.equal(((await s.handle({ jsonrpc: '2.0', id: 1.5, method: 'ping' })) as unknown as { error: { code: number } }).error.code, -32600);
    assert.equal(((await s.handleBody([])) as unknown as { error: { code: number } }).error.code, -32600);
  });

  it('a batch: one answer per request, none for notifications', async () => {
    const out = (await server().handleBody([req('ping', undefined, 1), { jsonrpc: '2.0', method: 'notifications/initialized' }, req('ping', undefined, 2)])) as Array<{ id: number }>;
    assert.deepEqual(out.map((r) => r.id), [1, 2]);
  });

  it('tools/list: JSON Schema of the input, read-only hint', async () => {
    const r = (await server().handle(req('tools/list'))) as unknown as { result: { tools: Array<Record<string, unknown>> } };
    const [t] = r.result.tools;
    assert.equal(t!.name, 'echo');
    assert.deepEqual(t!.inputSchema, {
      type: 'object',
      properties: { text: { type: 'string', maxLength: 10 }, times: { type: 'integer', exclusiveMinimum: 0, maximum: 9007199254740991 } },
      required: ['text'],
      additionalProperties: false,
    });
    assert.deepEqual(t!.annotations, { title: 'Echo', readOnlyHint: true, openWorldHint: false });
  });

  it('tools/call: answers, user errors, outside failures and bugs as isError results; an unknown tool as invalid params', async () => {
    const s = server();
    const call = async (args: unknown) => ((await s.handle(req('tools/call', { name: 'echo', arguments: args }))) as unknown as { result: { content: Array<{ text: string }>; isError?: boolean } }).result;
    assert.deepEqual(await call({ text: 'ab', times: 2 }), { content: [{ type: 'text', text: 'abab' }] });
    assert.deepEqual(await call({ text: 'missing' }), { content: [{ type: 'text', text: 'no such thing: try another' }], isError: true });
    assert.deepEqual(await call({ text: 'down' }), { content: [{ type: 'text', text: 'nothing listens' }], isError: true });
    assert.match((await call({ text: 'bug' })).content[0]!.text, /echo failed inside the server/);
    const wrong = await call({ text: 7, times: 'x' });
    assert.equal(wrong.isError, true);
    assert.match(wrong.content[0]!.text, /^Invalid arguments for echo: text: .*expected string.*; times: .*expected number/);
    assert.match((await call({ text: 'a', extra: 1 })).content[0]!.text, /extra/);
    assert.match((await call({ text: 'x'.repeat(11) })).content[0]!.text, /text: .*10/);
    const unknown = (await s.handle(req('tools/call', { name: 'nope' }))) as unknown as { error: { code: number; message: string } };
    assert.deepEqual(unknown.error, { code: -32602, message: 'unknown tool "nope"; tools/list names the 1 tools' });
    assert.equal(((await s.handle(req('tools/call', { arguments: {} }))) as unknown as { error: { code: number } }).error.code, -32602);
  });
});
