import { randomUUID } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseEnvelope, readEventText, normalizeEventId } from '../sentry/envelopeParser';
import { frameLocation, topFrame, viewEvent } from '../sentry/eventView';
import { type Scrubber, defaultScrubber } from '../sentry/scrub';
import type { IdValues, TextScrubResult } from '../sentry/scrubText';
import { handleWebhook } from '../sentry/webhooks';
import { Emitter, type Disposable } from '../util/emitter';
import { type Logger, silentLogger, tagged } from '../util/logger';
import { readBody } from './bodyReader';
import { isAllowedHost } from './hostCheck';
import { lazyStoredEvent } from './lazyEvent';
import { type Limits, resolveLimits } from './limits';
import { filterStored, parseQuery } from './query';
import { HEALTH_SERVICE, isSentryLensListening } from './portOwner';
import { type Route, ROUTE_METHODS, matchRoute } from './routes';
import type { EventSource, EventStoreApi, StoredEvent } from './storedEvent';

export interface CaptureListenerOptions {
  store: EventStoreApi;
  /** Applied to every event before it is stored (default: the default scrubber of sentry/scrub.ts). */
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
}

/** Why `start` failed: `port-in-use` says whether the holder is another Sentry Lens (window or CLI) that answers `/health`. */
export type StartFailure =
  | { ok: false; reason: string; code: 'port-in-use'; ownedBySentryLens: boolean }
  | { ok: false; reason: string; code: 'permission-denied' | 'bad-address' | 'already-started' | 'other' };

export type StartResult = { ok: true; value: { port: number; url: string } } | StartFailure;

export interface CaptureStats {
  /** Requests answered, by status code. */
  readonly responses: Record<number, number>;
  /** Events stored. */
  readonly captured: number;
  /** Requests refused with 4xx/5xx. */
  readonly rejected: number;
  readonly lastCaptureAt: number | undefined;
}

