// JSON-RPC to the window listener's own POST /mcp, as an MCP client over Streamable HTTP sends it.
import { strict as assert } from 'node:assert';

/** One request to the listener's /mcp on `port`; its result (a 200 is asserted). */
export async function listenerMcpRpc(port: number, id: number, method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}/mcp`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id, method, params }),
  });
  assert.equal(res.status, 200, `${method}: ${res.status}`);
  return ((await res.json()) as { result: Record<string, unknown> }).result;
}

/** A tools/call at the listener's /mcp: the answer's text and whether it is a tool error. */
export async function listenerMcpCall(port: number, name: string, args: Record<string, unknown>): Promise<{ isError: boolean; text: string }> {
  const r = (await listenerMcpRpc(port, 9, 'tools/call', { name, arguments: args })) as { content: Array<{ text: string }>; isError?: boolean };
  return { isError: r.isError === true, text: r.content.map((c) => c.text).join('\n') };
}
