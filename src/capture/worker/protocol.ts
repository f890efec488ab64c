import { z } from 'zod';
import { MAX_FILE_EVENTS } from './fileEvents';
import { SENTRY_ERROR_KINDS } from '../../sentry/errors';

/**
 * The messages between the extension host and the listener worker
 * (runListenerWorker.ts, workerListener.ts), checked on arrival on both sides.
 */

/** The window's workspace folders and code mappings (`sentry.codeMappings`), which the worker's `/mcp` resolves frames against. */
export const workerWorkspaceSchema = z.object({
  roots: z.array(z.string()),
  mappings: z.array(z.object({ stackRoot: z.string(), sourceRoot: z.string() })),
});
export type WorkerWorkspace = z.infer<typeof workerWorkspaceSchema>;

/** Files created, changed or deleted in the workspace (in order), or `rescan`: too many to list, index the folders again. */
export const workerFilesSchema = z.object({
  events: z.array(z.object({ kind: z.enum(['created', 'changed', 'deleted']), path: z.string() })).max(MAX_FILE_EVENTS),
  rescan: z.boolean(),
});
export type WorkerFiles = z.infer<typeof workerFilesSchema>;

/**
 * Sentry's REST API as the window configures it, for the search_issues and
 * get_issue of `/mcp`: what the tools name (organization, projects,
 * environment, the URL for the log), never the token. The calls themselves
 * go back over the message port and run on the window's own client (see
 * REST_METHODS), so the token stays in the window and the worker's bundle
 * holds no HTTP client.
 */
export const workerRestSchema = z.object({
  baseUrl: z.string().min(1),
  org: z.string().min(1),
  projects: z.array(z.string()),
  environment: z.string().optional(),
});
export type WorkerRest = z.infer<typeof workerRestSchema>;

/** The REST client's calls search_issues and get_issue make (src/mcp/tools/restTools.ts, IssueApi). */
export const REST_METHODS = ['listIssues', 'getIssue', 'resolveShortId', 'latestEvent'] as const;
export type RestMethod = (typeof REST_METHODS)[number];
/** The window runs one of them with its own client; the answer is the client's (already checked against the API's schemas). */
export type RestCaller = (method: RestMethod, args: unknown[]) => Promise<unknown>;
/** The REST API the window gives its listener: what to name, and how to call. */
export interface WindowRestApi {
  config: WorkerRest;
  call: RestCaller;
}

/** A REST call's failure as it crosses the port: the SentryError's kind and sentence (never the token, never a stack). */
export const restFailureSchema = z.object({
  kind: z.enum(SENTRY_ERROR_KINDS),
  message: z.string(),
  status: z.number().optional(),
  retryAfterMs: z.number().optional(),
});
export type RestFailure = z.infer<typeof restFailureSchema>;

/** What the worker is started with (`workerData`). */
export const workerConfigSchema = z.object({
  storeDir: z.string().min(1),
  maxEvents: z.number().int().positive(),
  /** Bounds of the spans and logs the worker's listener keeps (none: it keeps none). */
  telemetry: z.object({ maxTraces: z.number().int().positive(), maxLogs: z.number().int().positive() }).optional(),
  host: z.string(),
  port: z.number(),
  scrubbing: z.object({ extraKeys: z.array(z.string()), extraPatterns: z.array(z.string()) }),
  projects: z.array(z.string()),
  version: z.string(),
  /** Whether the host has a webhook secret source: without one the worker never asks. */
  webhookSecret: z.boolean(),
  limits: z.record(z.string(), z.number()).optional(),
  /** Where the `/mcp` tools resolve frames; none: the listener serves no `/mcp`. */
  workspace: workerWorkspaceSchema.optional(),
});
export type WorkerConfig = z.infer<typeof workerConfigSchema>;

const startResultSchema = z.union([
  z.object({ ok: z.literal(true), value: z.object({ port: z.number(), url: z.string() }) }),
  z.object({ ok: z.literal(false), reason: z.string(), code: z.literal('port-in-use'), ownedBySentryLens: z.boolean() }),
  z.object({ ok: z.literal(false), reason: z.string(), code: z.enum(['permission-denied', 'bad-address', 'already-started', 'other']) }),
]);

export const fromWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('started'), result: startResultSchema }),
  z.object({ type: z.literal('stopped') }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string() }),
  z.object({ type: z.literal('secret'), id: z.number() }),
  /** search_issues or get_issue needs a REST call: the window runs it (an id per call; the answer is a `restResult`). */
  z.object({ type: z.literal('rest'), id: z.number(), method: z.enum(REST_METHODS), args: z.array(z.unknown()) }),
  z.object({
    type: z.literal('stats'),
    id: z.number(),
    stats: z.object({ responses: z.record(z.string(), z.number()), captured: z.number(), rejected: z.number(), lastCaptureAt: z.number().optional() }),
  }),
]);
export type FromWorker = z.infer<typeof fromWorkerSchema>;

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('stop') }),
  z.object({ type: z.literal('secret'), id: z.number(), value: z.string().optional() }),
  z.object({ type: z.literal('maxEvents'), value: z.number().int().positive() }),
  z.object({ type: z.literal('telemetryBounds'), maxTraces: z.number().int().positive(), maxLogs: z.number().int().positive() }),
  z.object({ type: z.literal('stats'), id: z.number() }),
  z.object({ type: z.literal('workspace'), workspace: workerWorkspaceSchema }),
  z.object({ type: z.literal('files'), files: workerFilesSchema }),
  /** The REST API configured now; null: not configured (the token was removed). */
  z.object({ type: z.literal('rest'), rest: workerRestSchema.nullable() }),
  /** The answer to a `rest` call: its value, or its failure. */
  z.object({ type: z.literal('restResult'), id: z.number(), value: z.unknown().optional(), failure: restFailureSchema.optional() }),
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;
