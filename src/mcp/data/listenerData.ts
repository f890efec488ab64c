import { z } from 'zod';
import type { StoredEvent } from '../../capture/kinds/events/storedEvent';
import { type Result, fail, ok } from '../../util/result';
import type { LogView, TraceDetail } from '../../capture/kinds/traces/traceReader';
import type { TraceSummary } from '../../capture/kinds/traces/traceSummary';
import { type CapturedData, type CapturedTelemetry, MAX_READ } from './capturedData';
import { ToolFailure } from '../protocol/tool';

const listed = z.object({
  errors: z.array(
    z.object({
      id: z.string(),
      receivedAt: z.number(),
      source: z.enum(['envelope', 'store', 'stream', 'webhook', 'sent']),
      projectId: z.string().nullable().optional(),
      groupKey: z.string(),
      event: z.record(z.string(), z.unknown()),
    }),
  ),
});
const problem = z.object({ detail: z.string() });
const tracesBody = z.object({ traces: z.array(z.object({ traceId: z.string(), startTimestamp: z.number(), durationMs: z.number(), spanCount: z.number(), errorCount: z.number() }).loose()) });
const traceBody = z.object({ traceId: z.string(), spans: z.array(z.object({ spanId: z.string() }).loose()), errors: z.array(z.object({ id: z.string() }).loose()), logs: z.array(z.object({ body: z.string() }).loose()) });
const logsBody = z.object({ logs: z.array(z.object({ timestamp: z.number(), level: z.string(), body: z.string() }).loose()) });

/**
 * The tools' data read from a running listener's read API (`GET /errors`),
 * for the stdio server that runs beside the editor. When nothing answers,
 * every tool says so and how to start one.
 */
export class ListenerData implements CapturedData, CapturedTelemetry {
  constructor(
    private readonly base: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async events(opts: { query?: string; limit: number }, signal?: AbortSignal): Promise<Result<StoredEvent[]>> {
    const limit = Math.min(Math.max(1, opts.limit), MAX_READ);
    const url = new URL('/errors', this.base);
    url.searchParams.set('limit', String(limit));
    if (opts.query?.trim()) url.searchParams.set('query', opts.query.trim());
    const { res, body } = await this.get(url, signal);
    if (res.status === 400) {
      const p = problem.safeParse(body);
      return fail(p.success ? p.data.detail : 'the listener refused the query');
    }
    const l = listed.safeParse(body);
    if (!res.ok || !l.success) {
      throw new ToolFailure('listener-error', `The listener at ${this.base} answered ${res.status} to GET /errors${l.success ? '' : ' with something that is not a Sentry Lens event list'}; is it a Sentry Lens listener?`);
    }
    return ok(
      l.data.errors.map((e) => ({
        id: e.id,
        receivedAt: e.receivedAt,
        source: e.source,
        groupKey: e.groupKey,
        event: e.event,
        ...(e.projectId ? { projectId: e.projectId } : {}),
      })),
    );
  }

  async traces(limit: number, signal?: AbortSignal): Promise<TraceSummary[]> {
    const url = new URL('/traces', this.base);
    url.searchParams.set('limit', String(Math.min(Math.max(1, limit), MAX_READ)));
    return (await this.telemetryBody(url, tracesBody, signal, (b) => b.traces as unknown as TraceSummary[])) ?? [];
  }

  async trace(traceId: string, signal?: AbortSignal): Promise<TraceDetail | undefined> {
    return this.telemetryBody(new URL(`/traces/${encodeURIComponent(traceId)}`, this.base), traceBody, signal, (b) => b as unknown as TraceDetail);
  }

  async logs(limit: number, signal?: AbortSignal): Promise<LogView[]> {
    const url = new URL('/logs', this.base);
    url.searchParams.set('limit', String(Math.min(Math.max(1, limit), MAX_READ)));
    return (await this.telemetryBody(url, logsBody, signal, (b) => b.logs as unknown as LogView[])) ?? [];
  }

  /** A telemetry route's body; undefined for 404 (no such trace, or a listener that keeps none). */
  private async telemetryBody<S extends z.ZodType, T>(url: URL, schema: S, signal: AbortSignal | undefined, pick: (b: z.output<S>) => T): Promise<T | undefined> {
    const { res, body } = await this.get(url, signal);
    if (res.status === 404) return undefined;
    const p = schema.safeParse(body);
    if (!res.ok || !p.success) throw new ToolFailure('listener-error', `The listener at ${this.base} answered ${res.status} to GET ${url.pathname}; is it a Sentry Lens listener?`);
    return pick(p.data);
  }

  private async get(url: URL, signal: AbortSignal | undefined): Promise<{ res: Response; body: unknown }> {
    let res: Response;
    try {
      res = await this.fetchImpl(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
    } catch (e) {
      throw new ToolFailure(
        'listener-unavailable',
        `No Sentry Lens listener answers at ${this.base}. Start local capture (VS Code: "Sentry: Start Local Capture"; terminal: \`sentry-lens capture\`), or give the port it listens on (\`sentry-lens mcp --port N\`).`,
        { cause: e },
      );
    }
    return { res, body: await res.json().catch(() => undefined) };
  }

  async byId(id: string, signal?: AbortSignal): Promise<StoredEvent[]> {
    const all = await this.events({ limit: MAX_READ }, signal);
    if (!all.ok) return [];
    return all.value.filter((e) => e.id.startsWith(id)).slice(0, 2);
  }
}
