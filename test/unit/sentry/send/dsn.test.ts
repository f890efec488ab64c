import { strict as assert } from 'node:assert';
import { parseDsn, envelopeUrl, storeUrl, formatDsn, redactDsn, sentryAuthHeader, eventWebUrl, dsnOrigin, type Dsn } from '../../../../src/sentry/send/dsn';

const KEY = 'abcdef0123456789abcdef0123456789';

function dsn(text: string): Dsn {
  const r = parseDsn(text);
  if (!r.ok) throw new Error(`expected a DSN, got: ${r.reason}`);
  return r.value;
}

function reason(text: string): string {
  const r = parseDsn(text);
  assert.equal(r.ok, false, `expected ${text} to be refused`);
  return r.ok ? '' : r.reason;
}

describe('parseDsn: every form the SDKs accept', () => {
  it('https on sentry.io', () => {
    const d = dsn(`https://${KEY}@o4504.ingest.sentry.io/4505`);
    assert.deepEqual(d, { protocol: 'https', publicKey: KEY, host: 'o4504.ingest.sentry.io', pathPrefix: '', projectId: '4505' });
    assert.equal(envelopeUrl(d), 'https://o4504.ingest.sentry.io/api/4505/envelope/');
    assert.equal(storeUrl(d), 'https://o4504.ingest.sentry.io/api/4505/store/');
  });

  it('http with a port', () => {
    const d = dsn(`http://${KEY}@127.0.0.1:8969/0`);
    assert.equal(d.protocol, 'http');
    assert.equal(d.port, 8969);
    assert.equal(envelopeUrl(d), 'http://127.0.0.1:8969/api/0/envelope/');
  });

  it('a (deprecated) secret key, kept out of formatDsn unless asked', () => {
    const d = dsn(`https://${KEY}:s3cr3tkey@sentry.example.com/7`);
    assert.equal(d.secretKey, 's3cr3tkey');
    assert.equal(formatDsn(d), `https://${KEY}@sentry.example.com/7`);
    assert.equal(formatDsn(d, true), `https://${KEY}:s3cr3tkey@sentry.example.com/7`);
    assert.equal(sentryAuthHeader(d, 'x/1'), `Sentry sentry_version=7, sentry_key=${KEY}, sentry_client=x/1, sentry_secret=s3cr3tkey`);
  });

  it('a path prefix for self-hosted Sentry under a sub-path', () => {
    const d = dsn(`https://${KEY}@example.com:9000/sentry/sub/42`);
    assert.equal(d.pathPrefix, 'sentry/sub');
    assert.equal(d.projectId, '42');
    assert.equal(envelopeUrl(d), 'https://example.com:9000/sentry/sub/api/42/envelope/');
  });

  it('regional ingest hosts', () => {
    const d = dsn(`https://${KEY}@o1.ingest.de.sentry.io/2`);
    assert.equal(d.host, 'o1.ingest.de.sentry.io');
    assert.equal(envelopeUrl(d), 'https://o1.ingest.de.sentry.io/api/2/envelope/');
  });

  it('IPv6 literals, bracketed again in URLs', () => {
    const d = dsn(`http://${KEY}@[::1]:9000/3`);
    assert.equal(d.host, '::1');
    assert.equal(d.port, 9000);
    assert.equal(dsnOrigin(d), 'http://[::1]:9000');
    assert.equal(envelopeUrl(d), 'http://[::1]:9000/api/3/envelope/');
    assert.equal(formatDsn(d), `http://${KEY}@[::1]:9000/3`);
  });

  it('surrounding whitespace and an upper-case scheme', () => {
    assert.equal(dsn(`  HTTPS://${KEY}@sentry.io/1 \n`).protocol, 'https');
  });

  it('builds the auth header with version 7, key and client', () => {
    assert.equal(sentryAuthHeader(dsn(`https://${KEY}@sentry.io/1`), 'sentry-lens/0.1.0'), `Sentry sentry_version=7, sentry_key=${KEY}, sentry_client=sentry-lens/0.1.0`);
  });

  it('shows host and project only, no part of the key', () => {
    const shown = redactDsn(dsn(`https://${KEY}:secretpart@o1.ingest.sentry.io/5`));
    assert.equal(shown, 'https://o1.ingest.sentry.io/5');
    assert.ok(!shown.includes(KEY.slice(0, 3)) && !shown.includes('secretpart'));
    // A short key: any prefix of it would be most of it.
    assert.equal(redactDsn(dsn('http://abc@[::1]:8969/sub/path/42')), 'http://[::1]:8969/sub/path/42');
  });
});

