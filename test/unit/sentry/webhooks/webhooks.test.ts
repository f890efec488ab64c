import { strict as assert } from 'node:assert';
import { createHmac } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { handleWebhook, verifyWebhookSignature } from '../../../../src/sentry/webhooks/webhooks';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const root = join(SHARED_FIXTURES, 'webhooks');
const signedDir = join(root, 'integration-platform/signed');
const SECRET = 'test-client-secret-not-a-real-secret';

interface Vector {
  name: string;
  body: Buffer;
  headers: Record<string, string>;
}
const vectors: Vector[] = readdirSync(signedDir)
  .filter((f) => f.endsWith('.body'))
  .map((f) => {
    const name = f.slice(0, -'.body'.length);
    const meta = JSON.parse(readFileSync(join(signedDir, `${name}.headers.json`), 'utf8')) as { headers: Record<string, string> };
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(meta.headers)) headers[k.toLowerCase()] = v;
    return { name, body: readFileSync(join(signedDir, f)), headers };
  });

describe('webhooks', () => {
  it('has the signed vectors to test with', () => assert.ok(vectors.length >= 7));

  for (const v of vectors) {
    it(`accepts the signed ${v.name} vector with the right secret`, () => {
      const r = handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET });
      assert.ok(r.ok, r.ok ? '' : r.reason);
      assert.equal(r.value.resource, v.headers['sentry-hook-resource']);
    });
    it(`refuses ${v.name} with a wrong secret, a tampered body or no signature (401)`, () => {
      const wrong = handleWebhook({ rawBody: v.body, headers: v.headers, secret: 'another-secret' });
      assert.deepEqual([wrong.ok, !wrong.ok && wrong.status], [false, 401]);
      const tampered = Buffer.from(v.body);
      tampered[tampered.length - 2] ^= 1;
      const t = handleWebhook({ rawBody: tampered, headers: v.headers, secret: SECRET });
      assert.deepEqual([t.ok, !t.ok && t.status], [false, 401]);
      const { ['sentry-hook-signature']: _sig, ...unsigned } = v.headers;
      const m = handleWebhook({ rawBody: v.body, headers: unsigned, secret: SECRET });
      assert.equal(m.ok, false);
      if (!m.ok) {
        assert.equal(m.status, 401);
        assert.match(m.reason, /missing Sentry-Hook-Signature/);
        assert.ok(!m.reason.includes(SECRET));
      }
    });
  }

  it('verifies the non-ASCII vector over the raw bytes, not re-serialised JSON', () => {
    const v = vectors.find((x) => x.name.includes('non-ascii'))!;
    assert.ok(verifyWebhookSignature(v.body, v.headers['sentry-hook-signature'], SECRET));
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(v.body.toString('utf8'))), 'utf8');
    assert.equal(verifyWebhookSignature(reserialised, v.headers['sentry-hook-signature'], SECRET), false);
  });

  it('rejects malformed signatures without throwing', () => {
    const body = Buffer.from('{}');
    for (const s of ['', 'zz', 'a'.repeat(63), 'g'.repeat(64), 'a'.repeat(128)]) assert.equal(verifyWebhookSignature(body, s, SECRET), false);
    const good = createHmac('sha256', SECRET).update(body).digest('hex');
    assert.ok(verifyWebhookSignature(body, good.toUpperCase(), SECRET));
  });

  it('extracts the event of error.created and event_alert.triggered unchanged', () => {
    for (const name of ['error.created', 'event_alert.triggered']) {
      const v = vectors.find((x) => x.name === name)!;
      const r = handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET });
      assert.ok(r.ok);
      const payload = JSON.parse(v.body.toString('utf8')) as { data: Record<string, Record<string, unknown>> };
      const inner = name === 'error.created' ? payload.data.error! : payload.data.event!;
      assert.equal(r.value.events.length, 1);
      assert.deepEqual(r.value.events[0]!.event, inner);
      assert.equal(r.value.events[0]!.eventId, inner.event_id);
      assert.equal(r.value.events[0]!.projectId, '1');
      assert.deepEqual(r.value.projects, ['1', 'front-end']);
    }
  });

  it('turns issue.created into a minimal event with title, culprit, level, project and link', () => {
    const v = vectors.find((x) => x.name === 'issue.created')!;
    const r = handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET });
    assert.ok(r.ok);
    const e = r.value.events[0]!;
    assert.match(e.eventId, /^[0-9a-f]{32}$/);
    assert.equal(e.event.message, 'ReferenceError: blooopy is not defined');
    assert.equal(e.event.culprit, '?(runner)');
    assert.equal(e.event.level, 'error');
    assert.equal(e.projectId, '1');
    assert.equal((e.event.extra as { sentry_issue: { shortId: string } }).sentry_issue.shortId, 'FRONT-END-9');
    // a redelivery gets the same id
    const again = handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET });
    assert.ok(again.ok);
    assert.equal(again.value.events[0]!.eventId, e.eventId);
  });

  it('acknowledges other issue actions, installation, comment and metric alerts without events', () => {
    const resolved = Buffer.from(readFileSync(join(root, 'integration-platform/issue.created.json'), 'utf8').replace('"created"', '"resolved"'));
    const r = handleWebhook({ rawBody: resolved, headers: { 'sentry-hook-resource': 'issue' } });
    assert.ok(r.ok);
    assert.equal(r.value.events.length, 0);
    for (const name of ['installation.created', 'comment.created', 'metric_alert.resolved']) {
      const v = vectors.find((x) => x.name === name)!;
      const x = handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET });
      assert.ok(x.ok);
      assert.equal(x.value.events.length, 0);
    }
  });

  it('takes the legacy plugin payload without a secret, and refuses it unsigned when one is set', () => {
    const body = readFileSync(join(root, 'legacy-plugin/webhooks-plugin.constructed.json'));
    const r = handleWebhook({ rawBody: body, headers: {} });
    assert.ok(r.ok);
    assert.equal(r.value.resource, 'legacy');
    const payload = JSON.parse(body.toString('utf8')) as { event: Record<string, unknown> };
    assert.deepEqual(r.value.events[0]!.event, payload.event);
    assert.equal(r.value.events[0]!.projectId, 'backend');
    const s = handleWebhook({ rawBody: body, headers: {}, secret: SECRET });
    assert.deepEqual([s.ok, !s.ok && s.status], [false, 401]);
  });

  it('refuses other projects with 403 and lets named or unnamed ones through', () => {
    const v = vectors.find((x) => x.name === 'issue.created')!;
    const other = handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET, projects: ['backend', '7'] });
    assert.equal(other.ok, false);
    if (!other.ok) {
      assert.equal(other.status, 403);
      assert.match(other.reason, /not among the accepted projects/);
    }
    assert.ok(handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET, projects: ['front-end'] }).ok);
    assert.ok(handleWebhook({ rawBody: v.body, headers: v.headers, secret: SECRET, projects: ['1'] }).ok);
    const inst = vectors.find((x) => x.name === 'installation.created')!;
    assert.ok(handleWebhook({ rawBody: inst.body, headers: inst.headers, secret: SECRET, projects: ['backend'] }).ok);
    const legacy = readFileSync(join(root, 'legacy-plugin/webhooks-plugin.constructed.json'));
    assert.equal(handleWebhook({ rawBody: legacy, headers: {}, projects: ['front-end'] }).ok, false);
  });

  const bad: Array<[string, string, Record<string, string>, RegExp]> = [
    ['invalid JSON', '{nope', { 'sentry-hook-resource': 'issue' }, /not valid JSON/],
    ['a JSON array', '[]', { 'sentry-hook-resource': 'issue' }, /must be a JSON object/],
    ['no resource header and no legacy event', '{"a":1}', {}, /missing Sentry-Hook-Resource/],
    ['an issue webhook without an issue', '{"action":"created","data":{}}', { 'sentry-hook-resource': 'issue' }, /data.issue is invalid/],
    ['an error webhook without an error', '{"action":"created","data":{}}', { 'sentry-hook-resource': 'error' }, /without a data.error object/],
    ['an error webhook without an event id', '{"action":"created","data":{"error":{"message":"x"}}}', { 'sentry-hook-resource': 'error' }, /event_id is missing/],
  ];
  for (const [name, body, headers, reason] of bad) {
    it(`answers 400 with a reason for ${name}`, () => {
      const r = handleWebhook({ rawBody: Buffer.from(body), headers });
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.equal(r.status, 400);
        assert.match(r.reason, reason);
      }
    });
  }
});
