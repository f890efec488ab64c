import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../../capture/http/bodyReader';
import { type Limits, resolveLimits } from '../../capture/http/limits';
import { RPC, rpcError } from './jsonRpc';
import { type McpServer, PROTOCOL_VERSIONS } from './mcpServer';

/** An MCP request body is small: a tool call with its arguments. */
const MAX_BODY = 1024 * 1024;

/**
 * MCP's Streamable HTTP transport on one route (`POST /mcp`), answering each
 * POST with a JSON body (the spec allows JSON in place of an SSE stream) and
 * 202 for notifications. The listener has already checked the Host header;
 * this adds the spec's Origin check: a web page on another site cannot call
 * the tools (no CORS, and an Origin that is not this machine is refused).
 */
export function mcpHttpHandler(server: McpServer, limits?: Partial<Limits>): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const l = resolveLimits({ ...limits, maxBodyBytes: Math.min(limits?.maxBodyBytes ?? MAX_BODY, MAX_BODY) });
  return async (req, res) => {
    const origin = req.headers.origin;
    if (origin !== undefined && !isLocalOrigin(origin)) return reply(res, 403, { error: 'MCP over HTTP is not available to web pages (the Origin is not this machine)' });
    if (req.headers['sec-fetch-site'] === 'cross-site') return reply(res, 403, { error: 'MCP over HTTP is not available to web pages' });
    const type = String(req.headers['content-type'] ?? '').toLowerCase();
    if (!type.startsWith('application/json')) {
      req.resume();
      return reply(res, 415, rpcError(null, RPC.invalidRequest, 'POST a JSON-RPC message with Content-Type: application/json'));
    }
    const version = req.headers['mcp-protocol-version'];
    if (typeof version === 'string' && !(PROTOCOL_VERSIONS as readonly string[]).includes(version)) {
      req.resume();
      return reply(res, 400, rpcError(null, RPC.invalidRequest, `unsupported MCP-Protocol-Version ${version.slice(0, 20)}; supported: ${PROTOCOL_VERSIONS.join(', ')}`));
    }
    const body = await readBody(req, l, MAX_BODY);
    if (!body.ok) return reply(res, body.status, rpcError(null, RPC.invalidRequest, body.reason));
    let message: unknown;
    try {
      message = JSON.parse(body.body.toString('utf8'));
    } catch {
      return reply(res, 400, rpcError(null, RPC.parseError, 'the body is not valid JSON'));
    }
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const answer = await server.handleBody(message, abort.signal);
    if (answer === undefined) {
      res.writeHead(202).end();
      return;
    }
    reply(res, 200, answer);
  };
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** An Origin of a page served from this machine (`http://localhost:3000`, `http://127.0.0.1`, `vscode-webview://…` is not). */
export function isLocalOrigin(origin: string): boolean {
  let u: URL;
  try {
    u = new URL(origin);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  const h = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}
