import { strict as assert } from 'node:assert';
import type { ApiIssue } from '../../../../src/api/apiIssue';
import { apiHealthOf, combineNewErrors, highestLevel, issueWebUrl, newIssuesNotification, toEntry } from '../../../../src/ui/api/apiHealthModel';
import { localDsn } from '../../../../src/ui/capture/localDsn';
import { parseDsn } from '../../../../src/sentry/send/dsn';
import { dsnLabel } from '../../../../src/ui/secrets/dsnLabel';

const issue = (over: Partial<ApiIssue> = {}): ApiIssue => ({
  id: '1',
  shortId: 'WEB-1',
  title: 'TypeError: x is undefined',
  culprit: 'app.js in main',
  level: 'error',
  status: 'unresolved',
  count: 3,
  userCount: 1,
  project: { id: '2', slug: 'web' },
  ...over,
});

describe('REST API service helpers', () => {
  it('maps the poller health to the status bar health', () => {
    assert.deepEqual(apiHealthOf({ state: 'ok', lastSuccessAt: 5 }, 9), { state: 'ok', lastPollAt: 5 });
    assert.deepEqual(apiHealthOf({ state: 'degraded', reason: 'HTTP 503', lastSuccessAt: 5 }, 9), { state: 'degraded', reason: 'HTTP 503', lastPollAt: 5 });
    assert.deepEqual(apiHealthOf({ state: 'degraded', reason: 'HTTP 503' }, 9), { state: 'degraded', reason: 'HTTP 503' });
    assert.deepEqual(apiHealthOf({ state: 'error', reason: 'the auth token is invalid or expired' }, 9), { state: 'error', reason: 'the auth token is invalid or expired' });
    assert.deepEqual(apiHealthOf({ state: 'paused', reason: 'hidden' }, 9), { state: 'paused' });
    assert.deepEqual(apiHealthOf({ state: 'paused', reason: 'hidden' }, 9, { state: 'ok', lastPollAt: 1 }), { state: 'paused' });
  });

  it('keeps a failure visible while polling is paused, until a poll says otherwise', () => {
    const failed = { state: 'error' as const, reason: 'the auth token is invalid or expired' };
    assert.deepEqual(apiHealthOf({ state: 'paused', reason: 'hidden' }, 9, failed), failed);
    const degraded = { state: 'degraded' as const, reason: 'HTTP 503' };
    assert.deepEqual(apiHealthOf({ state: 'paused', reason: 'hidden' }, 9, degraded), degraded);
    assert.deepEqual(apiHealthOf({ state: 'ok', lastSuccessAt: 5 }, 9, failed), { state: 'ok', lastPollAt: 5 });
  });

  it('turns an API issue into a tree entry', () => {
    const e = toEntry(issue({ firstSeen: '2024-01-01T00:00:00Z', permalink: 'https://sentry.io/organizations/acme/issues/1/' }));
    assert.equal(e.lastSeen, '');
    assert.equal(e.firstSeen, '2024-01-01T00:00:00Z');
    assert.equal(e.permalink, 'https://sentry.io/organizations/acme/issues/1/');
    assert.equal(e.project.slug, 'web');
  });

  it('links to the permalink, or derives the issue page keeping a self-hosted sub-path', () => {
    assert.equal(issueWebUrl('https://sentry.io', 'acme', { id: '1', permalink: 'https://acme.sentry.io/issues/1/' }), 'https://acme.sentry.io/issues/1/');
    assert.equal(issueWebUrl('https://example.com/sentry/', 'acme', { id: '7' }), 'https://example.com/sentry/organizations/acme/issues/7/');
    assert.equal(issueWebUrl('https://sentry.io', 'a b', { id: '7', permalink: 'javascript:alert(1)' }), 'https://sentry.io/organizations/a%20b/issues/7/');
  });

  it('adds the new-error contributions and keeps the most severe level', () => {
    assert.equal(highestLevel(['info', 'warning', undefined, 'debug']), 'warning');
    assert.equal(highestLevel([]), undefined);
    assert.deepEqual(combineNewErrors([{ count: 2, highest: 'warning' }, { count: 1, highest: 'fatal' }]), { count: 3, highest: 'fatal' });
    assert.deepEqual(combineNewErrors([{ count: 0, highest: 'fatal' }, { count: 0, highest: undefined }]), { count: 0, highest: undefined });
  });

  it('notifies only for fatal and error issues', () => {
    assert.equal(newIssuesNotification([issue({ level: 'warning' }), issue({ level: 'info' })]), undefined);
    assert.equal(newIssuesNotification([issue()]), 'Sentry: new error issue WEB-1 in web: TypeError: x is undefined');
    assert.equal(newIssuesNotification([issue(), issue({ level: 'fatal', project: { id: '3', slug: 'api' } })]), 'Sentry: 2 new fatal/error issues in web, api');
  });
});

describe('local DSN and DSN labels', () => {
  it('gives the same parseable local DSN for loopback and wildcard binds', () => {
    assert.equal(localDsn('127.0.0.1', 8969), 'http://public@127.0.0.1:8969/1');
    assert.equal(localDsn('0.0.0.0', 9000), 'http://public@127.0.0.1:9000/1');
    assert.equal(localDsn('localhost', 9000), 'http://public@127.0.0.1:9000/1');
    assert.equal(localDsn('192.168.1.5', 9000), 'http://public@192.168.1.5:9000/1');
    assert.equal(localDsn('fd00::5', 9000), 'http://public@[fd00::5]:9000/1');
    for (const h of ['127.0.0.1', '192.168.1.5', 'fd00::5']) assert.ok(parseDsn(localDsn(h, 1234)).ok, h);
  });

  it('labels a DSN by host and project, never its keys', () => {
    const d = parseDsn('https://abcdef0123456789:secretsecret@o123.ingest.de.sentry.io/4567');
    assert.ok(d.ok);
    assert.equal(dsnLabel(d.value), 'o123.ingest.de.sentry.io/4567');
    const local = parseDsn('http://public@[::1]:8969/sub/1');
    assert.ok(local.ok);
    assert.equal(dsnLabel(local.value), '[::1]:8969/sub/1');
    assert.ok(!dsnLabel(d.value).includes('abcdef') && !dsnLabel(d.value).includes('secret'));
  });
});
