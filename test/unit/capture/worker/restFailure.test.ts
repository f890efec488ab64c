import { strict as assert } from 'node:assert';
import { errorOfRestFailure, restFailureOf } from '../../../../src/capture/worker/restFailure';
import { restFailureSchema } from '../../../../src/capture/worker/protocol';
import { SentryAuthError, SentryError, SentryRateLimitError } from '../../../../src/sentry/errors';

/** What the window's client threw, as the worker's tools see it after the message port (structured clone included). */
const across = (e: unknown): SentryError => errorOfRestFailure(restFailureSchema.parse(structuredClone(restFailureOf(e))));

describe('REST failures across the listener worker port', () => {
  it('a rate limit stays a rate limit with its wait, so the tool says when to call again', () => {
    const e = across(new SentryRateLimitError('Sentry is rate limiting these requests.', { retryAfterMs: 7_000 }));
    assert.ok(e instanceof SentryRateLimitError);
    assert.deepEqual([e.kind, e.retryAfterMs, e.status, e.userMessage], ['rate-limited', 7_000, 429, 'Sentry is rate limiting these requests.']);
  });

  it('a refused token stays an auth failure with its sentence and status; its cause does not cross', () => {
    const e = across(new SentryAuthError('The auth token is invalid or expired.', { status: 401, cause: new Error('Bearer sntryu_secret') }));
    assert.deepEqual([e.kind, e.status, e.userMessage, e.cause], ['auth', 401, 'The auth token is invalid or expired.', undefined]);
  });

  it('anything else crosses as a server failure with a fixed sentence, never its own message', () => {
    const f = restFailureOf(new TypeError('Bearer sntryu_secret is not a function'));
    assert.deepEqual(f, { kind: 'server', message: 'The call to Sentry failed in the window (its log says why).' });
  });

  it('the port refuses a kind it does not know', () => {
    assert.equal(restFailureSchema.safeParse({ kind: 'exploded', message: 'x' }).success, false);
  });
});
