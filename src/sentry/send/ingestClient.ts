import type { Dispatcher } from 'undici';
import { randomUUID } from 'node:crypto';
import { type Dsn, envelopeUrl, redactDsn, sentryAuthHeader, storeUrl } from './dsn';
import { SentryAuthError, SentryError, SentryRateLimitError } from '../errors';
import { encodeEnvelope } from '../envelope/envelope';
import { RateLimiter } from './rateLimits';
import { type Scrubber, defaultScrubber } from '../scrub/scrub';
import { type Logger, silentLogger } from '../../util/logger';

export interface IngestTimeouts {
  /** TCP + TLS connect (only for the client's own dispatcher). Default 10 s. */
  connectMs?: number;
  /** From sending the request to the response headers. Default 15 s. */
  headersMs?: number;
  /** Between chunks of the response body. Default 15 s. */
  bodyMs?: number;
}

export interface IngestClientOptions {
  /** `name/version`, sent as `sentry_client` and in the envelope's sdk header, e.g. "sentry-lens/0.1.0". */
  clientName: string;
  /** The HTTP dispatcher; by default an undici Agent with the connect timeout, made on first send. */
  dispatcher?: Dispatcher;
  timeouts?: IngestTimeouts;
  logger?: Logger;
  /** Milliseconds since the epoch (rate-limit deadlines, `sent_at`). */
  now?: () => number;
}

/**
 * Where an event goes: the envelope endpoint (`/api/{project}/envelope/`, what
 * every current SDK uses) or the legacy store endpoint (`/api/{project}/store/`,
 * the event's JSON alone), which older self-hosted Sentry versions and jobs that
 * post to it expect. A transaction always goes as an envelope: the store
 * endpoint predates them.
 */
export type IngestEndpoint = 'envelope' | 'store';
export const INGEST_ENDPOINTS: readonly IngestEndpoint[] = ['envelope', 'store'];

export interface SendOptions {
  signal?: AbortSignal;
  /** Applied to the event before it is encoded. Defaults to the default scrubber: nothing leaves unscrubbed. */
  scrubber?: Scrubber;
  /** Default `envelope`. */
  endpoint?: IngestEndpoint;
}

/** The envelope item type and the data category (as rate limits name it) of what is sent: a transaction is not an error. */
function itemKind(payload: Record<string, unknown>): { type: 'event' | 'transaction'; category: 'error' | 'transaction' } {
  return payload.type === 'transaction' ? { type: 'transaction', category: 'transaction' } : { type: 'event', category: 'error' };
}
const MAX_ERROR_BODY = 64 * 1024;

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
};

/** Codes (from Node, OpenSSL and undici) found anywhere in an error's `cause` chain. */
function errorCodes(e: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 8 && cur !== null && typeof cur === 'object'; i++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    const name = (cur as { name?: unknown }).name;
    if (name === 'AbortError') codes.push('ABORT_ERR');
    if (cur instanceof AggregateError) for (const inner of cur.errors) codes.push(...errorCodes(inner));
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

const TLS_CODES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the server certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the server certificate chain contains a self-signed certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the server certificate cannot be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the server certificate issuer is not trusted',
  CERT_HAS_EXPIRED: 'the server certificate has expired',
  CERT_NOT_YET_VALID: 'the server certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the server certificate does not name this host',
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (is the DSN https for a plain-http server?)',
  ERR_SSL_PACKET_LENGTH_TOO_LONG: 'the server did not answer with TLS (is the DSN https for a plain-http server?)',
  EPROTO: 'the TLS handshake failed',
};

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  ECONNRESET: 'the connection was reset',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EPIPE: 'the connection was closed',
  UND_ERR_SOCKET: 'the connection was closed by the server',
  UND_ERR_CLOSED: 'the connection was closed',
};

function hostPort(dsn: Dsn): string {
  const host = dsn.host.includes(':') ? `[${dsn.host}]` : dsn.host;
  return `${host}:${dsn.port ?? (dsn.protocol === 'https' ? 443 : 80)}`;
}

/** Removes the DSN keys from text that came from elsewhere (a server's answer, an error message). */
function withoutKeys(text: string, dsn: Dsn): string {
  let out = text;
  for (const key of [dsn.publicKey, dsn.secretKey]) if (key) out = out.split(key).join('[Filtered]');
  return out;
}

async function readDetail(body: string, dsn: Dsn): Promise<string | undefined> {
  if (body.trim() === '') return undefined;
  const { z } = await import('zod');
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    const line = body.trim().split('\n')[0]!.slice(0, 200);
    return /^</.test(line) ? undefined : withoutKeys(line, dsn);
  }
  const parsed = z.object({ detail: z.union([z.string(), z.object({ message: z.string() })]) }).safeParse(json);
  if (!parsed.success) return undefined;
  const detail = typeof parsed.data.detail === 'string' ? parsed.data.detail : parsed.data.detail.message;
  return withoutKeys(detail.slice(0, 500), dsn);
}