describe('parseDsn: what is wrong with a bad DSN', () => {
  const cases: Array<[string, string]> = [
    ['', 'the DSN is empty'],
    ['   ', 'the DSN is empty'],
    [`${KEY}@sentry.io/1`, 'the DSN must start with http:// or https://'],
    [`ftp://${KEY}@sentry.io/1`, 'the DSN scheme must be http or https, not "ftp"'],
    ['https://sentry.io/1', 'the DSN has no public key before the host (expected https://<key>@<host>/<project>)'],
    ['https://@sentry.io/1', 'the DSN has an empty public key before "@"'],
    ['https://ke y@sentry.io/1', 'the DSN public key may only contain letters, digits, "-" and "_"'],
    [`https://${KEY}:se/cret@sentry.io/1`, 'the DSN has no public key before the host (expected https://<key>@<host>/<project>)'],
    [`https://${KEY}:se.cret@sentry.io/1`, 'the DSN secret key may only contain letters, digits, "-" and "_"'],
    [`https://${KEY}@/1`, 'the DSN has no host after "@"'],
    [`https://${KEY}@:8000/1`, 'the DSN has no host after "@"'],
    [`https://${KEY}@sentry.io:port/1`, 'the DSN port "port" is not a number from 1 to 65535'],
    [`https://${KEY}@exa mple.com/1`, 'the DSN host is not a valid host name or address'],
    [`https://${KEY}@sentry.io`, 'the DSN has no project id after the host'],
    [`https://${KEY}@sentry.io/`, 'the DSN has no project id after the host'],
    [`https://${KEY}@sentry.io/abc`, 'the DSN project id "abc" must be a number'],
    [`https://${KEY}@sentry.io:99999/1`, 'the DSN port "99999" is not a number from 1 to 65535'],
    [`https://${KEY}@sentry.io:0/1`, 'the DSN port "0" is not a number from 1 to 65535'],
    [`https://${KEY}@sentry.io/1?x=1`, 'the DSN must not have a query string or fragment'],
    [`https://${KEY}@sentry.io/1#frag`, 'the DSN must not have a query string or fragment'],
    [`https://${KEY}@[::1/1`, 'the DSN IPv6 address is missing its closing "]"'],
    [`https://${KEY}@[zz]/1`, 'the DSN host is not a valid host name or address'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input.replace(KEY, '<key>'))} -> ${expected}`, () => {
      const got = reason(input);
      assert.equal(got, expected);
      assert.ok(!got.includes(KEY), 'a reason never repeats the key');
    });
  }
});

describe('eventWebUrl', () => {
  const id = '0123456789abcdef0123456789abcdef';
  it('is undefined for the local listener', () => {
    assert.equal(eventWebUrl(dsn(`http://${KEY}@127.0.0.1:8969/0`), id), undefined);
    assert.equal(eventWebUrl(dsn(`http://${KEY}@localhost:8969/0`), id), undefined);
    assert.equal(eventWebUrl(dsn(`http://${KEY}@[::1]:8969/0`), id), undefined);
  });
  it('searches the organization by event id on sentry.io and its regions when the slug is known', () => {
    assert.equal(eventWebUrl(dsn(`https://${KEY}@o12.ingest.sentry.io/34`), id, { orgSlug: 'acme' }), `https://acme.sentry.io/issues/?project=34&query=${id}`);
    assert.equal(eventWebUrl(dsn(`https://${KEY}@o12.ingest.de.sentry.io/34`), id, { orgSlug: 'acme' }), `https://acme.sentry.io/issues/?project=34&query=${id}`);
  });
  it('falls back to the org-less search on sentry.io', () => {
    assert.equal(eventWebUrl(dsn(`https://${KEY}@o12.ingest.us.sentry.io/34`), id), `https://sentry.io/issues/?project=34&query=${id}`);
  });
  it('keeps the origin and path prefix of self-hosted Sentry', () => {
    const d = dsn(`https://${KEY}@errors.example.com:8443/sentry/9`);
    assert.equal(eventWebUrl(d, id, { orgSlug: 'team a' }), `https://errors.example.com:8443/sentry/organizations/team%20a/issues/?project=9&query=${id}`);
    assert.equal(eventWebUrl(d, id), `https://errors.example.com:8443/sentry/issues/?project=9&query=${id}`);
  });
  it('never includes the key', () => {
    const url = eventWebUrl(dsn(`https://${KEY}:sec@errors.example.com/9`), id) ?? '';
    assert.ok(!url.includes(KEY) && !url.includes('sec@'));
  });
});