/** CORS headers of every answer on an ingest route (browser SDKs). */
const INGEST_CORS = {
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

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * The local capture listener: node:http on loopback, Sentry's ingest routes
 * (envelope, store), Spotlight's `/stream`, Sentry webhooks, and a small read
 * API. See the routes in routes.ts and the limits in limits.ts.
 *
 * Authentication of ingest routes: `/api/{project}/envelope|store/` need a
 * `sentry_key` - in the `X-Sentry-Auth` (or `Authorization: Sentry ...`)
 * header, the query string, or for envelopes the `dsn` of the envelope
 * headers (browser tunnels) - but any key is accepted: the key says which DSN
 * the SDK was given, the listener is only reachable from this machine. A
 * request without one is answered 401 as Relay does. `/stream` needs none
 * (as in Spotlight).
 */
export class CaptureListener implements Disposable {
  private server: Server | undefined;
  private host = '127.0.0.1';
  private boundPort = 0;
  private readonly limits: Limits;
  private readonly log: Logger;
  private readonly scrub: <T>(e: T) => T;
  /** The scrubber's text pass, when it has one (scrubText.ts): events it takes are never parsed here. */
  private readonly scrubText: Scrubber['text'];
  private readonly now: () => number;
  private readonly captured = new Emitter<StoredEvent[]>();
  private readonly counts = { responses: {} as Record<number, number>, captured: 0, rejected: 0, lastCaptureAt: undefined as number | undefined };

  /** Fires with the events of each request once they are durable in the store. */
  readonly onDidCapture = this.captured.event;

  constructor(private readonly opts: CaptureListenerOptions) {
    this.limits = resolveLimits(opts.limits);
    // No logger given: silentLogger, and the request path does not even build its messages.
    this.log = opts.logger ? tagged(opts.logger, 'capture') : silentLogger;
    const scrubber: Scrubber = opts.scrubber ?? defaultScrubber;
    // The sharing variant when the scrubber has one: see toStored.
    this.scrub = scrubber.shared ?? scrubber;
    this.scrubText = scrubber.text;
    this.now = opts.now ?? Date.now;
  }

  get stats(): CaptureStats {
    return { ...this.counts, responses: { ...this.counts.responses } };
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
    const l = this.limits;
    const server = createServer({
      maxHeaderSize: l.maxHeaderBytes,
      headersTimeout: l.headersTimeoutMs,
      requestTimeout: l.requestTimeoutMs,
      connectionsCheckingInterval: Math.min(1000, l.headersTimeoutMs),
      keepAliveTimeout: 5000,
      requireHostHeader: true,
    });
    server.maxConnections = l.maxConnections;
    server.on('request', (req, res) => {
      this.handle(req, res).catch((e: unknown) => {
        this.log.error(`request failed: ${e instanceof Error ? e.message : String(e)}`);
        if (!res.headersSent) this.send(res, 500, { detail: 'internal error' }, {}, true);
        else res.destroy();
      });
    });
    server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        socket.destroy(); // the client went away; nothing to answer
        return;
      }
      // Node's own answers: 400 malformed, 431 header overflow, 408 timeouts.
      const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      this.count(status);
      const inFlight = (socket as { _httpMessage?: { headersSent?: boolean } })._httpMessage;
      if (socket.writable && (!inFlight || !inFlight.headersSent)) {
        const text = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
        socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      }
      socket.destroy();
    });
    if (!isLoopback(opts.host)) this.log.warn(`listening on ${opts.host}, which is not a loopback address: other machines may send events`);
    const started = await new Promise<StartResult>((resolve) => {
      const onError = (e: NodeJS.ErrnoException) => {
        server.removeListener('listening', onListening);
        if (e.code === 'EADDRINUSE') {
          void isSentryLensListening(opts.host, opts.port).then((ours) =>
            resolve({
              ok: false,
              code: 'port-in-use',
              ownedBySentryLens: ours,
              reason: ours
                ? `port ${opts.port} is held by another Sentry Lens (window or CLI); it captures into the shared store`
                : `port ${opts.port} on ${opts.host} is in use by another program; choose another port (sentry.capture.port) or stop that program`,
            }),
          );
        } else if (e.code === 'EACCES' || e.code === 'EPERM') {
          resolve({ ok: false, code: 'permission-denied', reason: `not allowed to listen on ${opts.host}:${opts.port}; choose a port above 1023` });
        } else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EINVAL') {
          resolve({ ok: false, code: 'bad-address', reason: `${opts.host} is not an address of this machine` });
        } else {
          resolve({ ok: false, code: 'other', reason: `could not listen on ${opts.host}:${opts.port} (${e.code ?? e.message})` });
        }
      };
      const onListening = () => {
        server.removeListener('error', onError);
        const addr = server.address() as AddressInfo;
        resolve({ ok: true, value: { port: addr.port, url: `http://${urlHost(opts.host)}:${addr.port}` } });
      };
      server.once('error', onError);
      server.once('listening', onListening);
      if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
        resolve({ ok: false, code: 'bad-address', reason: `port must be a whole number from 0 to 65535, got ${opts.port}` });
        return;
      }
      server.listen(opts.port, opts.host);
    });
    if (started.ok) {
      this.server = server;
      this.host = opts.host;
      this.boundPort = started.value.port;
      server.on('error', (e) => this.log.error(`listener error: ${e.message}`));
      this.log.info(`listening on ${started.value.url}`);
    } else {
      server.close();
    }
    return started;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.boundPort = 0;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    this.log.info('stopped');
  }

  dispose(): void {
    void this.stop();
    this.captured.dispose();
  }

  // ---- requests ----

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!isAllowedHost(req.headers.host, this.host)) {
      return this.reject(res, 403, 'the Host header does not name this machine (DNS rebinding protection)', {}, true);
    }
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      return this.reject(res, 400, 'the request target is not a valid URL', {}, true);
    }
    const route = matchRoute(url.pathname);
    if (!route) return this.reject(res, 404, `no route for ${truncate(url.pathname, 80)}`, {}, true);
    const cors = route.ingest ? INGEST_CORS : {};
    if (req.method === 'OPTIONS' && route.ingest) {
      this.count(204);
      res.writeHead(204, { ...INGEST_PREFLIGHT, 'content-length': '0' });
      res.end();
      req.resume();
      return;
    }
    const allowed = ROUTE_METHODS[route.kind];
    if (req.method !== allowed) {
      return this.reject(res, 405, `${route.kind} takes ${allowed}, not ${truncate(req.method ?? '', 10)}`, { ...cors, allow: allowed }, true);
    }
    try {
      switch (route.kind) {
        case 'envelope':
        case 'stream':
          return await this.ingestEnvelope(req, res, url, route);
        case 'store':
          return await this.ingestStore(req, res, url, route.projectId);
        case 'webhook':
          return await this.webhook(req, res);
        case 'health':
          return this.send(res, 200, { status: 'ok', service: HEALTH_SERVICE, version: this.opts.version ?? '0.1.0', events: this.opts.store.size });
        case 'errors':
        case 'latest':
          return this.read(req, res, url, route.kind);
      }
    } catch (e) {
      if (e instanceof HttpError) return this.reject(res, e.status, e.reason, cors, true);
      throw e;
    }
  }

  private async ingestEnvelope(req: IncomingMessage, res: ServerResponse, url: URL, route: Extract<Route, { kind: 'envelope' | 'stream' }>): Promise<void> {
    const keyFromRequest = route.kind === 'envelope' ? sentryKeyOf(req, url) : 'stream';
    const body = await this.body(req, this.limits.maxEnvelopeBytes);
    const parsed = parseEnvelope(body, {
      maxEventBytes: this.limits.maxEventBytes,
      maxJsonDepth: this.limits.maxJsonDepth,
      ...(this.scrubText ? { scrubText: this.scrubText } : {}),
    });
    if (!parsed.ok) {
      const status = /byte event limit/.test(parsed.reason) ? 413 : 400;
      throw new HttpError(status, `invalid envelope: ${parsed.reason}`);
    }
    if (!keyFromRequest && !parsed.value.headers.dsn) {
      throw new HttpError(401, 'missing authorization information: send sentry_key in X-Sentry-Auth or the query string');
    }
    const projectId = route.kind === 'envelope' ? route.projectId : undefined;
    const source: EventSource = route.kind === 'envelope' ? 'envelope' : 'stream';
    const found = parsed.value.events;
    const receivedAt = this.now();
    const events: StoredEvent[] = [];
    for (const e of found) {
      events.push(
        e.scrubbed
          ? this.fromText(e.scrubbed, e.eventId, source, projectId, receivedAt)
          : this.toStored(e.payload, e.text, e.eventId, source, projectId, receivedAt),
      );
    }
    await this.persist(events);
    const id = parsed.value.headers.event_id ? normalizeEventId(parsed.value.headers.event_id) : events[0]?.id;
    this.ingested(res, id);
  }

  private async ingestStore(req: IncomingMessage, res: ServerResponse, url: URL, projectId: string): Promise<void> {
    if (!sentryKeyOf(req, url)) {
      req.resume();
      throw new HttpError(401, 'missing authorization information: send sentry_key in X-Sentry-Auth or the query string');
    }
    const body = await this.body(req, this.limits.maxEventBytes);
    const text = body.toString('utf8');
    // The scrubber's text pass when it takes the event, else the parse and the object walk (see toStored).
    const read = readEventText(text, this.limits.maxJsonDepth, 'event', this.scrubText);
    if (!read.ok) throw new HttpError(400, `invalid event: ${read.reason}`);
    const { scrubbed, payload, rawId: raw } = read.value;
    if (raw !== undefined && (typeof raw !== 'string' || !EVENT_ID_TEXT.test(raw))) {
      throw new HttpError(400, 'invalid event: event_id must be 32 hexadecimal digits');
    }
    const eventId = typeof raw === 'string' ? normalizeEventId(raw) : undefined;
    const receivedAt = this.now();
    const stored = scrubbed ? this.fromText(scrubbed, eventId, 'store', projectId, receivedAt) : this.toStored(payload!, text, eventId, 'store', projectId, receivedAt);
    await this.persist([stored]);
    this.ingested(res, stored.id);
  }

  private async webhook(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await this.body(req, this.limits.maxEventBytes);
    const secret = await this.opts.webhookSecret?.();
    const r = handleWebhook({
      rawBody: body,
      headers: req.headers,
      secret,
      projects: this.opts.projects ?? [],
      maxJsonDepth: this.limits.maxJsonDepth,
    });
    if (!r.ok) throw new HttpError(r.status, r.reason);
    const receivedAt = this.now();
    const events = r.value.events.map((e) => this.toStored(e.event, undefined, e.eventId, 'webhook', e.projectId, receivedAt));
    await this.persist(events);
    this.send(res, 200, { ok: true, resource: r.value.resource, stored: events.length });
  }

  private read(req: IncomingMessage, res: ServerResponse, url: URL, kind: 'errors' | 'latest'): void {
    req.resume();
    if (req.headers['sec-fetch-site'] === 'cross-site' || req.headers['sec-fetch-site'] === 'same-site') {
      throw new HttpError(403, 'the read routes are not available to web pages');
    }
    const store = this.opts.store;
    if (kind === 'latest') {
      const [latest] = store.list({ limit: 1 });
      if (!latest) throw new HttpError(404, 'no events captured yet');
      return this.send(res, 200, summarize(latest, store.isResolved(latest.groupKey)));
    }
    const limitText = url.searchParams.get('limit');
    const limit = limitText === null || limitText === '' ? 100 : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new HttpError(400, 'limit must be a whole number from 1 to 1000');
    const text = (url.searchParams.get('query') ?? '').trim();
    let list: StoredEvent[];
    if (text) {
      const q = parseQuery(text);
      if (!q.ok) throw new HttpError(400, `invalid query: ${q.reason}`);
      list = filterStored(store.list(), q.value, (k) => store.isResolved(k), limit);
    } else list = store.list({ limit });
    this.send(res, 200, { count: list.length, errors: list.map((e) => summarize(e, store.isResolved(e.groupKey))) });
  }

  // ---- helpers ----

  private async body(req: IncomingMessage, maxDecoded: number): Promise<Buffer> {
    const r = await readBody(req, this.limits, maxDecoded);
    if (!r.ok) throw new HttpError(r.status, r.reason);
    if (this.log !== silentLogger) this.log.trace(`body of ${r.body.length} bytes (content-encoding: ${String(req.headers['content-encoding'] ?? 'identity')})`);
    return r.body;
  }

  /**
   * Scrubs an event (sharing: `payload` is ours, just parsed) and makes it a
   * lazy stored event (lazyEvent.ts): what is kept and written is the
   * scrubbed event's JSON text - the text it was parsed from (`json`) when
   * the scrubber filtered nothing and it is one line, else the scrubbed copy
   * serialised - and its view and group key are left for whoever reads it.
   */
  private toStored(
    payload: Record<string, unknown>,
    json: string | undefined,
    eventId: string | undefined,
    source: EventSource,
    projectId: string | undefined,
    receivedAt: number,
  ): StoredEvent {
    const event = this.scrub(payload);
    const text = event === payload && json !== undefined && !json.includes('\n') ? json : JSON.stringify(event);
    return lazyStoredEvent({ id: eventId ?? eventIdOf(event) ?? randomUUID().replace(/-/g, ''), receivedAt, source, projectId }, text);
  }

  /** An event the scrubber's text pass took: stored as its scrubbed text, never parsed here. */
  private fromText(r: TextScrubResult, eventId: string | undefined, source: EventSource, projectId: string | undefined, receivedAt: number): StoredEvent {
    return lazyStoredEvent({ id: eventId ?? idOf(r.ids) ?? randomUUID().replace(/-/g, ''), receivedAt, source, projectId }, r.text);
  }

  private async persist(events: StoredEvent[]): Promise<void> {
    if (!events.length) return;
    try {
      await this.opts.store.append(events);
    } catch (e) {
      this.log.error(`storing ${events.length} event(s) failed: ${e instanceof Error ? e.message : String(e)}`);
      throw new HttpError(503, 'the event could not be stored');
    }
    this.counts.captured += events.length;
    this.counts.lastCaptureAt = this.now();
    if (this.log !== silentLogger) for (const e of events) this.log.debug(`captured ${e.source} event ${e.id}`);
    this.captured.fire(events);
  }

  /** The answer to an SDK whose events are stored: `200 {"id": "<event id>"}` as Sentry gives it (`{}` without an id). */
  private ingested(res: ServerResponse, id: string | undefined): void {
    this.count(200);
    if (res.headersSent || res.destroyed) return;
    // `id` is 32 lowercase hex digits (checked by the parsers or generated), nothing to escape.
    const text = id ? `{"id":"${id}"}` : '{}';
    res.writeHead(200, [...INGEST_OK_HEADERS, 'content-length', String(text.length)]);
    res.end(text);
  }

  private reject(res: ServerResponse, status: number, reason: string, extra: Record<string, string>, close: boolean): void {
    if (this.log !== silentLogger) this.log.debug(`${status}: ${reason}`);
    this.send(res, status, { detail: reason }, extra, close);
  }

  private send(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}, close = false): void {
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

  private count(status: number): void {
    this.counts.responses[status] = (this.counts.responses[status] ?? 0) + 1;
    if (status >= 400) this.counts.rejected++;
  }
}

