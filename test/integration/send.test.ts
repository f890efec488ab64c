import { strict as assert } from 'node:assert';
import { IngestClient } from '../../src/sentry/send/ingestClient';
import { parseDsn, type Dsn } from '../../src/sentry/send/dsn';
import { buildEvent, type EventInput } from '../../src/sentry/send/eventBuilder';
import { templates } from '../../src/sentry/send/templates';
import { viewEvent, topFrame } from '../../src/sentry/event/eventView';
import { StrictReceiver, recordingLogger } from './helpers/strictReceiver';
import { startHarness } from './captureHelpers';
import { buildTransaction } from '../../src/sentry/send/transactionBuilder';

const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';

function dsnOf(text: string): Dsn {
  const r = parseDsn(text);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('send: to a strict local receiver', () => {
  let receiver: StrictReceiver;
  let prefixed: StrictReceiver;
  const client = new IngestClient({ clientName: 'sentry-lens/0.1.0', timeouts: { connectMs: 2000, headersMs: 5000, bodyMs: 5000 } });

  before(async () => {
    receiver = await new StrictReceiver({ publicKey: KEY, projectId: '42' }).start();
    prefixed = await new StrictReceiver({ publicKey: KEY, projectId: '7', pathPrefix: 'sentry/sub' }).start();
  });
  after(async () => {
    await client.close();
    await receiver.stop();
    await prefixed.stop();
  });

  it('delivers a valid event with the auth header, an envelope with lengths, and the fields entered', async () => {
    const log = recordingLogger();
    const logged = new IngestClient({ clientName: 'sentry-lens/0.1.0', logger: log });
    const input: EventInput = { message: 'Checkout failed', level: 'warning', environment: 'staging', release: 'shop@1.0.0', platform: 'node', tags: { region: 'eu' }, extra: { cart: 3 }, user: { id: '7' }, fingerprint: ['checkout'] };
    const event = buildEvent(input, { sdkName: 'sentry-lens', sdkVersion: '0.1.0' });
    const { eventId } = await logged.send(dsnOf(receiver.dsn()), event);
    await logged.close();

    assert.equal(eventId, event.event_id);
    assert.deepEqual(receiver.rejections, []);
    const got = receiver.received.at(-1)!;
    assert.equal(got.auth.sentry_version, '7');
    assert.equal(got.auth.sentry_key, KEY);
    assert.equal(got.auth.sentry_client, 'sentry-lens/0.1.0');
    assert.equal(got.auth.sentry_secret, undefined);
    assert.equal(got.requestHeaders['content-type'], 'application/x-sentry-envelope');
    assert.equal(got.header.event_id, eventId);
    assert.deepEqual(got.header.sdk, { name: 'sentry-lens', version: '0.1.0' });
    assert.equal(got.items.length, 1);
    assert.equal(got.items[0]!.headers.type, 'event');
    const sent = got.items[0]!.json!;
    assert.equal(sent.message, 'Checkout failed');
    assert.equal(sent.level, 'warning');
    assert.equal(sent.environment, 'staging');
    assert.equal(sent.release, 'shop@1.0.0');
    assert.equal(sent.platform, 'node');
    assert.deepEqual(sent.tags, { region: 'eu' });
    assert.deepEqual(sent.extra, { cart: 3 });
    assert.deepEqual(sent.user, { id: '7' });
    assert.deepEqual(sent.fingerprint, ['checkout']);
    assert.deepEqual(sent.sdk, { name: 'sentry-lens', version: '0.1.0' });
    assert.equal(typeof sent.timestamp, 'number');

    assert.equal(log.lines.length, 1);
    assert.match(log.lines[0]!, new RegExp(`^info sent event ${eventId} to http://127\\.0\\.0\\.1:\\d+/42 \\(200\\)$`));
    assert.ok(!log.lines.join('\n').includes(KEY), 'the key never reaches the log');
  });

  it('keeps a DSN path prefix', async () => {
    await client.send(dsnOf(prefixed.dsn()), buildEvent({ message: 'prefixed' }, { sdkName: 's', sdkVersion: '1' }));
    assert.deepEqual(prefixed.rejections, []);
    assert.equal(prefixed.received.at(-1)!.path, '/sentry/sub/api/7/envelope/');
  });

  it('sends the exception template so its top frame opens back at the line', async () => {
    const lines = ['function charge(card) {', '  if (!card) {', "    throw new Error('no card');", '  }', '}'];
    const partial = templates.find((t) => t.id === 'exception')!.build({ absPath: '/ws/src/pay.js', relativePath: 'src/pay.js', lineno: 3, colno: 11, lines, functionName: 'charge' });
    const { eventId } = await client.send(dsnOf(receiver.dsn()), buildEvent({ message: 'm', ...partial } as EventInput, { sdkName: 's', sdkVersion: '1' }));
    const sent = receiver.received.find((r) => r.header.event_id === eventId)!.items[0]!.json!;
    const frame = topFrame(viewEvent(sent))!;
    assert.equal(frame.absPath, '/ws/src/pay.js');
    assert.equal(frame.lineno, 3);
    assert.equal(frame.colno, 11);
    assert.equal(frame.contextLine, "    throw new Error('no card');");
  });

  it('gives an event without an id one', async () => {
    const { eventId } = await client.send(dsnOf(receiver.dsn()), { message: 'bare', level: 'info' });
    assert.match(eventId, /^[0-9a-f]{32}$/);
    assert.equal(receiver.received.at(-1)!.items[0]!.json!.event_id, eventId);
  });

  it('is refused by the strict receiver when the key is wrong (the receiver really checks)', async () => {
    const wrong = dsnOf(receiver.dsn().replace(KEY, 'ffffffffffffffffffffffffffffffff'));
    await assert.rejects(client.send(wrong, { message: 'x' }), (e: Error & { kind?: string; userMessage?: string }) => {
      assert.equal(e.kind, 'auth');
      assert.match(e.userMessage ?? '', /\(401 Unauthorized\): unknown public key; check the DSN's key and project$/);
      return true;
    });
  });
});

describe('send: the store endpoint (sentry.createIssue.endpoint, send --endpoint store)', () => {
  const client = new IngestClient({ clientName: 'sentry-lens/0.1.0', timeouts: { connectMs: 2000, headersMs: 5000, bodyMs: 5000 } });
  after(() => client.close());

  it('posts the scrubbed event as JSON to /api/{project}/store/ of a path-prefixed DSN', async () => {
    const prefixed = await new StrictReceiver({ publicKey: KEY, projectId: '7', pathPrefix: 'sentry/sub' }).start();
    try {
      const { eventId } = await client.send(dsnOf(prefixed.dsn()), { message: 'from a job', extra: { api_key: 'sk_live_0123456789abcdefghij' } }, { endpoint: 'store' });
      const got = prefixed.received.at(-1)!;
      assert.equal(got.path, '/sentry/sub/api/7/store/');
      assert.equal(got.items[0]!.json!.event_id, eventId);
      assert.deepEqual(got.items[0]!.json!.extra, { api_key: '[Filtered]' });
    } finally {
      await prefixed.stop();
    }
  });

  it('the local listener answers both endpoints and keeps what each sent', async () => {
    const h = await startHarness();
    try {
      const dsn = dsnOf(`http://${KEY}@127.0.0.1:${h.port}/1`);
      const viaStore = await client.send(dsn, { message: 'via store', level: 'error' }, { endpoint: 'store' });
      const viaEnvelope = await client.send(dsn, { message: 'via envelope', level: 'error' });
      assert.equal(h.store.get(viaStore.eventId)?.source, 'store');
      assert.equal(h.store.get(viaEnvelope.eventId)?.source, 'envelope');
      assert.equal(viewEvent(h.store.get(viaStore.eventId)!.event).title, 'via store');
      // A transaction always goes as an envelope, whatever the endpoint: the listener keeps it as a trace.
      const t = buildTransaction({ name: 'GET /job', op: 'http.server', durationMs: 20, spans: [] }, { sdkName: 'sentry-lens', sdkVersion: '0.1.0' });
      const sent = await client.send(dsn, t, { endpoint: 'store' });
      assert.equal(h.store.get(sent.eventId), undefined, 'a transaction is never an error');
    } finally {
      await h.close();
    }
  });
});
