import { z } from 'zod';
import type { StoredEvent } from '../capture/storedEvent';
import { type Result, fail, ok } from '../util/result';
import { type CapturedData, MAX_READ } from './capturedData';
import { ToolFailure } from './tool';

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

/**
 * The tools' data read from a running listener's read API (`GET /errors`),
 * for the stdio server that runs beside the editor. When nothing answers,
 * every tool says so and how to start one.
 */
export class ListenerData implements CapturedData {
  constructor(
    private readonly base: string,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  async events(opts: { query?: string; limit: number }, signal?: AbortSignal): Promise<Result<StoredEvent[]>> {
    const limit = Math.min(Math.max(1, opts.limit), MAX_READ);
    const url = new URL('/errors', this.base);
    url.searchParams.set('limit', String(limit));
    if (opts.query?.trim()) url.searchParams.set('query', opts.query.trim());
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
    const body: unknown = await res.json().catch(() => undefined);
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

  async byId(id: string, signal?: AbortSignal): Promise<StoredEvent[]> {
    const all = await this.events({ limit: MAX_READ }, signal);
    if (!all.ok) return [];
    return all.value.filter((e) => e.id.startsWith(id)).slice(0, 2);
  }
}
