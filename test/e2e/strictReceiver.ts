// A Sentry ingest endpoint for the e2e tests, written independently of the
// extension's code: a real node:http server on 127.0.0.1 that accepts only
// POST /api/<project>/envelope/ with a correct X-Sentry-Auth (or query-string)
// auth for its key, decodes the envelope strictly (header line, item headers,
// length-delimited or newline-terminated payloads, gzip/deflate bodies) and
// keeps the events. It can be switched to answer 429 with Retry-After and
// X-Sentry-Rate-Limits, as sentry.io does when a project is rate limited.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { gunzipSync, inflateSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

export interface ReceivedEnvelope {
  header: Record<string, unknown>;
  items: { header: Record<string, unknown>; payload: unknown }[];
  auth: Record<string, string>;
}

export type ReceiverMode = { kind: 'ok' } | { kind: 'rate-limited'; retryAfterSeconds: number; category: string };

export class StrictReceiver {
  readonly envelopes: ReceivedEnvelope[] = [];
  readonly rejected: string[] = [];
  mode: ReceiverMode = { kind: 'ok' };
  private server: Server | undefined;
  private port = 0;

  constructor(
    readonly publicKey: string,
    readonly projectId: string,
  ) {}

  get dsn(): string {
    return `http://${this.publicKey}@127.0.0.1:${this.port}/${this.projectId}`;
  }

  /** The events (item type "event") received so far. */
  get events(): Record<string, unknown>[] {
    return this.envelopes.flatMap((e) => e.items.filter((i) => i.header.type === 'event').map((i) => i.payload as Record<string, unknown>));
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      void this.handle(req, res).catch((e: unknown) => {
        this.reject(res, 400, e instanceof Error ? e.message : String(e));
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((r) => s.close(() => r()));
  }

  private reject(res: ServerResponse, status: number, why: string): void {
    this.rejected.push(`${status} ${why}`);
    if (!res.headersSent) {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ detail: why }));
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const m = /^\/api\/([^/]+)\/envelope\/$/.exec(url.pathname);
    if (req.method !== 'POST' || !m) return this.reject(res, 404, `no route ${req.method} ${url.pathname}`);
    if (m[1] !== this.projectId) return this.reject(res, 404, `unknown project ${m[1]}`);
    const auth = parseAuth(req.headers['x-sentry-auth'], url.searchParams);
    if (auth.sentry_version !== '7') return this.reject(res, 401, 'sentry_version must be 7');
    if (auth.sentry_key !== this.publicKey) return this.reject(res, 401, 'wrong or missing sentry_key');
    if (!/^[\w.-]+\/[\w.+-]+$/.test(auth.sentry_client ?? '')) return this.reject(res, 401, 'sentry_client must be name/version');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body = Buffer.concat(chunks);
    const enc = req.headers['content-encoding'];
    if (enc === 'gzip') body = gunzipSync(body);
    else if (enc === 'deflate') body = inflateSync(body);
    else if (enc && enc !== 'identity') return this.reject(res, 415, `unsupported content-encoding ${enc}`);
    const envelope = { ...decodeEnvelope(body), auth };
    if (this.mode.kind === 'rate-limited') {
      res.writeHead(429, {
        'retry-after': String(this.mode.retryAfterSeconds),
        'x-sentry-rate-limits': `${this.mode.retryAfterSeconds}:${this.mode.category}:project`,
        'content-type': 'application/json',
      });
      res.end(JSON.stringify({ detail: 'Sentry dropped data due to a quota or internal rate limit being reached' }));
      return;
    }
    this.envelopes.push(envelope);
    const eventId = envelope.header.event_id;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(eventId ? { id: eventId } : {}));
  }
}

function parseAuth(header: string | string[] | undefined, query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const h = Array.isArray(header) ? header[0] : header;
  if (h) {
    if (!/^Sentry\s/i.test(h)) throw new Error('X-Sentry-Auth must start with "Sentry "');
    for (const part of h.replace(/^Sentry\s+/i, '').split(',')) {
      const [k, ...v] = part.trim().split('=');
      if (k) out[k] = v.join('=');
    }
  }
  for (const k of ['sentry_version', 'sentry_key', 'sentry_client']) {
    const v = query.get(k);
    if (v !== null && out[k] === undefined) out[k] = v;
  }
  return out;
}

/** Decodes an envelope; throws on anything malformed. */
export function decodeEnvelope(body: Buffer): { header: Record<string, unknown>; items: { header: Record<string, unknown>; payload: unknown }[] } {
  let pos = 0;
  const readLine = (): Buffer | undefined => {
    if (pos >= body.length) return undefined;
    const nl = body.indexOf(0x0a, pos);
    const end = nl < 0 ? body.length : nl;
    const line = body.subarray(pos, end);
    pos = end + 1;
    return line;
  };
  const headerLine = readLine();
  if (!headerLine) throw new Error('empty envelope');
  const header = parseObject(headerLine, 'envelope header');
  if (header.event_id !== undefined && !/^[0-9a-f]{32}$/.test(String(header.event_id))) throw new Error('envelope event_id is not 32 hex');
  const items: { header: Record<string, unknown>; payload: unknown }[] = [];
  for (;;) {
    const ih = readLine();
    if (ih === undefined) break;
    if (ih.length === 0) continue;
    const itemHeader = parseObject(ih, 'item header');
    if (typeof itemHeader.type !== 'string') throw new Error('item header without type');
    let payload: Buffer;
    if (typeof itemHeader.length === 'number') {
      payload = body.subarray(pos, pos + itemHeader.length);
      if (payload.length !== itemHeader.length) throw new Error('item shorter than its length');
      pos += itemHeader.length;
      if (pos < body.length && body[pos] === 0x0a) pos += 1;
    } else {
      payload = readLine() ?? Buffer.alloc(0);
    }
    const isJson = ['event', 'transaction', 'session', 'sessions', 'client_report', 'check_in'].includes(itemHeader.type);
    items.push({ header: itemHeader, payload: isJson ? parseObject(payload, `${itemHeader.type} payload`) : payload });
  }
  if (items.length === 0) throw new Error('envelope without items');
  return { header, items };
}

function parseObject(buf: Buffer, what: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(buf.toString('utf8'));
  } catch {
    throw new Error(`${what} is not JSON`);
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error(`${what} is not an object`);
  return v as Record<string, unknown>;
}
