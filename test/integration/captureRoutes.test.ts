import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { EventStore } from '../../src/capture/kinds/events/eventStore';
import { CaptureListener } from '../../src/capture/listener/listener';
import { parseEnvelope } from '../../src/sentry/envelope/envelopeParser';
import { defaultScrubber } from '../../src/sentry/scrub/scrub';
import { type Harness, fixtures, startHarness, tempDir, waitFor } from './captureHelpers';

const identity = <T>(e: T): T => e;
const SECRET = 'test-client-secret-not-a-real-secret';

async function post(url: string, body: Buffer | string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { method: 'POST', body, headers });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // not JSON
  }
  return { status: res.status, json, headers: res.headers };
}

describe('capture: routes', function () {
  this.timeout(30_000);

  describe('fixtures round-trip unchanged (identity scrubber)', () => {
    let h: Harness;
    before(async () => (h = await startHarness({ scrubber: identity })));
    after(() => h.close());

    for (const d of ['spotlight', 'spec-examples']) {
      for (const f of readdirSync(join(fixtures, 'envelopes', d))) {
        it(`envelope ${d}/${f}`, async () => {
          const bytes = readFileSync(join(fixtures, 'envelopes', d, f));
          const parsed = parseEnvelope(bytes);
          assert.ok(parsed.ok);
          const r = await post(`${h.base}/api/1/envelope/?sentry_key=public`, bytes);
          assert.equal(r.status, 200, JSON.stringify(r.json));
          if (parsed.value.headers.event_id) assert.equal(r.json.id, parsed.value.headers.event_id);
          for (const e of parsed.value.events) {
            if (e.type === 'transaction') {
              // A transaction is kept as the spans of its trace, never as an error.
              assert.equal(h.store.get(e.eventId!), undefined);
              const traceId = (e.payload.contexts as { trace: { trace_id: string } }).trace.trace_id;
              const spans = [...(h.telemetry.traces.get(traceId)?.spans.values() ?? [])];
              assert.equal(spans.filter((s) => s.transactionId === e.eventId).length, 1 + ((e.payload.spans as unknown[] | undefined)?.length ?? 0));
              continue;
            }
            const stored = h.store.get(e.eventId!);
            assert.ok(stored, `event ${e.eventId} not stored`);
            assert.deepEqual(stored.event, e.payload);
          }
        });
      }
    }

    for (const f of readdirSync(join(fixtures, 'samples'))) {
      it(`sample ${f} through the store endpoint`, async () => {
        const bytes = readFileSync(join(fixtures, 'samples', f));
        const r = await post(`${h.base}/api/7/store/`, bytes, { 'x-sentry-auth': 'Sentry sentry_version=7, sentry_key=public, sentry_client=test/1' });
        assert.equal(r.status, 200);
        assert.match(String(r.json.id), /^[0-9a-f]{32}$/);
        const stored = h.store.get(String(r.json.id))!;
        assert.equal(stored.source, 'store');
        assert.equal(stored.projectId, '7');
        assert.deepEqual(stored.event, JSON.parse(bytes.toString('utf8')));
      });
    }

    it('accepts the same envelope on Spotlight\'s /stream without a key, and gzip, deflate, raw deflate and br bodies', async () => {
      const bytes = readFileSync(join(fixtures, 'envelopes/spotlight/envelope_php_error.txt'));
      const s = await post(`${h.base}/stream`, bytes, { 'content-type': 'application/x-sentry-envelope' });
      assert.equal(s.status, 200);
      assert.equal(h.store.get(String(s.json.id))!.source, 'stream');
      for (const [enc, body] of [['gzip', gzipSync(bytes)], ['deflate', deflateSync(bytes)], ['deflate', deflateRawSync(bytes)], ['br', brotliCompressSync(bytes)]] as const) {
        const r = await post(`${h.base}/api/1/envelope/?sentry_key=k`, body, { 'content-encoding': enc });
        assert.equal(r.status, 200, `${enc}: ${JSON.stringify(r.json)}`);
      }
    });
  });

  describe('scrubbing, auth, limits, CORS, Host', () => {
    let h: Harness;
    before(async () => (h = await startHarness({}, 1000)));
    after(() => h.close());
    const env = (event: object) => `{}\n{"type":"event"}\n${JSON.stringify(event)}`;

    it('scrubs with the default scrubber before storing', async () => {
      const event = { event_id: 'c'.repeat(32), message: 'login failed', extra: { password: 'hunter2', note: 'fine' } };
      const r = await post(`${h.base}/api/1/envelope/?sentry_key=k`, env(event));
      assert.equal(r.status, 200);
      const stored = h.store.get('c'.repeat(32))!;
      assert.deepEqual(stored.event, defaultScrubber(event));
      assert.notEqual((stored.event.extra as { password: string }).password, 'hunter2');
      assert.ok(!readFileSync(join(h.dir, 'events.log'), 'utf8').includes('hunter2'));
    });

    it('answers 401 without a sentry_key, but takes the envelope header dsn (browser tunnels)', async () => {
      const r = await post(`${h.base}/api/1/envelope/`, env({ message: 'x' }));
      assert.equal(r.status, 401);
      assert.match(String(r.json.detail), /missing authorization/);
      const s = await post(`${h.base}/api/1/store/`, JSON.stringify({ message: 'x' }));
      assert.equal(s.status, 401);
      const t = await post(`${h.base}/api/1/envelope/`, `{"dsn":"http://public@127.0.0.1/1"}\n{"type":"event"}\n{"message":"tunnelled"}`);
      assert.equal(t.status, 200);
    });

    it('answers 400 with a reason for malformed envelopes and events', async () => {
      const cases: Array<[string, string | Buffer, Record<string, string>, RegExp]> = [
        ['/api/1/envelope/?sentry_key=k', 'not json', {}, /invalid envelope: envelope headers: not valid JSON/],
        ['/api/1/envelope/?sentry_key=k', '{}\n{"type":"event","length":500}\n{}', {}, /declares length 500/],
        ['/api/1/store/?sentry_key=k', '[1,2]', {}, /must be a JSON object/],
        ['/api/1/store/?sentry_key=k', '{"event_id":"nope"}', {}, /event_id must be 32 hexadecimal digits/],
        ['/api/1/envelope/?sentry_key=k', Buffer.from('garbage'), { 'content-encoding': 'gzip' }, /not valid gzip/],
      ];
      for (const [path, body, headers, reason] of cases) {
        const r = await post(`${h.base}${path}`, body, headers);
        assert.equal(r.status, 400, path);
        assert.match(String(r.json.detail), reason);
      }
      const enc = await post(`${h.base}/api/1/envelope/?sentry_key=k`, 'x', { 'content-encoding': 'compress' });
      assert.equal(enc.status, 415);
    });

    it('answers 413 for an oversize event, an oversize body and a decompression bomb', async () => {
      const big = env({ message: 'x'.repeat(1024 * 1024 + 10) });
      assert.equal((await post(`${h.base}/api/1/envelope/?sentry_key=k`, big)).status, 413);
      assert.equal((await post(`${h.base}/api/1/store/?sentry_key=k`, JSON.stringify({ message: 'x'.repeat(1024 * 1024 + 10) }))).status, 413);
      const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20));
      assert.ok(bomb.length < 200 * 1024);
      const b = await post(`${h.base}/api/1/envelope/?sentry_key=k`, bomb, { 'content-encoding': 'gzip' });
      assert.equal(b.status, 413);
      assert.match(String(b.json.detail), /decompressed body is more than/);
    });

    it('allows CORS (with text/plain) on ingest routes and never on the read routes', async () => {
      const pre = await fetch(`${h.base}/api/1/envelope/?sentry_key=k`, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' } });
      assert.equal(pre.status, 204);
      assert.equal(pre.headers.get('access-control-allow-origin'), '*');
      const r = await post(`${h.base}/api/1/envelope/?sentry_key=k`, env({ message: 'from a browser' }), { 'content-type': 'text/plain;charset=UTF-8', origin: 'http://localhost:3000' });
      assert.equal(r.status, 200);
      assert.equal(r.headers.get('access-control-allow-origin'), '*');
      for (const p of ['/errors', '/errors/latest', '/health']) {
        const g = await fetch(`${h.base}${p}`, { headers: { origin: 'http://evil.example' } });
        assert.equal(g.headers.get('access-control-allow-origin'), null, p);
      }
      const opt = await fetch(`${h.base}/errors`, { method: 'OPTIONS', headers: { origin: 'http://evil.example' } });
      assert.equal(opt.status, 405);
      assert.equal(opt.headers.get('access-control-allow-origin'), null);
      const cross = await fetch(`${h.base}/errors`, { headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(cross.status, 403);
    });

    it('refuses a Host that is not a loopback name (DNS rebinding) with 403', async () => {
      const { request } = await import('node:http');
      const status = (host: string) =>
        new Promise<number>((resolve, reject) => {
          const req = request({ host: '127.0.0.1', port: h.port, path: '/errors', headers: { host } }, (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          });
          req.on('error', reject);
          req.end();
        });
      assert.equal(await status('attacker.example:80'), 403);
      assert.equal(await status(`localhost:${h.port}`), 200);
      assert.equal(await status(`127.0.0.1:${h.port}`), 200);
      assert.equal(await status(`[::1]:${h.port}`), 200);
    });

    it('serves /errors with query and limit, /errors/latest, /health; 404 and 405 otherwise', async () => {
      await post(`${h.base}/api/1/store/?sentry_key=k`, JSON.stringify({ message: 'needle in a haystack' }));
      const q = (await (await fetch(`${h.base}/errors?query=NEEDLE`)).json()) as { count: number; errors: Array<{ title: string }> };
      assert.deepEqual(q.errors.map((e) => e.title), ['needle in a haystack']);
      const lv = (await (await fetch(`${h.base}/errors?query=${encodeURIComponent('level:error !message:needle')}`)).json()) as { errors: Array<{ title: string; level: string }> };
      assert.ok(lv.errors.length > 0);
      assert.ok(lv.errors.every((e) => e.level === 'error' && !e.title.includes('needle')));
      const bad = await fetch(`${h.base}/errors?query=${encodeURIComponent('message:"open')}`);
      assert.equal(bad.status, 400);
      assert.match(String(((await bad.json()) as { detail: string }).detail), /invalid query: unbalanced quote/);
      const l = (await (await fetch(`${h.base}/errors?limit=2`)).json()) as { count: number };
      assert.equal(l.count, 2);
      assert.equal((await fetch(`${h.base}/errors?limit=0`)).status, 400);
      assert.equal((await fetch(`${h.base}/errors?limit=abc`)).status, 400);
      const latest = (await (await fetch(`${h.base}/errors/latest`)).json()) as { title: string };
      assert.equal(latest.title, 'needle in a haystack');
      const health = (await (await fetch(`${h.base}/health`)).json()) as { service: string; status: string };
      assert.deepEqual([health.status, health.service], ['ok', 'sentry-lens']);
      assert.equal((await fetch(`${h.base}/nope`)).status, 404);
      assert.equal((await fetch(`${h.base}/api/1/envelope/`)).status, 405);
    });

    it('answers /errors/latest 404 while the store is empty', async () => {
      const empty = await startHarness();
      try {
        assert.equal((await fetch(`${empty.base}/errors/latest`)).status, 404);
      } finally {
        await empty.close();
      }
    });
  });

  describe('webhooks over HTTP', () => {
    let h: Harness;
    let secret: string | undefined = SECRET;
    before(async () => (h = await startHarness({ webhookSecret: () => secret, projects: ['front-end'] })));
    after(() => h.close());
    const signed = (name: string) => {
      const dir = join(fixtures, 'webhooks/integration-platform/signed');
      const headers = (JSON.parse(readFileSync(join(dir, `${name}.headers.json`), 'utf8')) as { headers: Record<string, string> }).headers;
      return { body: readFileSync(join(dir, `${name}.body`)), headers };
    };

    it('stores error.created, event_alert.triggered and issue.created when signed', async () => {
      for (const name of ['error.created', 'event_alert.triggered', 'issue.created']) {
        const v = signed(name);
        const r = await post(`${h.base}/sentry/webhook`, v.body, v.headers);
        assert.equal(r.status, 200, `${name}: ${JSON.stringify(r.json)}`);
        assert.equal(r.json.stored, 1);
      }
      assert.equal(h.store.list({ filter: (e) => e.source === 'webhook' }).length, 3);
      const errorEvent = (JSON.parse(signed('error.created').body.toString('utf8')) as { data: { error: { event_id: string } } }).data.error;
      assert.deepEqual(h.store.get(errorEvent.event_id)!.event, defaultScrubber(errorEvent));
    });

    it('verifies the non-ASCII vector over the raw bytes, then refuses its project (403, not 401)', async () => {
      const v = signed('comment.created.non-ascii');
      const r = await post(`${h.base}/sentry/webhook`, v.body, v.headers);
      assert.equal(r.status, 403, 'comment names project "sentry", outside the filter');
    });

    it('answers 401 for a bad or missing signature and 403 for another project', async () => {
      const v = signed('issue.created');
      const tampered = Buffer.from(v.body.toString('utf8').replace('blooopy', 'bloopy!'));
      assert.equal((await post(`${h.base}/sentry/webhook`, tampered, v.headers)).status, 401);
      const { ['Sentry-Hook-Signature']: _s, ...unsigned } = v.headers;
      assert.equal((await post(`${h.base}/sentry/webhook`, v.body, unsigned)).status, 401);
      const legacy = readFileSync(join(fixtures, 'webhooks/legacy-plugin/webhooks-plugin.constructed.json'));
      assert.equal((await post(`${h.base}/sentry/webhook`, legacy, { 'content-type': 'application/json' })).status, 401);
      secret = undefined;
      const other = await post(`${h.base}/sentry/webhook`, legacy, { 'content-type': 'application/json' });
      assert.equal(other.status, 403, 'legacy payload of project "backend" is outside the filter');
      secret = SECRET;
    });
  });

  describe('start and stop', () => {
    it('reports a port held by another Sentry Lens, and one held by another program', async () => {
      const h = await startHarness();
      const dir = tempDir('sentry-lens-port-');
      const store = await EventStore.open(dir.path, { maxEvents: 10 });
      const second = new CaptureListener({ store });
      const other = createServer((_q, s) => s.end('hello'));
      try {
        const r = await second.start({ host: '127.0.0.1', port: h.port });
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.code, 'port-in-use');
          assert.equal('ownedBySentryLens' in r && r.ownedBySentryLens, true);
          assert.match(r.reason, /another Sentry Lens/);
        }
        await new Promise<void>((res) => other.listen(0, '127.0.0.1', res));
        const port = (other.address() as AddressInfo).port;
        const r2 = await second.start({ host: '127.0.0.1', port });
        assert.equal(r2.ok, false);
        if (!r2.ok) {
          assert.equal(r2.code, 'port-in-use');
          assert.equal('ownedBySentryLens' in r2 && r2.ownedBySentryLens, false);
          assert.match(r2.reason, /in use by another program/);
        }
        const r3 = await second.start({ host: '127.0.0.1', port: 70000 });
        assert.equal(!r3.ok && r3.code, 'bad-address');
        const ok = await second.start({ host: '127.0.0.1', port: 0 });
        assert.ok(ok.ok);
        assert.match(second.dsn()!, /^http:\/\/public@127\.0\.0\.1:\d+\/1$/);
        const again = await second.start({ host: '127.0.0.1', port: 0 });
        assert.equal(!again.ok && again.code, 'already-started');
        await second.stop();
        assert.equal(second.listening, false);
      } finally {
        other.close();
        await second.stop();
        await store.close();
        await h.close();
        dir.remove();
      }
    });

    it('lets a second window that follows the same store see captured events', async () => {
      const h = await startHarness();
      const follower = await EventStore.open(h.dir, { maxEvents: 100, follow: true, pollIntervalMs: 50 });
      try {
        const seen: string[] = [];
        h.listener.onDidCapture((evs) => seen.push(...evs.map((e) => e.id)));
        const r = await post(`${h.base}/api/1/store/?sentry_key=k`, JSON.stringify({ message: 'seen elsewhere' }));
        assert.equal(r.status, 200);
        assert.deepEqual(seen, [r.json.id]);
        await waitFor(() => follower.get(String(r.json.id)) !== undefined);
        assert.equal(h.listener.stats.captured, 1);
      } finally {
        await follower.close();
        await h.close();
      }
    });
  });
});
