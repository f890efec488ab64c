import { strict as assert } from 'node:assert';
import { type ApiOperation, errorFromFailure, errorFromResponse, rateLimitWaitMs } from '../../../src/api/apiErrors';
import { SentryAuthError, SentryError, SentryRateLimitError } from '../../../src/sentry/errors';

const op: ApiOperation = { action: 'resolve issue 42', scope: 'event:write', notFound: 'an issue with id 42' };
const NOW = Date.UTC(2026, 0, 1, 12);

describe('api/apiErrors', () => {
  describe('rateLimitWaitMs', () => {
    it('reads X-Sentry-Rate-Limit-Reset as epoch seconds', () => {
      assert.equal(rateLimitWaitMs({ 'x-sentry-rate-limit-reset': String(NOW / 1000 + 17) }, NOW), 17_000);
    });
    it('never returns a negative wait for a reset in the past', () => {
      assert.equal(rateLimitWaitMs({ 'x-sentry-rate-limit-reset': String(NOW / 1000 - 5) }, NOW), 0);
    });
    it('reads Retry-After as seconds or as an HTTP date', () => {
      assert.equal(rateLimitWaitMs({ 'retry-after': '30' }, NOW), 30_000);
      assert.equal(rateLimitWaitMs({ 'retry-after': new Date(NOW + 90_000).toUTCString() }, NOW), 90_000);
    });
    it('prefers the Sentry header and gives undefined when neither is usable', () => {
      assert.equal(rateLimitWaitMs({ 'x-sentry-rate-limit-reset': String(NOW / 1000 + 5), 'retry-after': '100' }, NOW), 5000);
      assert.equal(rateLimitWaitMs({ 'retry-after': 'soon' }, NOW), undefined);
      assert.equal(rateLimitWaitMs({}, NOW), undefined);
    });
  });

  describe('errorFromResponse', () => {
    it('401: the token is invalid or expired', () => {
      const e = errorFromResponse(401, {}, '{"detail":"Invalid token"}', op, NOW);
      assert.ok(e instanceof SentryAuthError);
      assert.equal(e.status, 401);
      assert.match(e.userMessage, /invalid or expired/);
      assert.equal((e as SentryAuthError).detail, 'Invalid token');
    });
    it('403: names the scope the operation needs and keeps Sentry\'s detail', () => {
      const e = errorFromResponse(403, {}, '{"detail":"You do not have permission to perform this action."}', op, NOW) as SentryAuthError;
      assert.ok(e instanceof SentryAuthError);
      assert.equal(e.missingScope, 'event:write');
      assert.match(e.userMessage, /"event:write" scope/);
      assert.match(e.userMessage, /You do not have permission/);
    });
    it('403 for an operation that needs a kind of token rather than a scope says so', () => {
      const e = errorFromResponse(403, {}, '', { ...op, scope: 'a personal auth token' }, NOW);
      assert.match(e.userMessage, /it needs a personal auth token\.$/);
    });
    it('404: names what was not found', () => {
      const e = errorFromResponse(404, {}, '{"detail":"The requested resource does not exist"}', op, NOW);
      assert.equal(e.kind, 'not-found');
      assert.match(e.userMessage, /an issue with id 42/);
    });
    it('429: waits as told, or a minute when nothing is said', () => {
      const e = errorFromResponse(429, { 'retry-after': '12' }, '', op, NOW) as SentryRateLimitError;
      assert.ok(e instanceof SentryRateLimitError);
      assert.equal(e.retryAfterMs, 12_000);
      assert.match(e.userMessage, /12 s/);
      assert.equal((errorFromResponse(429, {}, '', op, NOW) as SentryRateLimitError).retryAfterMs, 60_000);
    });
    it('5xx is a server error; other 4xx a bad request with the detail; a non-JSON body is tolerated', () => {
      assert.equal(errorFromResponse(502, {}, '<html>bad gateway</html>', op, NOW).kind, 'server');
      const e = errorFromResponse(400, {}, '{"detail":{"message":"Invalid query","code":"x"}}', op, NOW);
      assert.equal(e.kind, 'bad-request');
      assert.match(e.userMessage, /Invalid query/);
    });
  });

  describe('errorFromFailure', () => {
    const kinds: Array<[unknown, string]> = [
      [Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'network'],
      [Object.assign(new Error('x'), { code: 'UND_ERR_HEADERS_TIMEOUT' }), 'timeout'],
      [Object.assign(new Error('x'), { code: 'UND_ERR_CONNECT_TIMEOUT' }), 'timeout'],
      [Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }), 'tls'],
      [Object.assign(new Error('x'), { name: 'AbortError' }), 'cancelled'],
      [Object.assign(new Error('fetch failed'), { cause: { code: 'ENOTFOUND' } }), 'network'],
    ];
    for (const [cause, kind] of kinds) {
      it(`maps ${(cause as { code?: string; name?: string }).code ?? (cause as Error).name} to ${kind} and keeps the cause`, () => {
        const e = errorFromFailure(cause, op, 'sentry.example.com');
        assert.ok(e instanceof SentryError);
        assert.equal(e.kind, kind);
        assert.equal(e.cause, cause);
        if (kind !== 'cancelled') assert.match(e.userMessage, /sentry\.example\.com/);
      });
    }
  });
});
