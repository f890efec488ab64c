/**
 * Sentry's rate-limit headers (develop docs, "Rate Limiting"):
 *
 * - `X-Sentry-Rate-Limits: <retry_after>:<categories>:<scope>[:<reason_code>[:<namespaces>]], ...`
 *   `categories` is a ";"-separated list of data categories, empty for all of
 *   them. When the header is present it wins over `Retry-After`, on any status.
 * - Otherwise a 429 is a limit on every category for `Retry-After` (seconds or
 *   an HTTP date), 60 s when that is missing or unreadable.
 *
 * Decision: when several limits name the same category (in one header or over
 * several answers) the LONGEST deadline is kept, as the spec says. The
 * JavaScript SDK (@sentry/core `updateRateLimits`) overwrites instead, so a
 * later shorter limit shortens an earlier longer one; the test vectors in
 * shared/fixtures/rate-limits were computed with it on an empty starting map,
 * where both rules give the same answer.
 */

/** Category -> deadline (ms since the epoch). The key `all` limits every category. */
export type RateLimits = Readonly<Record<string, number>>;

export interface RateLimitResponse {
  statusCode: number;
  headers: { 'x-sentry-rate-limits'?: string | null | undefined; 'retry-after'?: string | null | undefined };
}

const DEFAULT_RETRY_AFTER_MS = 60_000;

/** `Retry-After` as a delay in ms: seconds, or an HTTP date (may be negative for a past date), default 60 s. */
export function parseRetryAfter(header: string | null | undefined, now: number): number {
  if (header === null || header === undefined || header.trim() === '') return DEFAULT_RETRY_AFTER_MS;
  const text = header.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (!Number.isNaN(date)) return date - now;
  return DEFAULT_RETRY_AFTER_MS;
}

function keepLonger(limits: Record<string, number>, category: string, deadline: number): void {
  const current = limits[category];
  if (current === undefined || deadline > current) limits[category] = deadline;
}

/** Returns the limits after an answer, keeping the longer deadline per category. `limits` is not changed. */
export function updateRateLimits(limits: RateLimits, response: RateLimitResponse, now: number): RateLimits {
  const next: Record<string, number> = { ...limits };
  const header = response.headers['x-sentry-rate-limits'];
  if (header !== null && header !== undefined && header.trim() !== '') {
    for (const entry of header.split(',')) {
      const [retryAfter, categories = '', , , namespaces] = entry.trim().split(':', 5);
      if (retryAfter === undefined || !/^\d+(?:\.\d+)?$/.test(retryAfter.trim())) continue;
      const deadline = now + Math.round(Number(retryAfter.trim()) * 1000);
      const list = categories.split(';').map((c) => c.trim()).filter((c) => c !== '');
      if (list.length === 0) {
        keepLonger(next, 'all', deadline);
        continue;
      }
      for (const category of list) {
        // A metric_bucket limit counts only for custom metrics (or every namespace when none is named).
        if (category === 'metric_bucket' && namespaces !== undefined && namespaces !== '' && !namespaces.split(';').includes('custom')) continue;
        keepLonger(next, category, deadline);
      }
    }
  } else if (response.statusCode === 429) {
    keepLonger(next, 'all', now + parseRetryAfter(response.headers['retry-after'], now));
  }
  return next;
}

/** When `category` may be sent again (ms since the epoch); 0 when it is not limited. */
export function disabledUntil(limits: RateLimits, category: string): number {
  return Math.max(limits[category] ?? 0, limits.all ?? 0);
}

export function isRateLimited(limits: RateLimits, category: string, now: number): boolean {
  return disabledUntil(limits, category) > now;
}

/** The categories of `limits` still active at `now`, "all" included. */
export function activeCategories(limits: RateLimits, now: number): string[] {
  return Object.entries(limits)
    .filter(([, deadline]) => deadline > now)
    .map(([category]) => category);
}

/**
 * Remembers the active limits of one destination so a send during a limit can
 * fail at once, without a request.
 */
export class RateLimiter {
  private limits: RateLimits = {};
  constructor(private readonly now: () => number = Date.now) {}

  /** Folds an answer received at `t` in; returns the limits in force. */
  update(response: RateLimitResponse, t: number = this.now()): RateLimits {
    this.limits = Object.fromEntries(Object.entries(updateRateLimits(this.limits, response, t)).filter(([, d]) => d > t));
    return this.limits;
  }

  /** The wait (from `t`) before `category` may be sent, or undefined when it may be sent then. */
  check(category: string, t: number = this.now()): { retryAfterMs: number; categories: string[] } | undefined {
    const until = disabledUntil(this.limits, category);
    if (until <= t) return undefined;
    const categories = [category, ...(this.limits.all !== undefined && this.limits.all > t ? ['all'] : [])].filter(
      (c, i, a) => a.indexOf(c) === i && (this.limits[c] ?? 0) > t,
    );
    return { retryAfterMs: until - t, categories };
  }

  /** A copy of the limits in force. */
  snapshot(): RateLimits {
    return { ...this.limits };
  }
}
