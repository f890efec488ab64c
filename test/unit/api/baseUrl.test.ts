import { strict as assert } from 'node:assert';
import { parseBaseUrl } from '../../../src/api/baseUrl';

describe('api/baseUrl', () => {
  it('accepts sentry.io, regional hosts and self-hosted sub-paths', () => {
    assert.deepEqual(parseBaseUrl('https://sentry.io'), { ok: true, value: 'https://sentry.io' });
    assert.deepEqual(parseBaseUrl(' https://de.sentry.io/ '), { ok: true, value: 'https://de.sentry.io' });
    assert.deepEqual(parseBaseUrl('https://example.com/sentry/'), { ok: true, value: 'https://example.com/sentry' });
    assert.deepEqual(parseBaseUrl('http://127.0.0.1:9000'), { ok: true, value: 'http://127.0.0.1:9000' });
  });

  it('drops a pasted /api/0 suffix', () => {
    assert.deepEqual(parseBaseUrl('https://example.com/sentry/api/0/'), { ok: true, value: 'https://example.com/sentry' });
  });

  const bad: Array<[string, RegExp]> = [
    ['', /empty/],
    ['sentry.io', /not a URL/],
    ['ftp://sentry.io', /https:\/\//],
    ['https://user:secret@sentry.io', /user name or password/],
    ['https://sentry.io/?org=x', /query/],
  ];
  for (const [input, reason] of bad) {
    it(`rejects ${JSON.stringify(input)} with a reason`, () => {
      const r = parseBaseUrl(input);
      assert.equal(r.ok, false);
      if (!r.ok) {
        assert.match(r.reason, reason);
        assert.ok(!r.reason.includes('secret'));
      }
    });
  }
});