/** Whole seconds, rounded up (a wait is never shown shorter than it is). */
function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

/** A configured duration: "0.3 s" below a second, else whole seconds. */
function duration(ms: number): string {
  return ms < 1000 ? `${Math.max(0.1, Math.round(ms / 100) / 10)} s` : `${Math.round(ms / 1000)} s`;
}

function rateLimitMessage(retryAfterMs: number, categories: readonly string[]): string {
  const which = categories.length === 0 || categories.includes('all') ? 'all categories' : `category ${categories.join(', ')}`;
  return `Sentry is not accepting events from this DSN now: rate limited for ${seconds(retryAfterMs)} s (${which})`;
}

/**
 * Sends events to a DSN's envelope endpoint (or its store endpoint). Failures are typed `SentryError`s
 * whose `userMessage` names the cause without the DSN key. Rate limits from
 * earlier answers are remembered per destination: a send during a limit fails
 * at once with the same `SentryRateLimitError`, without a request.
 */
export class IngestClient {
  private readonly opts: IngestClientOptions;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly limiters = new Map<string, RateLimiter>();
  private ownDispatcher: Dispatcher | undefined;

  constructor(opts: IngestClientOptions) {
    this.opts = opts;
    this.log = opts.logger ?? silentLogger;
    this.now = opts.now ?? Date.now;
  }

  private limiterFor(dsn: Dsn): RateLimiter {
    const key = `${dsn.protocol}|${dsn.host}|${dsn.port ?? ''}|${dsn.pathPrefix}|${dsn.projectId}|${dsn.publicKey}`;
    let l = this.limiters.get(key);
    if (!l) {
      l = new RateLimiter(this.now);
      this.limiters.set(key, l);
    }
    return l;
  }

  /** Closes the client's own dispatcher (not one passed in). */
  async close(): Promise<void> {
    const d = this.ownDispatcher;
    this.ownDispatcher = undefined;
    if (d) await d.close();
  }

  async send(dsn: Dsn, event: object, opts: SendOptions = {}): Promise<{ eventId: string }> {
    const scrub = opts.scrubber ?? defaultScrubber;
    const scrubbed = scrub({ ...event }) as Record<string, unknown>;
    const given = scrubbed.event_id;
    const eventId = typeof given === 'string' && /^[0-9a-f]{32}$/i.test(given) ? given.toLowerCase() : randomUUID().replace(/-/g, '');
    scrubbed.event_id = eventId;
    const where = redactDsn(dsn);
    const kind = itemKind(scrubbed);

    const limited = this.limiterFor(dsn).check(kind.category);
    if (limited) {
      const err = new SentryRateLimitError(rateLimitMessage(limited.retryAfterMs, limited.categories), limited);
      this.log.warn(`event ${eventId} not sent to ${where}: still rate limited for ${seconds(limited.retryAfterMs)} s`);
      throw err;
    }

    const [name, version = '0.0.0'] = this.opts.clientName.split('/');
    const store = opts.endpoint === 'store' && kind.type === 'event';
    const body = store
      ? new TextEncoder().encode(JSON.stringify(scrubbed))
      : encodeEnvelope(
          { event_id: eventId, sent_at: new Date(this.now()).toISOString(), sdk: { name, version } },
          [{ headers: { type: kind.type, content_type: 'application/json' }, payload: scrubbed }],
        );

    const t = this.opts.timeouts ?? {};
    const headersMs = t.headersMs ?? 15_000;
    const bodyMs = t.bodyMs ?? 15_000;
    const { request, Agent } = await import('undici');
    let dispatcher = this.opts.dispatcher;
    if (!dispatcher) {
      this.ownDispatcher ??= new Agent({ connect: { timeout: t.connectMs ?? 10_000 }, headersTimeout: headersMs, bodyTimeout: bodyMs });
      dispatcher = this.ownDispatcher;
    }

    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string;
    try {
      const res = await request(store ? storeUrl(dsn) : envelopeUrl(dsn), {
        method: 'POST',
        dispatcher,
        headers: {
          'content-type': store ? 'application/json' : 'application/x-sentry-envelope',
          'x-sentry-auth': sentryAuthHeader(dsn, this.opts.clientName),
          'user-agent': this.opts.clientName,
        },
        body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        headersTimeout: headersMs,
        bodyTimeout: bodyMs,
        ...(opts.signal ? { signal: opts.signal } : {}),
      });
      status = res.statusCode;
      headers = res.headers;
      text = (await res.body.text()).slice(0, MAX_ERROR_BODY);
    } catch (e) {
      const err = this.transportError(e, dsn, t.connectMs ?? 10_000, headersMs, bodyMs, opts.signal);
      this.log.warn(`event ${eventId} to ${where} failed: ${err.kind} (${withoutKeys(errorCodes(e).join(', ') || (e as Error)?.name || 'error', dsn)})`);
      throw err;
    }

    const header = (n: string): string | undefined => {
      const v = headers[n];
      return Array.isArray(v) ? v.join(',') : v;
    };
    const limiter = this.limiterFor(dsn);
    const answeredAt = this.now();
    limiter.update({ statusCode: status, headers: { 'x-sentry-rate-limits': header('x-sentry-rate-limits'), 'retry-after': header('retry-after') } }, answeredAt);

    if (status >= 200 && status < 300) {
      this.log.info(`sent ${kind.type} ${eventId} to ${where}${store ? ' (store endpoint)' : ''} (${status})`);
      return { eventId };
    }
    const err = await this.statusError(status, text, dsn, limiter.check(kind.category, answeredAt), body.byteLength, { location: header('location') });
    this.log.warn(`event ${eventId} to ${where} failed: ${err.kind} (${status})`);
    throw err;
  }

