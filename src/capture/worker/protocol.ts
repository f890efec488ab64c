import { z } from 'zod';
import { MAX_FILE_EVENTS } from './fileEvents';

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
 * Sentry's REST API as the window configures it (its settings and the token in
 * SecretStorage), for the search_issues and get_issue of `/mcp`. Sent over the
 * message port only, kept in the worker's memory: never in `workerData`, on
 * disk or in a log line.
 */
export const workerRestSchema = z.object({
  baseUrl: z.string().min(1),
  token: z.string().min(1),
  org: z.string().min(1),
  projects: z.array(z.string()),
  environment: z.string().optional(),
});
export type WorkerRest = z.infer<typeof workerRestSchema>;

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
]);
export type ToWorker = z.infer<typeof toWorkerSchema>;
