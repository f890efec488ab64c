import { strict as assert } from 'node:assert';
import { SEND_FAILURE_SHOWN_MS, type StatusEvent, type StatusState, applyStatusEvent, initialStatus, statusView } from '../../../../src/ui/status/statusModel';
import { statusMenuItems } from '../../../../src/ui/status/statusMenuItems';

const time = (ms: number) => `t${ms}`;
const run = (...events: StatusEvent[]): StatusState => events.reduce(applyStatusEvent, initialStatus());
const text = (...events: StatusEvent[]) => statusView(run(...events), time).text;

const dsn: StatusEvent = { type: 'dsn', label: 'o1.ingest.sentry.io/42' };
const listening: StatusEvent = { type: 'listener', status: { state: 'listening', host: '127.0.0.1', port: 8969 } };
const sent: StatusEvent = { type: 'sent', at: 2, eventId: 'a'.repeat(32), target: 'o1.ingest.sentry.io/42' };
const failed: StatusEvent = { type: 'sendFailed', at: 3, reason: 'rate limited for 60 s (category error)', target: 'o1.ingest.sentry.io/42' };
const portInUse: StatusEvent = { type: 'listener', status: { state: 'portInUse', host: '127.0.0.1', port: 8969, reason: 'EADDRINUSE' } };

describe('status model', () => {
  it('is "not configured" with no DSN, no capture and no API', () => {
    const v = statusView(initialStatus(), time);
    assert.equal(v.text, '$(circle-slash) Sentry: not configured');
    assert.equal(v.kind, 'notConfigured');
    assert.equal(v.background, undefined);
  });

  it('is ready with a DSN, or with capture running, or with the API polling', () => {
    assert.equal(text(dsn), '$(check) Sentry: ready');
    assert.equal(text(listening), '$(check) Sentry: ready');
    assert.equal(text({ type: 'api', health: { state: 'ok', lastPollAt: 1 } }), '$(check) Sentry: ready');
    assert.equal(text({ type: 'listener', status: { state: 'follower', host: '127.0.0.1', port: 8969 } }), '$(check) Sentry: ready');
  });

  it('shows a failed send with its reason in the tooltip, and returns to ready after a successful send', () => {
    const s = run(dsn, failed);
    const v = statusView(s, time);
    assert.equal(v.text, '$(error) Sentry: send failed');
    assert.equal(v.background, 'statusBarItem.errorBackground');
    assert.match(v.tooltip, /rate limited for 60 s \\\(category error\\\)/);
    assert.equal(text(dsn, failed, sent), '$(check) Sentry: ready');
    assert.equal(text(dsn, failed, dsn), '$(error) Sentry: send failed', 'the same DSN read again keeps the failure');
    assert.equal(text(dsn, failed, { type: 'dsn', label: 'sentry.example.com/7' }), '$(check) Sentry: ready', 'a new DSN clears it');
    assert.equal(text(dsn, failed, { type: 'dsn', label: undefined }), '$(circle-slash) Sentry: not configured');
  });

  it('shows the port in use, API errors and degradation', () => {
    assert.equal(text(portInUse), '$(warning) Sentry: port 8969 in use');
    assert.equal(text(dsn, { type: 'api', health: { state: 'error', reason: 'the auth token is invalid or expired' } }), '$(error) Sentry: API error');
    assert.equal(text(dsn, { type: 'api', health: { state: 'degraded', reason: 'HTTP 502' } }), '$(warning) Sentry: API degraded');
    assert.equal(statusView(run({ type: 'api', health: { state: 'degraded', reason: 'x' } }), time).background, 'statusBarItem.warningBackground');
  });

  it('counts new errors, coloured by the highest level', () => {
    const v = statusView(run(listening, { type: 'newErrors', count: 3, highest: 'error' }), time);
    assert.equal(v.text, '$(bug) Sentry: 3 new');
    assert.equal(v.background, 'statusBarItem.errorBackground');
    assert.equal(statusView(run({ type: 'newErrors', count: 1, highest: 'fatal' }), time).background, 'statusBarItem.errorBackground');
    assert.equal(statusView(run({ type: 'newErrors', count: 2, highest: 'warning' }), time).background, 'statusBarItem.warningBackground');
    assert.equal(statusView(run({ type: 'newErrors', count: 2, highest: 'info' }), time).background, undefined);
    assert.equal(text(listening, { type: 'newErrors', count: 3, highest: 'error' }, { type: 'newErrors', count: 0, highest: undefined }), '$(check) Sentry: ready');
  });

  it('puts a failure before "N new", and "N new" before ready', () => {
    const newOnes: StatusEvent = { type: 'newErrors', count: 5, highest: 'error' };
    assert.equal(text(dsn, newOnes, portInUse), '$(warning) Sentry: port 8969 in use');
    assert.equal(text(dsn, newOnes, { type: 'api', health: { state: 'degraded', reason: 'x' } }), '$(warning) Sentry: API degraded');
    assert.equal(text(dsn, failed, portInUse), '$(error) Sentry: send failed');
    assert.equal(text(dsn, newOnes), '$(bug) Sentry: 5 new');
  });

  it('lets new errors outrank an old send failure, which stays in the tooltip', () => {
    const newOnes: StatusEvent = { type: 'newErrors', count: 2, highest: 'error' };
    for (const s of [run(dsn, failed, newOnes), run(dsn, newOnes, failed)]) {
      const v = statusView(s, time);
      assert.equal(v.text, '$(bug) Sentry: 2 new');
      assert.equal(v.kind, 'newErrors');
      assert.match(v.tooltip, /Last send: failed at t3 .*rate limited for 60 s/);
    }
    // Once the new errors are seen, the failure shows again until a good send or it expires.
    assert.equal(text(dsn, failed, newOnes, { type: 'newErrors', count: 0, highest: undefined }), '$(error) Sentry: send failed');
  });

  it('stops showing a send failure after a while, keeping it in the tooltip', () => {
    assert.equal(text(dsn, failed, { type: 'tick', now: failed.at + SEND_FAILURE_SHOWN_MS - 1 }), '$(error) Sentry: send failed');
    const later = statusView(run(dsn, failed, { type: 'tick', now: failed.at + SEND_FAILURE_SHOWN_MS }), time);
    assert.equal(later.text, '$(check) Sentry: ready');
    assert.match(later.tooltip, /Last send: failed at t3/);
    const again = run(dsn, failed, { type: 'tick', now: failed.at + SEND_FAILURE_SHOWN_MS }, { ...failed, at: failed.at + SEND_FAILURE_SHOWN_MS + 5 });
    assert.equal(statusView(again, time).text, '$(error) Sentry: send failed', 'a new failure shows again');
  });

  it('lists DSN (host/project only), listener, API and last send in the tooltip', () => {
    const off = statusView(initialStatus(), time).tooltip;
    assert.match(off, /DSN: not set/);
    assert.match(off, /Listener: stopped/);
    assert.match(off, /API: off/);
    assert.match(off, /Last send: none/);
    const on = statusView(run(dsn, listening, { type: 'api', health: { state: 'ok', lastPollAt: 7 } }, sent), time).tooltip;
    assert.match(on, /DSN: `o1\.ingest\.sentry\.io\/42`/);
    assert.match(on, /Listener: listening on `127\.0\.0\.1:8969`/);
    assert.match(on, /API: ok \(last poll t7\)/);
    assert.match(on, new RegExp(`Last send: event \`${'a'.repeat(32)}\``));
    assert.match(statusView(run({ type: 'listener', status: { state: 'follower', host: '127.0.0.1', port: 8969 } }), time).tooltip, /another window captures/);
    assert.match(statusView(run({ type: 'api', health: { state: 'degraded', reason: 'timeout' } }), time).tooltip, /API: degraded: timeout/);
  });

  it('escapes server-provided reasons so they cannot add links or HTML to the tooltip', () => {
    const v = statusView(run({ ...failed, reason: '[click](https://evil.example) <img src=x>' }), time);
    assert.ok(!v.tooltip.includes('[click](https://evil.example)'));
    assert.ok(v.tooltip.includes('\\<img src=x\\>'), v.tooltip);
    assert.ok(!/[^\\]<img/.test(v.tooltip));
  });
});

