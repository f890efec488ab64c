import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Emitter, type Disposable, reportTo } from '../../util/emitter';
import { type Logger, silentLogger, tagged } from '../../util/logger';
import { encodeEnvelope } from '../../sentry/envelope/envelope';
import { type Scrubber, defaultScrubber } from '../../sentry/scrub/scrub';
import { isAllowedHost } from '../http/hostCheck';
import { eventJsonOf } from '../kinds/events/lazyEvent';
import { closeServer, createCaptureServer, isLoopback, listen, type StartResult, urlHost } from '../http/httpServer';
import { type CaptureStats, HttpError, INGEST_CORS, Replies, truncate } from '../http/httpReplies';
import { IngestDecoder } from '../ingest/ingestDecoder';
import { type Limits, resolveLimits } from '../http/limits';
import { ReadApi } from './readApi';
import { matchRoute, ROUTE_METHODS, STREAM_FEED_METHOD } from '../http/routes';
import type { EventStoreApi, StoredEvent } from '../kinds/events/storedEvent';
import { StreamFeed } from './streamFeed';
import { TelemetryApi, isCrossSite } from './telemetryApi';
import type { TelemetryStoreApi } from '../kinds/telemetryStore';
import type { TraceReader } from '../kinds/traces/traceReader';

export type { StartFailure, StartResult } from '../http/httpServer';
export type { CaptureStats } from '../http/httpReplies';
export { queryParam } from '../http/sentryKey';

export interface CaptureListenerOptions {
  store: EventStoreApi;
  /** Where spans (transactions included) and logs are kept; without it they are decoded for nothing and dropped. */
  telemetry?: TelemetryStoreApi;
  /** Applied to every event before it is stored (default: the default scrubber of sentry/scrub/scrub.ts). */
  scrubber?: <T>(e: T) => T;
  logger?: Logger;
  /** The webhook client secret, read per request (so a change in SecretStorage applies at once). */
  webhookSecret?: () => Promise<string | undefined> | string | undefined;
  /** Project ids or slugs accepted on the webhook route; empty or missing: all. */
  projects?: string[];
  limits?: Partial<Limits>;
  now?: () => number;
  /** Reported by `GET /health`. */
  version?: string;
  /**
   * The MCP server's Streamable HTTP handler for `POST /mcp` (src/mcp/protocol/mcpHttp.ts), asked per request;
   * none: 404. (The listener sits below the MCP layer, so the composition hands it in.)
   */
  mcp?: () => ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
}

/**
 * The local capture listener: node:http on loopback, Sentry's ingest routes
 * (envelope, store), Spotlight's `/stream`, Sentry webhooks, and a small read
 * API. This file is its lifecycle (start, stop) and the dispatch of a request
 * to its route; the parts:
 *   routes.ts         which route a path is, and its method
 *   httpServer.ts     the node:http server, its limits, listening and its failures
 *   ingestDecoder.ts  request bodies to scrubbed stored events (and who may send)
 *   readApi.ts        the read routes
 *   telemetryApi.ts   spans and logs: kept, and their read routes
 *   streamFeed.ts     GET /stream, the live feed Spotlight's tools attach to
 *   httpReplies.ts    the answers, counted
 * and limits.ts for the limits.
 */
export class CaptureListener implements Disposable {
  private server: Server | undefined;
  private host = '127.0.0.1';
  private boundPort = 0;
  private readonly limits: Limits;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly replies: Replies;
  private readonly ingest: IngestDecoder;
  private readonly readApi: ReadApi;
  private readonly telemetry: TelemetryApi | undefined;
  private readonly feed: StreamFeed;
  private readonly captured = new Emitter<StoredEvent[]>(reportTo(() => this.log, 'a listener of captured events'));

  /** Fires with the events of each request once they are durable in the store. */
  readonly onDidCapture = this.captured.event;

  constructor(private readonly opts: CaptureListenerOptions) {
    this.limits = resolveLimits(opts.limits);
    // No logger given: silentLogger, and the request path does not even build its messages.
    this.log = opts.logger ? tagged(opts.logger, 'capture') : silentLogger;
    this.now = opts.now ?? Date.now;
    this.replies = new Replies(this.log);
    this.ingest = new IngestDecoder({
      limits: this.limits,
      logger: this.log,
      now: this.now,
      ...(opts.scrubber ? { scrubber: opts.scrubber } : {}),
      ...(opts.webhookSecret ? { webhookSecret: opts.webhookSecret } : {}),
      ...(opts.projects ? { projects: opts.projects } : {}),
    });
    const scrubber: Scrubber = opts.scrubber ?? defaultScrubber;
    const scrub = scrubber.shared ?? scrubber;
    this.feed = new StreamFeed({ scrub });
    if (opts.telemetry) {
      this.telemetry = new TelemetryApi({
        telemetry: opts.telemetry,
        store: opts.store,
        replies: this.replies,
        log: this.log,
        maxJsonDepth: this.limits.maxJsonDepth,
        scrub,
        ...(scrubber.text ? { scrubText: scrubber.text } : {}),
      });
    }
    const telemetry = this.telemetry;
    this.readApi = new ReadApi(opts.store, this.replies, opts.version ?? '0.1.0', telemetry ? () => telemetry.counts() : undefined);
  }

  /** Trace summaries and details over the kept spans, errors and logs (undefined without a telemetry store). */
  get traceReader(): TraceReader | undefined {
    return this.telemetry?.reader;
  }

