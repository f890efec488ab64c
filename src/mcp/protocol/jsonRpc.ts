import { z } from 'zod';

/** JSON-RPC 2.0 error codes used by MCP. */
export const RPC = {
  parseError: -32700,
  invalidRequest: -32600,
  methodNotFound: -32601,
  invalidParams: -32602,
  internalError: -32603,
} as const;

export type RequestId = string | number;

const id = z.union([z.string(), z.number().int()]);

/** A request (with an id) or a notification (without). Responses sent to a server are accepted and ignored. */
export const rpcMessage = z.union([
  z.object({ jsonrpc: z.literal('2.0'), id, method: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
  z.object({ jsonrpc: z.literal('2.0'), id: z.undefined().optional(), method: z.string(), params: z.record(z.string(), z.unknown()).optional() }),
  z.object({ jsonrpc: z.literal('2.0'), id, result: z.record(z.string(), z.unknown()) }),
  z.object({ jsonrpc: z.literal('2.0'), id: id.nullable(), error: z.object({ code: z.number(), message: z.string() }).loose() }),
]);
export type RpcMessage = z.infer<typeof rpcMessage>;

export interface RpcSuccess {
  jsonrpc: '2.0';
  id: RequestId;
  result: Record<string, unknown>;
}
export interface RpcFailure {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: { code: number; message: string };
}
export type RpcResponse = RpcSuccess | RpcFailure;

export function rpcError(reqId: RequestId | null, code: number, message: string): RpcFailure {
  return { jsonrpc: '2.0', id: reqId, error: { code, message } };
}

/** The id of a message that failed validation, when it has a usable one (so the error can name it). */
export function idOf(message: unknown): RequestId | null {
  if (typeof message !== 'object' || message === null) return null;
  const v = (message as { id?: unknown }).id;
  return typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v)) ? v : null;
}
