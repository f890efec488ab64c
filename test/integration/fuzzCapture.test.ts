import { strict as assert } from 'node:assert';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { type Harness, fixtures, startHarness } from './captureHelpers';

/** A small deterministic PRNG (mulberry32) so a failure can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Case {
  kind: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const SECRET = 'fuzz-secret-not-real';

function makeCases(n: number, seed: number): Case[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  const real = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_php_error.txt'));
  const eventJson = real.subarray(real.indexOf('\n', real.indexOf('\n') + 1) + 1).toString('utf8').trim();
  const withLength = Buffer.from(`{"event_id":"${'a'.repeat(32)}"}\n{"type":"event","length":${Buffer.byteLength(eventJson)}}\n${eventJson}\n`);
  const ingest = ['/api/1/envelope/?sentry_key=k', '/stream'];
  const bomb = gzipSync(Buffer.alloc(48 * 1024 * 1024, 0x7b));
  const garbage = (len: number) => Buffer.from(Array.from({ length: len }, () => int(0, 255)));
  const gens: Array<() => Case> = [
    // truncated: cut inside the headers or the declared-length payload
    () => ({ kind: 'truncated', method: 'POST', path: pick(ingest), headers: {}, body: withLength.subarray(0, int(1, withLength.length - 3)) }),
    // lying lengths: longer than what follows, or shorter so no newline follows
    () => {
      const claimed = pick([Buffer.byteLength(eventJson) + int(1, 5000), int(1, Buffer.byteLength(eventJson) - 2)]);
      return { kind: 'lying-length', method: 'POST', path: pick(ingest), headers: {}, body: Buffer.from(`{}\n{"type":"event","length":${claimed}}\n${eventJson}`) };
    },
    // invalid JSON as event, headers or item headers
    () => {
      const g = garbage(int(1, 300)).toString('latin1').replace(/\n/g, ' ');
      const body = pick([`{}\n{"type":"event"}\n{${g}`, `${g}\n`, `{}\n{${g}\n{}`, `{}\n{"type":"transaction"}\n"just a string"`]);
      return { kind: 'invalid-json', method: 'POST', path: pick(ingest), headers: {}, body: Buffer.from(body, 'latin1') };
    },
    () => ({ kind: 'invalid-store-json', method: 'POST', path: '/api/2/store/?sentry_key=k', headers: {}, body: Buffer.from(pick(['{', '[]', 'null', '"x"', `{"event_id":"${'z'.repeat(32)}"}`, garbage(50).toString('latin1')]), 'latin1') }),
    // deep nesting, in envelopes, the store route and webhooks
    () => {
      const d = int(129, 20_000);
      const nest = pick([`${'['.repeat(d)}${']'.repeat(d)}`, `${'{"a":'.repeat(d)}1${'}'.repeat(d)}`]);
      const where = pick(['env', 'store', 'hook']);
      if (where === 'env') return { kind: 'deep', method: 'POST', path: pick(ingest), headers: {}, body: Buffer.from(`{}\n{"type":"event"}\n{"x":${nest}}`) };
      if (where === 'store') return { kind: 'deep', method: 'POST', path: '/api/1/store/?sentry_key=k', headers: {}, body: Buffer.from(`{"x":${nest}}`) };
      return { kind: 'deep', method: 'POST', path: '/sentry/webhook', headers: {}, body: Buffer.from(`{"event":${nest}}`) };
    },
    // __proto__ smuggling: a type or event_id only on the prototype must not count
    () => ({
      kind: 'proto',
      method: 'POST',
      path: pick(ingest),
      headers: {},
      body: Buffer.from(pick(['{}\n{"__proto__":{"type":"event","length":2}}\n{}', '{"__proto__":{"event_id":"x"},"event_id":{"__proto__":1}}\n', '{}\n{"type":"event"}\n{"event_id":{"__proto__":{"a":1}}}', '{}\n{"type":{"__proto__":"event"}}\n{}'])),
    }),
    // decompression bombs and broken compressed data
    () => ({ kind: 'bomb', method: 'POST', path: pick(ingest), headers: { 'content-encoding': 'gzip' }, body: bomb }),
    () => ({ kind: 'bad-compression', method: 'POST', path: pick(ingest), headers: { 'content-encoding': pick(['gzip', 'deflate', 'br']) }, body: garbage(int(1, 500)) }),
    () => ({ kind: 'bad-encoding', method: 'POST', path: pick(ingest), headers: { 'content-encoding': pick(['compress', 'zstd', 'gzip, gzip', 'x']) }, body: deflateSync(withLength) }),
    // oversize declared body, oversize event
    () => ({ kind: 'oversize', method: 'POST', path: pick(ingest), headers: { 'content-length': String(21 * 1024 * 1024) }, body: undefined }),
    // missing auth, bad Host, unknown routes, wrong methods
    () => ({ kind: 'no-auth', method: 'POST', path: pick(['/api/1/envelope/', '/api/1/store/']), headers: {}, body: Buffer.from('{}\n{"type":"event"}\n{}') }),
    () => ({ kind: 'bad-host', method: pick(['GET', 'POST']), path: pick(['/errors', '/health', '/api/1/envelope/?sentry_key=k']), headers: { host: pick(['evil.example', 'localhost.evil.example:80', '10.0.0.1.nip.io', '[::1', 'a b']) }, body: Buffer.from(withLength) }),
    () => ({ kind: 'no-route', method: pick(['GET', 'POST', 'PUT', 'DELETE']), path: pick(['/', '/api/', '/api/1/', '/api/1/events/', `/${garbage(10).toString('hex')}`, '/errors/../etc/passwd', '/api/../../x/envelope/']), headers: {} }),
    () => ({ kind: 'bad-method', method: pick(['GET', 'PUT', 'PATCH', 'DELETE']), path: pick(['/api/1/envelope/', '/stream', '/sentry/webhook']), headers: {} }),
    () => ({ kind: 'bad-read', method: 'GET', path: pick(['/errors?limit=-1', '/errors?limit=1e9', '/errors?limit=NaN', '/errors?limit=0.5']), headers: {} }),
    // webhooks: bad signatures, bad payloads
    () => ({ kind: 'webhook-sig', method: 'POST', path: '/sentry/webhook', headers: { 'sentry-hook-resource': 'issue', 'sentry-hook-signature': pick(['', 'x', 'a'.repeat(64), garbage(32).toString('hex')]) }, body: Buffer.from('{"action":"created","data":{"issue":{"id":"1"}}}') }),
  ];
  // decompression bombs cost real CPU (each inflates up to the 20 MiB limit): a few dozen are enough
  const bombGen = gens.splice(6, 1)[0]!;
  return Array.from({ length: n }, (_, i) => (i % 250 === 7 ? bombGen() : pick(gens)()));
}

function send(c: Case, port: number, agent: Agent): Promise<number> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = { host: `127.0.0.1:${port}`, ...c.headers };
    if (c.body && !headers['content-length']) headers['content-length'] = String(c.body.length);
    const req = request({ host: '127.0.0.1', port, method: c.method, path: c.path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', () => resolve(-1));
    });
    req.on('error', () => resolve(-1));
    if (c.body) req.end(c.body);
    else if (headers['content-length']) req.write(Buffer.alloc(1024)); // a lying length: the answer comes before the rest
    else req.end();
  });
}

/** Writes raw bytes (optionally slowly) and returns the status line's code, or 0 if the server closed without answering. */
function raw(port: number, chunks: Array<string | Buffer>, delayMs = 0, end = false): Promise<number> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    let i = 0;
    let timer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (timer) clearTimeout(timer);
      s.destroy();
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(got);
      resolve(m ? Number(m[1]) : 0);
    };
    const next = () => {
      if (i < chunks.length && !s.destroyed) {
        s.write(chunks[i++]!, () => (timer = setTimeout(next, delayMs)));
      } else if (end) s.end();
    };
    s.on('connect', next);
    s.on('data', (d) => {
      got += d.toString('latin1');
      if (/\r\n\r\n/.test(got)) finish();
    });
    s.on('close', finish);
    s.on('error', () => undefined);
    setTimeout(finish, 15_000).unref();
  });
}

