import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type EnvelopeEvent, type RecordItem, normalizeEventId, parseEnvelope, readEventText } from '../../sentry/envelope/envelopeParser';
import { type Scrubber, defaultScrubber } from '../../sentry/scrub/scrub';
import type { IdValues, TextScrubResult } from '../../sentry/scrub/scrubText';
import { mayBeTransactionText } from '../../sentry/records/transactionSpans';
import { handleWebhook } from '../../sentry/webhooks/webhooks';
import { type Logger, silentLogger } from '../../util/logger';
import { readBody } from '../http/bodyReader';
import { HttpError } from '../http/httpReplies';
import { lazyStoredEvent } from '../kinds/events/lazyEvent';
import type { Limits } from '../http/limits';
import type { Route } from '../http/routes';
import { sentryKeyOf } from '../http/sentryKey';
import type { EventSource, StoredEvent } from '../kinds/events/storedEvent';

export interface IngestOptions {
  limits: Limits;
  logger: Logger;
  /** Applied to every event before it is stored (default: the default scrubber of sentry/scrub/scrub.ts). */
  scrubber?: <T>(e: T) => T;
  /** The webhook client secret, read per request (so a change in SecretStorage applies at once). */
  webhookSecret?: () => Promise<string | undefined> | string | undefined;
  /** Project ids or slugs accepted on the webhook route; empty or missing: all. */
  projects?: string[];
  now: () => number;
}

/** What a request brought: the events to store, and the id an SDK is answered with. */
export interface Ingested {
  events: StoredEvent[];
  id: string | undefined;
  /** Transactions (never errors) and span and log items, for recordIngest.ts; undecoded, unscrubbed. */
  transactions: EnvelopeEvent[];
  recordItems: RecordItem[];
  receivedAt: number;
  /** The envelope's bytes (decoded), for the stream feed. */
  body?: Buffer;
}

const MISSING_KEY = 'missing authorization information: send sentry_key in X-Sentry-Auth or the query string';

/**
 * Turns the body of an ingest request (envelope, store, Spotlight's stream,
 * webhook) into scrubbed stored events, or throws an HttpError that says
 * why not. It stores nothing and answers nothing: the listener does.
 *
 * Authentication of ingest routes: `/api/{project}/envelope|store/` need a
 * `sentry_key` - in the `X-Sentry-Auth` (or `Authorization: Sentry ...`)
 * header, the query string, or for envelopes the `dsn` of the envelope
 * headers (browser tunnels) - but any key is accepted: the key says which DSN
 * the SDK was given, the listener is only reachable from this machine. A
 * request without one is answered 401 as Relay does. `/stream` needs none
 * (as in Spotlight).
 */
export class IngestDecoder {
  private readonly scrub: <T>(e: T) => T;
  /** The scrubber's text pass, when it has one (scrubText.ts): events it takes are never parsed here. */
  private readonly scrubText: Scrubber['text'];

  constructor(private readonly opts: IngestOptions) {
    const scrubber: Scrubber = opts.scrubber ?? defaultScrubber;
    // The sharing variant when the scrubber has one: see toStored.
    this.scrub = scrubber.shared ?? scrubber;
    this.scrubText = scrubber.text;
  }

