import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Scrubber } from '../../sentry/scrub/scrub';
import type { Disposable } from '../../util/emitter';
import { type Logger, silentLogger } from '../../util/logger';
import { HttpError, type Replies } from '../http/httpReplies';
import type { Ingested } from '../ingest/ingestDecoder';
import { decodeRecords } from '../ingest/recordIngest';
import type { Route } from '../http/routes';
import type { EventStoreApi } from '../kinds/events/storedEvent';
import { type ReadAnswer, getTrace, listLogs, listTraces } from './telemetryRoutes';
import type { TelemetryStoreApi } from '../kinds/telemetryStore';
import { ErrorLinks } from '../kinds/traces/errorLinks';
import { TraceReader } from '../kinds/traces/traceReader';

export interface TelemetryApiOptions {
  telemetry: TelemetryStoreApi;
  /** The event store: errors link to their trace through it. */
  store: EventStoreApi;
  replies: Replies;
  log: Logger;
  maxJsonDepth: number;
  /** The event scrubber: spans and logs are scrubbed as events are. */
  scrub: <T>(r: T) => T;
  /** Its text pass, when it has one (log items in the plain form are scrubbed as text). */
  scrubText?: Scrubber['text'];
}

/**
 * The listener's part for spans and logs: keeps what an ingest request
 * brought of them (recordIngest.ts decodes), and answers `GET /traces`,
 * `GET /traces/{id}` and `GET /logs` (never to a web page, as the other read
 * routes).
 */
export class TelemetryApi implements Disposable {
  readonly reader: TraceReader;
  private readonly links: ErrorLinks;

  constructor(private readonly opts: TelemetryApiOptions) {
    this.links = new ErrorLinks(opts.store);
    this.reader = new TraceReader(opts.telemetry, this.links);
  }

  /** What `GET /health` adds: how many of each kind are kept. */
  counts(): Record<string, number> {
    const t = this.opts.telemetry;
    return { traces: t.traces.size, spans: t.traces.spanCount, logs: t.logs.size };
  }

  /** Decodes, scrubs and keeps a request's spans (transactions included) and logs; a bad one is logged and dropped. */
  async keep(ingested: Ingested): Promise<void> {
    const { transactions, recordItems, receivedAt } = ingested;
    if (!transactions.length && !recordItems.length) return;
    const { log } = this.opts;
    const r = decodeRecords(transactions, recordItems, receivedAt, { maxJsonDepth: this.opts.maxJsonDepth, scrub: this.opts.scrub, ...(this.opts.scrubText ? { scrubText: this.opts.scrubText } : {}), log });
    const t = this.opts.telemetry;
    const logs = r.logItems.reduce((n, i) => n + i.count, 0);
    try {
      await Promise.all([r.spans.length ? t.appendSpans(r.spans) : undefined, r.logItems.length ? t.appendLogItems(r.logItems, receivedAt) : undefined]);
    } catch (e) {
      log.error(`storing ${r.spans.length} span(s) and ${logs} log(s) failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new HttpError(503, 'the spans or logs could not be stored');
    }
    if (log !== silentLogger) log.debug(`captured ${r.spans.length} span(s), ${logs} log(s)`);
  }

  read(req: IncomingMessage, res: ServerResponse, url: URL, route: Extract<Route, { kind: 'traces' | 'trace' | 'logs' }>): void {
    req.resume();
    if (isCrossSite(req)) throw new HttpError(403, 'the read routes are not available to web pages');
    const a: ReadAnswer = route.kind === 'traces' ? listTraces(this.reader, url) : route.kind === 'trace' ? getTrace(this.reader, route.traceId) : listLogs(this.opts.telemetry, url);
    if (a.status !== 200) throw new HttpError(a.status, (a.body as { detail: string }).detail);
    this.opts.replies.send(res, 200, a.body);
  }

  dispose(): void {
    this.links.dispose();
  }
}

/** A request a web page made (Sec-Fetch-Site): the read routes are for this machine's tools, never for pages. */
export function isCrossSite(req: IncomingMessage): boolean {
  return req.headers['sec-fetch-site'] === 'cross-site' || req.headers['sec-fetch-site'] === 'same-site';
}
