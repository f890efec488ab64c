import { createInterface } from 'node:readline';
import { RPC, rpcError } from './jsonRpc';
import type { McpServer } from './mcpServer';

/** Longest line taken from the client; a longer one is answered with a parse error and skipped. */
const MAX_LINE = 1024 * 1024;

/**
 * MCP's stdio transport: one JSON-RPC message per line in, one per line out
 * (nothing else is written to `write`; logs go elsewhere). Requests are
 * answered as they finish, so a slow tool does not hold up a ping. Resolves
 * when the input ends or `signal` aborts, after the answers under way.
 */
export async function serveStdio(server: McpServer, input: NodeJS.ReadableStream, write: (line: string) => void, signal?: AbortSignal): Promise<void> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  const pending = new Set<Promise<void>>();
  const abort = new AbortController();
  const onAbort = () => lines.close();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for await (const line of lines) {
      if (!line.trim()) continue;
      const p = answer(server, line, abort.signal).then((out) => {
        if (out !== undefined) write(`${JSON.stringify(out)}\n`);
      });
      pending.add(p);
      void p.finally(() => pending.delete(p));
    }
    await Promise.all(pending);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    abort.abort();
  }
}

async function answer(server: McpServer, line: string, signal: AbortSignal): Promise<unknown> {
  if (line.length > MAX_LINE) return rpcError(null, RPC.invalidRequest, `a message longer than ${MAX_LINE} characters`);
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    return rpcError(null, RPC.parseError, 'a line that is not JSON');
  }
  return server.handleBody(message, signal);
}
