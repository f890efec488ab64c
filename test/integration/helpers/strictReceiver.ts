import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../../src/util/logger';

/**
 * A strict Sentry ingestion endpoint for tests: real node:http on 127.0.0.1:0.
 * It checks the route, the `X-Sentry-Auth` header and the content type, and
 * decodes the envelope strictly (independently of the product's parser):
 * a JSON object header line, then items that each carry a JSON header with a
 * `type` and a `length`, exactly `length` payload bytes and a "\n" (or the end).
 * The legacy store route (`/api/{project}/store/`) takes one event as JSON
 * (`application/json`, a 32-hex `event_id`), recorded as one `event` item.
 * What fails a check is answered as Relay would (401/400 with a JSON `detail`)
 * and recorded in `rejections`.
 */

export interface ReceivedItem {
  headers: Record<string, unknown> & { type: string; length: number };
  payload: Buffer;
  /** The payload parsed as JSON when the item is an event. */
  json?: Record<string, unknown>;
}

export interface ReceivedEnvelope {
  path: string;
  requestHeaders: http.IncomingHttpHeaders;
  auth: Record<string, string>;
  header: Record<string, unknown>;
  items: ReceivedItem[];
  raw: Buffer;
}

export type Responder = (req: http.IncomingMessage) => { status: number; headers?: Record<string, string>; body?: string } | 'hang' | undefined;

export interface StrictReceiverOptions {
  publicKey: string;
  projectId: string;
  pathPrefix?: string;
  /** Overrides the answer (after the request was read); `hang` never answers; undefined checks and accepts. */
  respond?: Responder;
}

