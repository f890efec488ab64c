import { strict as assert } from 'node:assert';
import { IngestClient } from '../../src/sentry/send/ingestClient';
import { parseDsn } from '../../src/sentry/send/dsn';
import { buildEvent } from '../../src/sentry/send/eventBuilder';
import { createScrubber, FILTERED } from '../../src/sentry/scrub/scrub';
import { StrictReceiver } from './helpers/strictReceiver';

const KEY = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';

// Each sensitive kind, the value a person put in, and what must be on the wire instead.
const SECRETS = {
  password: 'hunter2-correct-horse',
  card: '4111 1111 1111 1111',
  ssn: '078-05-1120',
  stripe: 'sk_live_51HxYzAbCdEfGhIjKlMnOpQr',
  github: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
  aws: 'AKIAIOSFODNN7EXAMPLE',
  bearer: 'Bearer abcdefghijklmnopqrstuvwxyz012345',
  sentryToken: 'sntrys_eyJpYXQiOjE2ODQyNzAwMDB9_abcDEF123456',
  cookie: 'sessionid=s3cr3t-cookie-value',
  custom: 'TENANT-778899',
};

describe('send: scrubbing before anything leaves', () => {
  let receiver: StrictReceiver;
  const client = new IngestClient({ clientName: 'sentry-lens/0.1.0' });
  before(async () => {
    receiver = await new StrictReceiver({ publicKey: KEY, projectId: '3' }).start();
  });
  after(async () => {
    await client.close();
    await receiver.stop();
  });

  async function wire(scrubber?: Parameters<IngestClient['send']>[2]): Promise<{ raw: string; event: Record<string, any> }> {
    const event = buildEvent(
      {
        message: `charge with card ${SECRETS.card} failed`,
        tags: { api_key: 'tag-secret-value', region: 'eu' },
        extra: { password: SECRETS.password, note: `customer ssn ${SECRETS.ssn}`, stripe: SECRETS.stripe, tenant: SECRETS.custom },
        user: { id: '42', auth_token: SECRETS.github },
        contexts: { app: { aws_access_key: SECRETS.aws, awsId: SECRETS.aws, name: 'shop' }, runtime: { header: `Authorization: ${SECRETS.bearer}` } },
        exception: { type: 'Error', frames: [{ function: 'pay', filename: 'pay.ts', lineno: 3, contextLine: `const value = "${SECRETS.sentryToken}";` }] },
      },
      { sdkName: 'sentry-lens', sdkVersion: '0.1.0' },
    );
    Object.assign(event, {
      request: { url: 'https://shop.example/pay', headers: { Cookie: SECRETS.cookie, Accept: '*/*' } },
      breadcrumbs: { values: [{ category: 'auth', data: { password: SECRETS.password, ok: true } }] },
    });
    const dsn = parseDsn(receiver.dsn());
    if (!dsn.ok) throw new Error(dsn.reason);
    const { eventId } = await client.send(dsn.value, event, scrubber);
    const got = receiver.received.find((r) => r.header.event_id === eventId)!;
    return { raw: got.raw.toString('utf8'), event: got.items[0]!.json! };
  }

  it('filters each sensitive kind by default and shows what went on the wire', async () => {
    const { raw, event } = await wire();
    for (const [kind, secret] of Object.entries(SECRETS)) {
      if (kind === 'custom') continue;
      assert.ok(!raw.includes(secret), `${kind} must not be on the wire`);
    }
    assert.ok(!raw.includes('tag-secret-value'));
    assert.equal(event.exception.values[0].value, `charge with card ${FILTERED} failed`);
    assert.deepEqual(event.tags, { api_key: FILTERED, region: 'eu' });
    assert.deepEqual(event.extra, { password: FILTERED, note: `customer ssn ${FILTERED}`, stripe: `sk_live_${FILTERED}`, tenant: SECRETS.custom });
    assert.deepEqual(event.user, { id: '42', auth_token: FILTERED });
    assert.deepEqual(event.contexts.app, { aws_access_key: FILTERED, awsId: `AKIAIOSF${FILTERED}`, name: 'shop' });
    assert.equal(event.contexts.runtime.header, `Authorization: Bearer a${FILTERED}`);
    assert.equal(event.exception.values[0].stacktrace.frames[0].context_line, `const value = "sntrys_e${FILTERED}";`);
    assert.deepEqual(event.request.headers, { Cookie: FILTERED, Accept: '*/*' });
    assert.deepEqual(event.breadcrumbs.values[0].data, { password: FILTERED, ok: true });
    assert.ok(!/"(PATH|HOME|USER)"\s*:/.test(raw), 'no environment variables attached');
  });

  it('applies configured extra keys and patterns', async () => {
    const s = createScrubber({ extraKeys: ['region'], extraPatterns: ['TENANT-\\d+'] });
    assert.ok(s.ok);
    const { raw, event } = await wire({ scrubber: s.value });
    assert.ok(!raw.includes(SECRETS.custom));
    assert.equal(event.extra.tenant, FILTERED);
    assert.deepEqual(event.tags, { api_key: FILTERED, region: FILTERED });
  });
});
