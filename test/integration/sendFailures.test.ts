import { strict as assert } from 'node:assert';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { IngestClient } from '../../src/sentry/send/ingestClient';
import { parseDsn, type Dsn } from '../../src/sentry/send/dsn';
import { SentryAuthError, SentryError, SentryRateLimitError } from '../../src/sentry/errors';
import { StrictReceiver, recordingLogger, type Responder } from './helpers/strictReceiver';

const KEY = '0f1e2d3c4b5a69788796a5b4c3d2e1f0';

function dsnOf(text: string): Dsn {
  const r = parseDsn(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): ReturnType<Responder> => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Sends one event and returns the typed error it failed with. */
async function failure(client: IngestClient, dsn: string): Promise<SentryError> {
  try {
    await client.send(dsnOf(dsn), { message: 'will fail' });
  } catch (e) {
    assert.ok(e instanceof SentryError, `expected a SentryError, got ${String(e)}`);
    assert.ok(!e.userMessage.includes(KEY), 'the key never appears in a message');
    assert.ok(!/\n\s+at /.test(e.userMessage), 'no stack trace in the message');
    return e;
  }
  assert.fail('the send should have failed');
}

describe('send: every failure cause against a local server', () => {
  const servers: StrictReceiver[] = [];
  const log = recordingLogger();
  let client: IngestClient;

  async function answering(respond: Responder): Promise<StrictReceiver> {
    const r = await new StrictReceiver({ publicKey: KEY, projectId: '5', respond }).start();
    servers.push(r);
    return r;
  }

  beforeEach(() => {
    client = new IngestClient({ clientName: 'sentry-lens/0.1.0', logger: log, timeouts: { connectMs: 2000, headersMs: 2000, bodyMs: 2000 } });
  });
  afterEach(async () => client.close());
  after(async () => {
    for (const s of servers) await s.stop();
    assert.ok(!log.lines.join('\n').includes(KEY), 'the key never reaches the log');
  });

  it('401 with Sentry\'s detail', async () => {
    const r = await answering(() => json(401, { detail: 'bad sentry DSN public key' }));
    const e = await failure(client, r.dsn());
    assert.ok(e instanceof SentryAuthError);
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 401);
    assert.equal(e.detail, 'bad sentry DSN public key');
    assert.equal(e.userMessage, `the DSN was rejected by 127.0.0.1:${r.port} (401 Unauthorized): bad sentry DSN public key; check the DSN's key and project`);
  });

  it('403, with a detail that repeats the key filtered out', async () => {
    const r = await answering(() => json(403, { detail: `event submission rejected for key ${KEY}` }));
    const e = await failure(client, r.dsn());
    assert.equal(e.kind, 'auth');
    assert.equal(e.status, 403);
    assert.equal(e.userMessage, `the DSN was rejected by 127.0.0.1:${r.port} (403 Forbidden): event submission rejected for key [Filtered]; check the DSN's key and project`);
  });

  it('404 project not found', async () => {
    const r = await answering(() => json(404, { detail: 'project not found' }));
    const e = await failure(client, r.dsn());
    assert.equal(e.kind, 'not-found');
    assert.equal(e.userMessage, `project 5 was not found at 127.0.0.1:${r.port} (404 Not Found): project not found; check the DSN's project id and path`);
  });

  it('413 payload too large', async () => {
    const r = await answering(() => ({ status: 413, body: '' }));
    const e = await failure(client, r.dsn());
    assert.equal(e.kind, 'too-large');
    assert.match(e.userMessage, new RegExp(`^the event is too large for 127\\.0\\.0\\.1:${r.port} \\(413 Payload Too Large, \\d+ bytes\\); send less extra data$`));
  });

  it('400 with detail', async () => {
    const r = await answering(() => json(400, { detail: 'invalid event envelope' }));
    const e = await failure(client, r.dsn());
    assert.equal(e.kind, 'bad-request');
    assert.equal(e.userMessage, `127.0.0.1:${r.port} refused the event (400 Bad Request): invalid event envelope`);
  });

  it('500 server error (an HTML page is not shown)', async () => {
    const r = await answering(() => ({ status: 500, headers: { 'content-type': 'text/html' }, body: '<html><body>Internal Server Error</body></html>' }));
    const e = await failure(client, r.dsn());
    assert.equal(e.kind, 'server');
    assert.equal(e.status, 500);
    assert.equal(e.userMessage, `127.0.0.1:${r.port} answered with a server error (500); try again later`);
  });

  it('3xx redirect names where it points, without the query', async () => {
    const r = await answering(() => ({ status: 301, headers: { location: `https://sentry.example.com/api/5/envelope/?sentry_key=${KEY}` } }));
    const e = await failure(client, r.dsn());
    assert.equal(e.kind, 'bad-request');
    assert.equal(e.userMessage, `127.0.0.1:${r.port} answered with a redirect (301) to https://sentry.example.com/api/5/envelope/; put the address it redirects to in the DSN`);
  });

  it('429 honours X-Sentry-Rate-Limits and Retry-After, then fails fast without a request', async () => {
    const r = await answering(() => json(429, { detail: 'Sentry dropped data due to a quota or internal rate limit being reached' }, { 'x-sentry-rate-limits': '60:error;default:project:quota_exceeded', 'retry-after': '60' }));
    const e = await failure(client, r.dsn());
    assert.ok(e instanceof SentryRateLimitError);
    assert.equal(e.status, 429);
    assert.equal(e.retryAfterMs, 60_000);
    assert.deepEqual(e.categories, ['error']);
    assert.equal(e.userMessage, 'Sentry is not accepting events from this DSN now: rate limited for 60 s (category error)');
    assert.equal(r.requests, 1);

    const again = await failure(client, r.dsn());
    assert.ok(again instanceof SentryRateLimitError);
    assert.deepEqual(again.categories, ['error']);
    assert.ok(again.retryAfterMs > 0 && again.retryAfterMs <= 60_000);
    assert.match(again.userMessage, /^Sentry is not accepting events from this DSN now: rate limited for \d+ s \(category error\)$/);
    assert.equal(r.requests, 1, 'the second send made no request');
  });

  it('a limit on errors does not hold back a transaction, a limit on transactions does', async () => {
    let answer: ReturnType<Responder> = json(429, {}, { 'x-sentry-rate-limits': '60:error:key', 'retry-after': '60' });
    const r = await answering(() => answer);
    await failure(client, r.dsn());
    answer = undefined; // from now on the receiver accepts
    const transaction = { type: 'transaction', transaction: 'GET /x', start_timestamp: 1, timestamp: 2, contexts: { trace: { trace_id: 'a'.repeat(32), span_id: 'b'.repeat(16) } }, spans: [] };
    const sent = await client.send(dsnOf(r.dsn()), transaction);
    assert.equal(r.received.at(-1)!.items[0]!.headers.type, 'transaction');
    assert.equal(r.received.at(-1)!.header.event_id, sent.eventId);
    const e = await failure(client, r.dsn());
    assert.ok(e instanceof SentryRateLimitError, 'errors are still limited');
    const requests = r.requests;

    answer = json(429, {}, { 'x-sentry-rate-limits': '60:transaction:key' });
    await assert.rejects(client.send(dsnOf(r.dsn()), transaction), (x: unknown) => x instanceof SentryRateLimitError && x.userMessage.endsWith('(category transaction)'));
    await assert.rejects(client.send(dsnOf(r.dsn()), transaction), SentryRateLimitError);
    assert.equal(r.requests, requests + 1, 'the second transaction made no request');
  });

  it('429 with only Retry-After limits every category', async () => {
    const r = await answering(() => ({ status: 429, headers: { 'retry-after': '30' } }));
    const e = await failure(client, r.dsn());
    assert.ok(e instanceof SentryRateLimitError);
    assert.equal(e.retryAfterMs, 30_000);
    assert.equal(e.userMessage, 'Sentry is not accepting events from this DSN now: rate limited for 30 s (all categories)');
  });

  it('connection refused on a closed port', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const e = await failure(client, `http://${KEY}@127.0.0.1:${port}/5`);
    assert.equal(e.kind, 'network');
    assert.equal(e.userMessage, `cannot reach 127.0.0.1:${port}: connection refused (ECONNREFUSED)`);
    assert.ok(e.cause, 'the original error is kept');
  });

  it('connection reset by the server', async () => {
    const server = net.createServer((socket) => socket.resetAndDestroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const e = await failure(client, `http://${KEY}@127.0.0.1:${port}/5`);
      assert.equal(e.kind, 'network');
      assert.match(e.userMessage, new RegExp(`^cannot reach 127\\.0\\.0\\.1:${port}: (the connection was reset \\(ECONNRESET\\)|the connection was closed by the server \\(UND_ERR_SOCKET\\))$`));
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('TLS: an https DSN at a plain-http port', async () => {
    const r = await answering(() => undefined);
    const e = await failure(client, r.dsn('https'));
    assert.equal(e.kind, 'tls');
    assert.equal(e.userMessage, `TLS failure talking to 127.0.0.1:${r.port}: the server did not answer with TLS (is the DSN https for a plain-http server?) (ERR_SSL_WRONG_VERSION_NUMBER)`);
  });

  it('TLS: a self-signed certificate made with openssl', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'sentry-lens-tls-'));
    let server: https.Server | undefined;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
      server = https.createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
      const port = (server.address() as net.AddressInfo).port;
      const e = await failure(client, `https://${KEY}@127.0.0.1:${port}/5`);
      assert.equal(e.kind, 'tls');
      assert.equal(e.userMessage, `TLS failure talking to 127.0.0.1:${port}: the server certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT)`);
    } finally {
      if (server) {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server!.close(() => resolve()));
      }
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('timeout: a server that never answers', async () => {
    const r = await answering(() => 'hang');
    const quick = new IngestClient({ clientName: 'sentry-lens/0.1.0', timeouts: { connectMs: 1000, headersMs: 300, bodyMs: 300 } });
    try {
      const e = await failure(quick, r.dsn());
      assert.equal(e.kind, 'timeout');
      assert.equal(e.userMessage, `127.0.0.1:${r.port} did not answer within 0.3 s (timeout waiting for the response)`);
    } finally {
      await quick.close();
    }
  });

  it('timeout: a server that stops in the middle of its answer', async () => {
    const stalled = new Set<http.ServerResponse>();
    const server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
        res.write('{"id":');
        stalled.add(res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as net.AddressInfo).port;
    const quick = new IngestClient({ clientName: 'sentry-lens/0.1.0', timeouts: { headersMs: 2000, bodyMs: 300 } });
    try {
      const e = await failure(quick, `http://${KEY}@127.0.0.1:${port}/5`);
      assert.equal(e.kind, 'timeout');
      assert.equal(e.userMessage, `127.0.0.1:${port} stopped sending its answer for 0.3 s (body timeout)`);
    } finally {
      await quick.close();
      for (const res of stalled) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('cancelled through an AbortSignal', async () => {
    const r = await answering(() => 'hang');
    const controller = new AbortController();
    const sending = client.send(dsnOf(r.dsn()), { message: 'x' }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(sending, (e: SentryError) => e.kind === 'cancelled' && e.userMessage === 'the send was cancelled');
  });

  it('logs each failure without the key', () => {
    assert.ok(log.lines.some((l) => /^warn event [0-9a-f]{32} to http:\/\/127\.0\.0\.1:\d+\/5 failed: auth \(401\)$/.test(l)), log.lines.join('\n'));
    assert.ok(log.lines.some((l) => / failed: network \(ECONNREFUSED/.test(l)));
  });
});