function summarize(e: StoredEvent, resolved: boolean): Record<string, unknown> {
  const view = viewEvent(e.event);
  const top = topFrame(view);
  return {
    id: e.id,
    receivedAt: e.receivedAt,
    source: e.source,
    projectId: e.projectId ?? null,
    groupKey: e.groupKey,
    resolved,
    type: view.type,
    level: view.level,
    title: view.title,
    culprit: view.culprit,
    topFrame: top ? frameLocation(top) : null,
    event: e.event,
  };
}

/** The event's own id (`event_id`, or `eventID`/`id` as the event view reads it) when it is 32 hex digits once normalised. */
function eventIdOf(event: Record<string, unknown>): string | undefined {
  const ids: IdValues = {};
  for (const k of ['event_id', 'eventID', 'id'] as const) {
    const v = event[k];
    if (v === undefined) continue;
    ids[k] = typeof v === 'string' ? v : typeof v === 'number' ? 0 : null;
  }
  return idOf(ids);
}

/** eventIdOf over what the text pass saw of those keys: the first that is a string or a number decides. */
function idOf(ids: IdValues): string | undefined {
  for (const k of ['event_id', 'eventID', 'id'] as const) {
    const v = ids[k];
    if (v === 0) return undefined;
    if (typeof v === 'string') {
      const id = normalizeEventId(v);
      return /^[0-9a-f]{32}$/.test(id) ? id : undefined;
    }
  }
  return undefined;
}