export function parseAuthHeader(value: string | undefined): Record<string, string> | string {
  if (value === undefined) return 'missing X-Sentry-Auth header';
  const m = /^Sentry\s+(.*)$/.exec(value);
  if (!m) return 'X-Sentry-Auth must start with "Sentry "';
  const out: Record<string, string> = {};
  for (const part of m[1]!.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return `malformed X-Sentry-Auth part "${part.trim()}"`;
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** Strict envelope decoding; throws with the reason on the first deviation. */
export function decodeEnvelopeStrict(raw: Buffer): { header: Record<string, unknown>; items: ReceivedItem[] } {
  let pos = raw.indexOf(0x0a);
  if (pos < 0) throw new Error('envelope header line has no newline');
  const header = JSON.parse(raw.subarray(0, pos).toString('utf8')) as unknown;
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw new Error('envelope header is not a JSON object');
  pos += 1;
  const items: ReceivedItem[] = [];
  while (pos < raw.length) {
    const nl = raw.indexOf(0x0a, pos);
    if (nl < 0) throw new Error(`item ${items.length} header has no newline`);
    const ih = JSON.parse(raw.subarray(pos, nl).toString('utf8')) as Record<string, unknown>;
    if (typeof ih.type !== 'string') throw new Error(`item ${items.length} header has no type`);
    if (typeof ih.length !== 'number' || !Number.isInteger(ih.length) || ih.length < 0) throw new Error(`item ${items.length} header has no integer length`);
    const start = nl + 1;
    const end = start + ih.length;
    if (end > raw.length) throw new Error(`item ${items.length} length ${ih.length} runs past the end`);
    const payload = raw.subarray(start, end);
    if (end < raw.length && raw[end] !== 0x0a) throw new Error(`item ${items.length} payload is not followed by a newline`);
    const item: ReceivedItem = { headers: ih as ReceivedItem['headers'], payload };
    if (ih.type === 'event' || ih.type === 'transaction') {
      const json = JSON.parse(payload.toString('utf8')) as unknown;
      if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new Error(`${ih.type} payload is not a JSON object`);
      item.json = json as Record<string, unknown>;
    }
    items.push(item);
    pos = end + 1;
  }
  return { header: header as Record<string, unknown>, items };
}

export class StrictReceiver {
  readonly received: ReceivedEnvelope[] = [];
  readonly rejections: string[] = [];
  requests = 0;
  private server: http.Server | undefined;
  private readonly hanging = new Set<http.ServerResponse>();

  constructor(private readonly opts: StrictReceiverOptions) {}

  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  dsn(protocol: 'http' | 'https' = 'http'): string {
    const prefix = this.opts.pathPrefix ? `/${this.opts.pathPrefix}` : '';
    return `${protocol}://${this.opts.publicKey}@127.0.0.1:${this.port}${prefix}/${this.opts.projectId}`;
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const s = this.server;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private reject(res: http.ServerResponse, status: number, detail: string): void {
    this.rejections.push(detail);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ detail }));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.requests++;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const custom = this.opts.respond?.(req);
      if (custom === 'hang') {
        this.hanging.add(res);
        return;
      }
      if (custom) {
        res.writeHead(custom.status, custom.headers ?? {});
        res.end(custom.body ?? '');
        return;
      }
      const prefix = this.opts.pathPrefix ? `/${this.opts.pathPrefix}` : '';
      const expectedPath = `${prefix}/api/${this.opts.projectId}/envelope/`;
      const storePath = `${prefix}/api/${this.opts.projectId}/store/`;
      if (req.method !== 'POST') return this.reject(res, 405, `expected POST, got ${req.method}`);
      if (req.url !== expectedPath && req.url !== storePath) return this.reject(res, 404, `expected ${expectedPath} or ${storePath}, got ${req.url}`);
      const auth = parseAuthHeader(req.headers['x-sentry-auth'] as string | undefined);
      if (typeof auth === 'string') return this.reject(res, 401, auth);
      if (auth.sentry_version !== '7') return this.reject(res, 401, `sentry_version must be 7, got ${auth.sentry_version}`);
      if (auth.sentry_key !== this.opts.publicKey) return this.reject(res, 401, 'unknown public key');
      if (!/^[\w.-]+\/[\w.-]+$/.test(auth.sentry_client ?? '')) return this.reject(res, 401, `sentry_client must be name/version, got ${auth.sentry_client}`);
      if (req.url === storePath) return this.store(req, res, raw, auth);
      if (req.headers['content-type'] !== 'application/x-sentry-envelope') return this.reject(res, 415, `content-type must be application/x-sentry-envelope, got ${req.headers['content-type']}`);
      let decoded: ReturnType<typeof decodeEnvelopeStrict>;
      try {
        decoded = decodeEnvelopeStrict(raw);
      } catch (e) {
        return this.reject(res, 400, `invalid envelope: ${(e as Error).message}`);
      }
      const event = decoded.items.find((i) => i.headers.type === 'event' || i.headers.type === 'transaction')?.json;
      if (event && event.event_id !== decoded.header.event_id) return this.reject(res, 400, 'event_id differs between envelope header and event');
      if (event && !/^[0-9a-f]{32}$/.test(String(event.event_id))) return this.reject(res, 400, 'event_id is not 32 hex digits');
      this.received.push({ path: req.url, requestHeaders: req.headers, auth, header: decoded.header, items: decoded.items, raw });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: decoded.header.event_id }));
    });
  }

  /** The store route: one event object as JSON, recorded as an envelope of that one `event` item. */
  private store(req: http.IncomingMessage, res: http.ServerResponse, raw: Buffer, auth: Record<string, string>): void {
    if (req.headers['content-type'] !== 'application/json') return this.reject(res, 415, `content-type must be application/json, got ${req.headers['content-type']}`);
    let event: unknown;
    try {
      event = JSON.parse(raw.toString('utf8'));
    } catch (e) {
      return this.reject(res, 400, `invalid event: ${(e as Error).message}`);
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) return this.reject(res, 400, 'the event is not a JSON object');
    const json = event as Record<string, unknown>;
    if (!/^[0-9a-f]{32}$/.test(String(json.event_id))) return this.reject(res, 400, 'event_id is not 32 hex digits');
    const items: ReceivedItem[] = [{ headers: { type: 'event', length: raw.length }, payload: raw, json }];
    this.received.push({ path: req.url!, requestHeaders: req.headers, auth, header: { event_id: json.event_id }, items, raw });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: json.event_id }));
  }
}

/** A Logger that keeps every line ("level message"), to check what was logged. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (level: string) => (m: string) => void lines.push(`${level} ${m}`);
  return { lines, trace: rec('trace'), debug: rec('debug'), info: rec('info'), warn: rec('warn'), error: rec('error') };
}
