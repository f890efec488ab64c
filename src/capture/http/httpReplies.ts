import type { ServerResponse } from 'node:http';
import { type Logger, silentLogger } from '../../util/logger';

/** A request refused with `status` and a reason the client is shown (`detail`, X-Sentry-Error). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** CORS headers of every answer on an ingest route (browser SDKs). */
export const INGEST_CORS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-sentry-error, x-sentry-rate-limits, retry-after',
};
/** ...and of the answer to a preflight. */
const INGEST_PREFLIGHT = {
  ...INGEST_CORS,
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type, content-encoding, x-sentry-auth, authorization, sentry-trace, baggage',
  'access-control-max-age': '3600',
};
/**
 * The headers of the hot answer, a 200 to an SDK, prepared once as a flat
 * list (what writeHead takes fastest): JSON and CORS only, the length is added
 * per answer. (Error answers and the read routes go through `send`, with
 * nosniff, no-store and X-Sentry-Error.)
 */
const INGEST_OK_HEADERS = ['content-type', 'application/json', ...Object.entries(INGEST_CORS).flat()];

export interface CaptureStats {
  /** Requests answered, by status code. */
  readonly responses: Record<number, number>;
  /** Events stored. */
  readonly captured: number;
  /** Requests refused with 4xx/5xx. */
  readonly rejected: number;
  readonly lastCaptureAt: number | undefined;
}

/** The listener's HTTP answers, each counted by status for `stats`. */
export class Replies {
  readonly counts = { responses: {} as Record<number, number>, captured: 0, rejected: 0, lastCaptureAt: undefined as number | undefined };

  constructor(private readonly log: Logger) {}

  get stats(): CaptureStats {
    return { ...this.counts, responses: { ...this.counts.responses } };
  }

  count(status: number): void {
    this.counts.responses[status] = (this.counts.responses[status] ?? 0) + 1;
    if (status >= 400) this.counts.rejected++;
  }

  /** The answer to a CORS preflight on an ingest route. */
  preflight(res: ServerResponse): void {
    this.count(204);
    res.writeHead(204, { ...INGEST_PREFLIGHT, 'content-length': '0' });
    res.end();
  }

  /** The answer to an SDK whose events are stored: `200 {"id": "<event id>"}` as Sentry gives it (`{}` without an id). */
  ingested(res: ServerResponse, id: string | undefined): void {
    this.count(200);
    if (res.headersSent || res.destroyed) return;
    // `id` is 32 lowercase hex digits (checked by the parsers or generated), nothing to escape.
    const text = id ? `{"id":"${id}"}` : '{}';
    res.writeHead(200, [...INGEST_OK_HEADERS, 'content-length', String(text.length)]);
    res.end(text);
  }

  reject(res: ServerResponse, status: number, reason: string, extra: Record<string, string>, close: boolean): void {
    if (this.log !== silentLogger) this.log.debug(`${status}: ${reason}`);
    this.send(res, status, { detail: reason }, extra, close);
  }

  send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, close = false): void {
    this.count(status);
    if (res.headersSent || res.destroyed) return;
    const text = JSON.stringify(body);
    const headers: Record<string, string> = {
      ...extra,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(text)),
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    };
    if (status >= 400 && status !== 404 && status !== 405) headers['x-sentry-error'] = truncate(String((body as { detail?: unknown }).detail ?? '').replace(/[^\x20-\x7e]/g, '?'), 200);
    if (close) headers.connection = 'close';
    res.writeHead(status, headers);
    res.end(text);
  }
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