  async envelope(req: IncomingMessage, url: URL, route: Extract<Route, { kind: 'envelope' | 'stream' }>): Promise<Ingested> {
    const keyFromRequest = route.kind === 'envelope' ? sentryKeyOf(req, url) : 'stream';
    const l = this.opts.limits;
    const body = await this.body(req, l.maxEnvelopeBytes);
    const parsed = parseEnvelope(body, {
      maxEventBytes: l.maxEventBytes,
      maxJsonDepth: l.maxJsonDepth,
      ...(this.scrubText ? { scrubText: this.scrubText } : {}),
    });
    if (!parsed.ok) {
      throw new HttpError(parsed.code === 'too-large' ? 413 : 400, `invalid envelope: ${parsed.reason}`);
    }
    if (!keyFromRequest && !parsed.value.headers.dsn) throw new HttpError(401, MISSING_KEY);
    const projectId = route.kind === 'envelope' ? route.projectId : undefined;
    const source: EventSource = route.kind === 'envelope' ? 'envelope' : 'stream';
    const receivedAt = this.opts.now();
    const events: StoredEvent[] = [];
    const transactions: EnvelopeEvent[] = [];
    for (const e of parsed.value.events) {
      // A transaction is never an error: its spans go where spans are kept.
      if (e.type === 'transaction') {
        transactions.push(e);
        continue;
      }
      events.push(
        e.scrubbed
          ? this.fromText(e.scrubbed, e.eventId, source, projectId, receivedAt)
          : this.toStored(e.payload, e.text, e.eventId, source, projectId, receivedAt),
      );
    }
    const id = parsed.value.headers.event_id ? normalizeEventId(parsed.value.headers.event_id) : (events[0]?.id ?? transactions[0]?.eventId);
    return { events, id, transactions, recordItems: parsed.value.recordItems, receivedAt, body };
  }

  async store(req: IncomingMessage, url: URL, projectId: string): Promise<Ingested> {
    if (!sentryKeyOf(req, url)) {
      req.resume();
      throw new HttpError(401, MISSING_KEY);
    }
    const body = await this.body(req, this.opts.limits.maxEventBytes);
    const text = body.toString('utf8');
    // The scrubber's text pass when it takes the event, else the parse and the object walk (see toStored).
    const read = readEventText(text, this.opts.limits.maxJsonDepth, 'event', this.scrubText);
    if (!read.ok) throw new HttpError(400, `invalid event: ${read.reason}`);
    const { scrubbed, payload, rawId: raw } = read.value;
    if (raw !== undefined && (typeof raw !== 'string' || !EVENT_ID_TEXT.test(raw))) {
      throw new HttpError(400, 'invalid event: event_id must be 32 hexadecimal digits');
    }
    const eventId = typeof raw === 'string' ? normalizeEventId(raw) : undefined;
    const receivedAt = this.opts.now();
    // A transaction is never an error. (The text test spares parsing every event the scrubber's text pass took.)
    const event = payload ?? (mayBeTransactionText(text) ? (JSON.parse(text) as Record<string, unknown>) : undefined);
    if (event?.type === 'transaction') {
      return { events: [], id: eventId, transactions: [{ type: 'transaction', eventId, payload: event, text }], recordItems: [], receivedAt };
    }
    const stored = scrubbed ? this.fromText(scrubbed, eventId, 'store', projectId, receivedAt) : this.toStored(payload!, text, eventId, 'store', projectId, receivedAt);
    return { events: [stored], id: stored.id, transactions: [], recordItems: [], receivedAt };
  }

  /** A signed Sentry webhook: its events, and the resource it was about. */
  async webhook(req: IncomingMessage): Promise<{ events: StoredEvent[]; resource: string }> {
    const body = await this.body(req, this.opts.limits.maxEventBytes);
    const secret = await this.opts.webhookSecret?.();
    const r = handleWebhook({
      rawBody: body,
      headers: req.headers,
      secret,
      projects: this.opts.projects ?? [],
      maxJsonDepth: this.opts.limits.maxJsonDepth,
    });
    if (!r.ok) throw new HttpError(r.status, r.reason);
    const receivedAt = this.opts.now();
    const events = r.value.events.map((e) => this.toStored(e.event, undefined, e.eventId, 'webhook', e.projectId, receivedAt));
    return { events, resource: r.value.resource };
  }

  private async body(req: IncomingMessage, maxDecoded: number): Promise<Buffer> {
    const r = await readBody(req, this.opts.limits, maxDecoded);
    if (!r.ok) throw new HttpError(r.status, r.reason);
    const log = this.opts.logger;
    if (log !== silentLogger) log.trace(`body of ${r.body.length} bytes (content-encoding: ${String(req.headers['content-encoding'] ?? 'identity')})`);
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