describe('status-bar menu', () => {
  const labels = (s: StatusState) => statusMenuItems(s).map((i) => i.label.replace(/^\$\([^)]*\)\s*/, ''));

  it('offers the setup commands when nothing is configured', () => {
    const l = labels(initialStatus());
    for (const x of ['Set DSN', 'Start Local Capture', 'Copy Local DSN', 'Set Auth Token']) assert.ok(l.includes(x), x);
  });

  it('offers another port, the owner DSN and retry when the port is in use, first', () => {
    const items = statusMenuItems(run(portInUse));
    assert.deepEqual(items.slice(0, 3).map((i) => i.action.kind), ['choosePort', 'copyOwnerDsn', 'retryCapture']);
  });

  it('leads with the log after a failed send, and offers Stop when capturing', () => {
    assert.equal(labels(run(dsn, failed))[0], 'Show Log');
    assert.ok(labels(run(listening)).includes('Stop Local Capture'));
    assert.ok(!labels(run(listening)).includes('Start Local Capture'));
  });

  it('never lists the same action twice', () => {
    for (const s of [initialStatus(), run(dsn, failed), run(portInUse), run({ type: 'api', health: { state: 'error', reason: 'x' } })]) {
      const keys = statusMenuItems(s).map((i) => JSON.stringify(i.action));
      assert.equal(new Set(keys).size, keys.length);
    }
  });
});