  private async statusError(status: number, text: string, dsn: Dsn, limited: { retryAfterMs: number; categories: string[] } | undefined, size: number, headers: { location?: string | undefined }): Promise<SentryError> {
    const detail = await readDetail(text, dsn);
    const line = `${status}${STATUS_TEXT[status] ? ` ${STATUS_TEXT[status]}` : ''}`;
    const tail = detail ? `: ${detail}` : '';
    if (status === 401 || status === 403) {
      return new SentryAuthError(`the DSN was rejected by ${hostPort(dsn)} (${line})${tail}; check the DSN's key and project`, {
        status,
        ...(detail !== undefined ? { detail } : {}),
      });
    }
    if (status === 404) {
      return new SentryError('not-found', `project ${dsn.projectId} was not found at ${hostPort(dsn)} (${line})${tail}; check the DSN's project id and path`, { status });
    }
    if (status === 413) {
      return new SentryError('too-large', `the event is too large for ${hostPort(dsn)} (${line}, ${size} bytes)${tail}; send less extra data`, { status });
    }
    if (status === 429) {
      const active = limited ?? { retryAfterMs: 60_000, categories: [] };
      return new SentryRateLimitError(rateLimitMessage(active.retryAfterMs, active.categories), { ...active, status });
    }
    if (status >= 300 && status < 400) {
      const location = headers.location;
      const to = location ? ` to ${withoutKeys(location.split('?')[0]!, dsn)}` : '';
      return new SentryError('bad-request', `${hostPort(dsn)} answered with a redirect (${status})${to}; put the address it redirects to in the DSN`, { status });
    }
    if (status >= 500) {
      return new SentryError('server', `${hostPort(dsn)} answered with a server error (${line})${tail}; try again later`, { status });
    }
    return new SentryError('bad-request', `${hostPort(dsn)} refused the event (${line})${tail}`, { status });
  }

  private transportError(e: unknown, dsn: Dsn, connectMs: number, headersMs: number, bodyMs: number, signal?: AbortSignal): SentryError {
    const codes = errorCodes(e);
    const at = hostPort(dsn);
    if (signal?.aborted || codes.includes('ABORT_ERR') || codes.includes('UND_ERR_ABORTED')) {
      return new SentryError('cancelled', 'the send was cancelled', { cause: e });
    }
    if (codes.includes('UND_ERR_CONNECT_TIMEOUT') || codes.includes('ETIMEDOUT')) {
      return new SentryError('timeout', `no connection to ${at} within ${duration(connectMs)} (connect timeout)`, { cause: e });
    }
    if (codes.includes('UND_ERR_HEADERS_TIMEOUT')) {
      return new SentryError('timeout', `${at} did not answer within ${duration(headersMs)} (timeout waiting for the response)`, { cause: e });
    }
    if (codes.includes('UND_ERR_BODY_TIMEOUT')) {
      return new SentryError('timeout', `${at} stopped sending its answer for ${duration(bodyMs)} (body timeout)`, { cause: e });
    }
    const tls = codes.find((c) => TLS_CODES[c] !== undefined) ?? codes.find((c) => /^ERR_SSL_|^ERR_TLS_|CERT/.test(c));
    if (tls !== undefined) {
      return new SentryError('tls', `TLS failure talking to ${at}: ${TLS_CODES[tls] ?? 'the TLS connection failed'} (${tls})`, { cause: e });
    }
    const net = codes.find((c) => NETWORK_CODES[c] !== undefined);
    if (net !== undefined) {
      return new SentryError('network', `cannot reach ${at}: ${NETWORK_CODES[net]} (${net})`, { cause: e });
    }
    return new SentryError('network', `cannot reach ${at}: the request failed (${codes[0] ?? 'unknown error'})`, { cause: e });
  }
}