  get stats(): CaptureStats {
    return this.replies.stats;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  /** The bound port (0 before start). */
  get port(): number {
    return this.boundPort;
  }

  get url(): string | undefined {
    return this.server ? `http://${urlHost(this.host)}:${this.boundPort}` : undefined;
  }

  /** The DSN an SDK uses to send here, e.g. `http://public@127.0.0.1:8969/1`. */
  dsn(projectId = '1'): string | undefined {
    return this.server ? `http://public@${urlHost(this.host === '0.0.0.0' || this.host === '::' ? '127.0.0.1' : this.host)}:${this.boundPort}/${projectId}` : undefined;
  }

  async start(opts: { host: string; port: number }): Promise<StartResult> {
    if (this.server) return { ok: false, code: 'already-started', reason: `local capture is already listening on ${this.url}` };
    const server = createCaptureServer(
      this.limits,
      (req, res) => {
        this.handle(req, res).catch((e: unknown) => {
          this.log.error(`request failed: ${e instanceof Error ? e.message : String(e)}`);
          if (!res.headersSent) this.replies.send(res, 500, { detail: 'internal error' }, {}, true);
          else res.destroy();
        });
      },
      (status) => this.replies.count(status),
    );
    if (!isLoopback(opts.host)) this.log.warn(`listening on ${opts.host}, which is not a loopback address: other machines may send events`);
    const started = await listen(server, opts.host, opts.port);
    if (started.ok) {
      this.server = server;
      this.host = opts.host;
      this.boundPort = started.value.port;
      server.on('error', (e) => this.log.error(`listener error: ${e.message}`));
      this.log.info(`listening on ${started.value.url}`);
    }
    return started;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.boundPort = 0;
    await closeServer(server);
    this.log.info('stopped');
  }

  dispose(): void {
    this.feed.dispose();
    void this.stop();
    this.captured.dispose();
    this.telemetry?.dispose();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const replies = this.replies;
    if (!isAllowedHost(req.headers.host, this.host)) {
      return replies.reject(res, 403, 'the Host header does not name this machine (DNS rebinding protection)', {}, true);
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return replies.reject(res, 400, 'the request target is not a valid URL', {}, true);
    }
    const route = matchRoute(url.pathname);
    if (!route) return replies.reject(res, 404, `no route for ${truncate(url.pathname, 80)}`, {}, true);
    const cors = route.ingest ? INGEST_CORS : {};
    if (req.method === 'OPTIONS' && route.ingest) {
      replies.preflight(res);
      req.resume();
      return;
    }
    if (route.kind === 'stream' && req.method === STREAM_FEED_METHOD && /text\/event-stream/i.test(String(req.headers.accept ?? ''))) {
      req.resume();
      if (isCrossSite(req)) return replies.reject(res, 403, 'the read routes are not available to web pages', {}, true);
      replies.count(200);
      return this.feed.attach(req, res);
    }
    const allowed = ROUTE_METHODS[route.kind];
    if (req.method !== allowed) {
      return replies.reject(res, 405, `${route.kind} takes ${allowed}, not ${truncate(req.method ?? '', 10)}`, { ...cors, allow: allowed }, true);
    }
    try {
      switch (route.kind) {
        case 'envelope':
        case 'stream': {
          const got = await this.ingest.envelope(req, url, route);
          await Promise.all([this.persist(got.events), this.telemetry?.keep(got)]);
          if (got.body) this.feed.publish(got.body);
          return replies.ingested(res, got.id);
        }
        case 'store': {
          const got = await this.ingest.store(req, url, route.projectId);
          await Promise.all([this.persist(got.events), this.telemetry?.keep(got)]);
          for (const e of got.events) this.feed.publish(storeEnvelope(e));
          return replies.ingested(res, got.id);
        }
        case 'webhook': {
          const { events, resource } = await this.ingest.webhook(req);
          await this.persist(events);
          return replies.send(res, 200, { ok: true, resource, stored: events.length });
        }
        case 'health':
          return this.readApi.health(res);
        case 'errors':
        case 'latest':
          return this.readApi.read(req, res, url, route.kind);
        case 'traces':
        case 'trace':
        case 'logs':
          if (!this.telemetry) throw new HttpError(404, 'this listener keeps no traces or logs');
          return this.telemetry.read(req, res, url, route);
        case 'mcp': {
          const mcp = this.opts.mcp?.();
          if (!mcp) throw new HttpError(404, 'no MCP server on this listener');
          return await mcp(req, res);
        }
      }
    } catch (e) {
      if (e instanceof HttpError) return replies.reject(res, e.status, e.reason, cors, true);
      throw e;
    }
  }

  private async persist(events: StoredEvent[]): Promise<void> {
    if (!events.length) return;
    try {
      await this.opts.store.append(events);
    } catch (e) {
      this.log.error(`storing ${events.length} event(s) failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new HttpError(503, 'the event could not be stored');
    }
    const counts = this.replies.counts;
    counts.captured += events.length;
    counts.lastCaptureAt = this.now();
    if (this.log !== silentLogger) for (const e of events) this.log.debug(`captured ${e.source} event ${e.id}`);
    this.captured.fire(events);
  }
}

/** An event from the store route as the envelope the stream feed shows. */
function storeEnvelope(e: StoredEvent): Uint8Array {
  return encodeEnvelope({ event_id: e.id }, [{ headers: { type: 'event' }, payload: eventJsonOf(e) ?? e.event }]);
}
