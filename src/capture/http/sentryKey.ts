import type { IncomingMessage } from 'node:http';

/** The `sentry_key` an SDK sent, from `X-Sentry-Auth`, `Authorization: Sentry ...` or the query string. */
export function sentryKeyOf(req: IncomingMessage, url: URL): string | undefined {
  const q = queryParam(url, 'sentry_key');
  if (q) return q;
  for (const h of [req.headers['x-sentry-auth'], req.headers.authorization]) {
    const m = typeof h === 'string' ? /sentry_key\s*=\s*([^,\s]+)/i.exec(h) : null;
    if (m) return m[1];
  }
  return undefined;
}

/**
 * `url.searchParams.get(name)` without building the URLSearchParams (several
 * microseconds per request): the first pair named `name`, its value decoded
 * as URLSearchParams decodes it. A query whose names are encoded goes the
 * long way.
 */
export function queryParam(url: URL, name: string): string | null {
  const search = url.search;
  if (search.length < 2) return null;
  for (let start = 1; start < search.length; ) {
    let end = search.indexOf('&', start);
    if (end < 0) end = search.length;
    const eq = search.indexOf('=', start);
    const nameEnd = eq >= 0 && eq < end ? eq : end;
    const pairName = search.slice(start, nameEnd);
    if (pairName.includes('%') || pairName.includes('+')) return url.searchParams.get(name);
    if (pairName === name) {
      const value = nameEnd < end ? search.slice(nameEnd + 1, end) : '';
      return value.includes('%') || value.includes('+') ? new URLSearchParams(`v=${value}`).get('v') : value;
    }
    start = end + 1;
  }
  return null;
}