/** An event_id the store route accepts: 32 hex digits, or a UUID. */
const EVENT_ID_TEXT = /^[0-9a-fA-F]{32}$|^[0-9a-fA-F-]{36}$/;

/** The `sentry_key` an SDK sent, from `X-Sentry-Auth`, `Authorization: Sentry ...` or the query string. */
function sentryKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const q = queryParam(url, 'sentry_key');
  if (q) return q;
  for (const h of [req.headers['x-sentry-auth'], req.headers.authorization]) {
    const m = typeof h === 'string' ? /sentry_key\s*=\s*([^,\s]+)/i.exec(h) : null;
    if (m) return m[1];
  }
  return undefined;
}

/**
 * `url.searchParams.get(name)` without building the URLSearchParams (several
 * microseconds per request): the first pair named `name`, its value decoded
 * as URLSearchParams decodes it. A query whose names are encoded goes the
 * long way.
 */
export function queryParam(url: URL, name: string): string | null {
  const search = url.search;
  if (search.length < 2) return null;
  for (let start = 1; start < search.length; ) {
    let end = search.indexOf('&', start);
    if (end < 0) end = search.length;
    const eq = search.indexOf('=', start);
    const nameEnd = eq >= 0 && eq < end ? eq : end;
    const pairName = search.slice(start, nameEnd);
    if (pairName.includes('%') || pairName.includes('+')) return url.searchParams.get(name);
    if (pairName === name) {
      const value = nameEnd < end ? search.slice(nameEnd + 1, end) : '';
      return value.includes('%') || value.includes('+') ? new URLSearchParams(`v=${value}`).get('v') : value;
    }
    start = end + 1;
  }
  return null;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