describe('capture: fuzzing the listener', function () {
  this.timeout(120_000);
  let h: Harness;
  before(async () => {
    h = await startHarness({
      webhookSecret: () => SECRET,
      limits: { headersTimeoutMs: 1000, bodyIdleTimeoutMs: 800, requestTimeoutMs: 3000 },
    });
  });
  after(() => h.close());

  it('answers 10,000+ malformed and hostile requests with 4xx, stays up, then accepts a valid event', async () => {
    const cases = makeCases(10_000, 20261123);
    const agent = new Agent({ keepAlive: true, maxSockets: 24 });
    const statuses = new Map<string, Map<number, number>>();
    const bad: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++]!;
        const status = await send(c, h.port, agent);
        const m = statuses.get(c.kind) ?? new Map<number, number>();
        m.set(status, (m.get(status) ?? 0) + 1);
        statuses.set(c.kind, m);
        if (status < 400 || status > 499) bad.push(`${c.kind} ${c.method} ${c.path} -> ${status}`);
      }
    };
    // raw-socket cases run alongside: malformed HTTP, huge headers, lying lengths, slow clients
    const rawCases: Array<{ kind: string; run: () => Promise<number>; expect: number[] }> = [];
    const host = `Host: 127.0.0.1:${h.port}\r\n`;
    for (let i = 0; i < 40; i++) {
      rawCases.push({ kind: 'raw-garbage', run: () => raw(h.port, [`${'\u0001GARBAGE'.repeat(i + 1)}\r\n\r\n`]), expect: [400] });
      rawCases.push({ kind: 'raw-huge-header', run: () => raw(h.port, [`GET /health HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(20_000 + i)}\r\n\r\n`]), expect: [431] });
      rawCases.push({ kind: 'raw-cl-te', run: () => raw(h.port, [`POST /stream HTTP/1.1\r\n${host}Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`]), expect: [400] });
      rawCases.push({ kind: 'raw-bad-chunk', run: () => raw(h.port, [`POST /stream HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\nZZZ\r\nhello\r\n0\r\n\r\n`]), expect: [400] });
      rawCases.push({ kind: 'raw-negative-cl', run: () => raw(h.port, [`POST /stream HTTP/1.1\r\n${host}Content-Length: -1\r\n\r\n`]), expect: [400] });
      rawCases.push({ kind: 'raw-lying-cl', run: () => raw(h.port, [`POST /api/1/envelope/?sentry_key=k HTTP/1.1\r\n${host}Content-Length: 1000\r\n\r\n{}\n{"type":"event"}\n{}`]), expect: [408] });
      rawCases.push({ kind: 'raw-truncated-then-close', run: () => raw(h.port, [`POST /stream HTTP/1.1\r\n${host}Content-Length: 1000\r\n\r\n{}\n`], 0, true), expect: [400, 0] });
      rawCases.push({ kind: 'raw-slow-headers', run: () => raw(h.port, ['POST /stream HTTP/1.1\r\n', 'Ho', 'st: 12', '7.0.0.1\r\n', 'X-A: 1\r\n', 'X-B: 2\r\n', 'X-C: 3\r\n', 'X-D: 4\r\n'], 300), expect: [408] });
    }
    const rawResults: string[] = [];
    const rawRunner = async () => {
      for (let i = 0; i < rawCases.length; i += 64) {
        await Promise.all(
          rawCases.slice(i, i + 64).map(async (c) => {
            const s = await c.run();
            if (!c.expect.includes(s)) rawResults.push(`${c.kind} -> ${s}`);
          }),
        );
      }
    };
    await Promise.all([...Array.from({ length: 16 }, worker), rawRunner()]);
    agent.destroy();
    const summary = [...statuses].map(([k, m]) => `${k}: ${[...m].map(([s, n]) => `${s}x${n}`).join(' ')}`).join('\n');
    assert.deepEqual(bad.slice(0, 20), [], `not answered 4xx:\n${bad.slice(0, 20).join('\n')}\n${summary}`);
    assert.deepEqual(rawResults, []);
    assert.equal(cases.length + rawCases.length >= 10_000, true);
    assert.equal(h.store.size, 0, 'a hostile request was stored');
    assert.equal(({} as Record<string, unknown>).type, undefined, 'Object.prototype was polluted');

    const valid = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_php_error.txt'));
    const res = await fetch(`${h.base}/api/1/envelope/?sentry_key=k`, { method: 'POST', body: valid });
    assert.equal(res.status, 200);
    const { id } = (await res.json()) as { id: string };
    assert.ok(h.store.get(id));
    const health = await fetch(`${h.base}/health`);
    assert.equal(health.status, 200);
  });
});
