import { z } from 'zod';
import { type Logger, silentLogger } from '../../util/logger';
import { RPC, idOf, type RequestId, type RpcResponse, rpcError, rpcMessage } from './jsonRpc';
import { type McpTool, ToolFailure } from './tool';

/** Protocol versions this server speaks, newest first. */
export const PROTOCOL_VERSIONS = ['2025-11-25', '2025-06-18', '2025-03-26', '2024-11-05'] as const;

export interface McpServerInfo {
  name: string;
  version: string;
  /** Told to the client at initialize: what the server is for. */
  instructions?: string;
}

export interface ToolCallResult extends Record<string, unknown> {
  content: Array<{ type: 'text'; text: string }>;
  isError?: boolean;
}

/** A JSON-RPC error answer from a method. */
class Refusal {
  constructor(readonly failure: RpcResponse) {}
}

const callParams = z.object({ name: z.string(), arguments: z.record(z.string(), z.unknown()).optional() });
const initParams = z.object({ protocolVersion: z.string() }).loose();

/**
 * The MCP server side, without a transport: JSON-RPC 2.0 messages in,
 * responses out (initialize with version negotiation, ping, tools/list,
 * tools/call; notifications are taken and not answered). It keeps no session
 * state, so one instance serves any number of clients over any transport.
 */
export class McpServer {
  private readonly tools = new Map<string, McpTool>();
  private readonly log: Logger;

  constructor(
    private readonly info: McpServerInfo,
    tools: readonly McpTool[],
    logger?: Logger,
  ) {
    for (const t of tools) this.tools.set(t.name, t);
    this.log = logger ?? silentLogger;
  }

  /** A body as a transport received it: one message or (protocol 2025-03-26) a batch; undefined when nothing is to be answered. */
  async handleBody(body: unknown, signal?: AbortSignal): Promise<RpcResponse | RpcResponse[] | undefined> {
    if (Array.isArray(body)) {
      if (body.length === 0) return rpcError(null, RPC.invalidRequest, 'an empty batch');
      const out: RpcResponse[] = [];
      for (const m of body) {
        const r = await this.handle(m, signal);
        if (r) out.push(r);
      }
      return out.length ? out : undefined;
    }
    return this.handle(body, signal);
  }

  /** One message; undefined for notifications and responses. */
  async handle(message: unknown, signal?: AbortSignal): Promise<RpcResponse | undefined> {
    const parsed = rpcMessage.safeParse(message);
    if (!parsed.success) return rpcError(idOf(message), RPC.invalidRequest, 'not a JSON-RPC 2.0 request: it needs "jsonrpc": "2.0", a "method" string and, for a request, an "id"');
    const m = parsed.data;
    if (!('method' in m)) return undefined; // a response to a request we never send
    if (m.id === undefined) {
      this.log.debug(`notification ${m.method}`);
      return undefined;
    }
    const id = m.id;
    try {
      const result = await this.dispatch(id, m.method, m.params ?? {}, signal);
      return result instanceof Refusal ? result.failure : { jsonrpc: '2.0', id, result };
    } catch (e) {
      this.log.error(`${m.method} failed: ${e instanceof Error ? e.message : String(e)}`);
      return rpcError(id, RPC.internalError, `${m.method} failed inside the server`);
    }
  }

  private async dispatch(id: RequestId, method: string, params: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown> | Refusal> {
    switch (method) {
      case 'initialize': {
        const p = initParams.safeParse(params);
        if (!p.success) return new Refusal(rpcError(id, RPC.invalidParams, 'initialize needs params.protocolVersion (a string such as "2025-06-18")'));
        const asked = p.data.protocolVersion;
        const protocolVersion = (PROTOCOL_VERSIONS as readonly string[]).includes(asked) ? asked : PROTOCOL_VERSIONS[0];
        return {
          protocolVersion,
          capabilities: { tools: { listChanged: false } },
          serverInfo: { name: this.info.name, version: this.info.version },
          ...(this.info.instructions ? { instructions: this.info.instructions } : {}),
        };
      }
      case 'ping':
        return {};
      case 'tools/list':
        return { tools: [...this.tools.values()].map(describeTool) };
      case 'tools/call': {
        const p = callParams.safeParse(params);
        if (!p.success) return new Refusal(rpcError(id, RPC.invalidParams, 'tools/call needs params.name (a string) and params.arguments (an object)'));
        const tool = this.tools.get(p.data.name);
        if (!tool) return new Refusal(rpcError(id, RPC.invalidParams, `unknown tool "${p.data.name.slice(0, 60)}"; tools/list names the ${this.tools.size} tools`));
        return this.call(tool, p.data.arguments ?? {}, signal);
      }
      default:
        return new Refusal(rpcError(id, RPC.methodNotFound, `method "${method.slice(0, 60)}" is not supported (this server offers tools only)`));
    }
  }

  /** Runs a tool on raw arguments: bad arguments, unknown ids and outside failures come back as `isError` results. */
  async call(tool: McpTool, args: unknown, signal?: AbortSignal): Promise<ToolCallResult> {
    const a = tool.input.safeParse(args);
    if (!a.success) return toolError(`Invalid arguments for ${tool.name}: ${describeIssues(a.error)}`);
    try {
      const r = await tool.run(a.data, signal);
      return r.ok ? { content: [{ type: 'text', text: r.value }] } : toolError(r.reason);
    } catch (e) {
      if (e instanceof ToolFailure) return toolError(e.message);
      this.log.error(`tool ${tool.name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      return toolError(`${tool.name} failed inside the server; the log has the details`);
    }
  }

  get toolList(): readonly McpTool[] {
    return [...this.tools.values()];
  }
}

export function describeTool(t: McpTool): Record<string, unknown> {
  const inputSchema = z.toJSONSchema(t.input, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete inputSchema.$schema;
  return {
    name: t.name,
    title: t.title,
    description: t.description,
    inputSchema,
    annotations: { title: t.title, readOnlyHint: t.readOnly, openWorldHint: false },
  };
}

function toolError(text: string): ToolCallResult {
  return { content: [{ type: 'text', text }], isError: true };
}

/** Zod's issues as one line a model can act on: `filters.limit: expected number, received string`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : 'arguments'}: ${i.message}`)
    .join('; ');
}
