import { type Result, fail, ok } from '../util/result';

/**
 * Checks a Sentry base URL a person typed (`https://sentry.io`,
 * `https://de.sentry.io`, a self-hosted `https://example.com/sentry`) and
 * returns it without a trailing slash or a pasted `/api/0` suffix.
 */
export function parseBaseUrl(text: string): Result<string> {
  const t = text.trim();
  if (t === '') return fail('the Sentry URL is empty; use https://sentry.io, https://de.sentry.io or your self-hosted Sentry\'s address');
  let url: URL;
  try {
    url = new URL(t);
  } catch {
    return fail(`"${t}" is not a URL; it should look like https://sentry.io or https://sentry.example.com/sentry`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return fail(`the Sentry URL must start with https:// (got ${url.protocol}//)`);
  if (url.username || url.password) return fail('the Sentry URL must not contain a user name or password; the auth token is set separately');
  if (url.search || url.hash) return fail('the Sentry URL must not contain a query (?...) or a fragment (#...)');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/0$/, '');
  return ok(`${url.protocol}//${url.host}${path}`);
}
