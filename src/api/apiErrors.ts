import { SentryAuthError, SentryError, SentryRateLimitError } from '../sentry/errors';
import { errorBodySchema } from './schemas';

/** What a request was for, so a failure can say which scope or which slug/id is at fault. */
export interface ApiOperation {
  /** A verb phrase: "list the issues of organization \"acme\"". */
  action: string;
  /** The scope Sentry requires for it, e.g. `event:read` (or, without a colon, a phrase such as "a personal auth token"). */
  scope: string;
  /** What a 404 means here, e.g. `organization "acme"`. */
  notFound: string;
}

/** Default wait when a 429 names no time. */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

function detailOf(bodyText: string): string | undefined {
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(bodyText));
    if (!parsed.success) return undefined;
    const d = parsed.data.detail;
    return typeof d === 'string' ? d : d?.message;
  } catch {
    return undefined;
  }
}

/** Milliseconds to wait from `X-Sentry-Rate-Limit-Reset` (epoch seconds) or `Retry-After` (seconds or an HTTP date). */
export function rateLimitWaitMs(headers: Record<string, string | undefined>, now: number): number | undefined {
  const reset = headers['x-sentry-rate-limit-reset'];
  if (reset !== undefined && /^\d+(\.\d+)?$/.test(reset.trim())) {
    return Math.max(0, Math.ceil(Number(reset) * 1000 - now));
  }
  const retry = headers['retry-after'];
  if (retry !== undefined) {
    const t = retry.trim();
    if (/^\d+(\.\d+)?$/.test(t)) return Math.ceil(Number(t) * 1000);
    const date = Date.parse(t);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return undefined;
}

const seconds = (ms: number) => `${Math.max(1, Math.ceil(ms / 1000))} s`;

/** The typed error for a non-2xx answer of the REST API. */
export function errorFromResponse(
  status: number,
  headers: Record<string, string | undefined>,
  bodyText: string,
  op: ApiOperation,
  now: number,
): SentryError {
  const detail = detailOf(bodyText);
  const said = detail ? ` (Sentry said: "${detail.slice(0, 200)}")` : '';
  if (status === 401) {
    return new SentryAuthError(
      `The auth token is invalid or expired: Sentry refused it while trying to ${op.action}. Create a new token and set it again.`,
      { status, ...(detail ? { detail } : {}) },
    );
  }
  if (status === 403) {
    return new SentryAuthError(
      op.scope.includes(':')
        ? `The auth token is not allowed to ${op.action}: it needs the "${op.scope}" scope${said}. Create a token with that scope.`
        : `The auth token is not allowed to ${op.action}: it needs ${op.scope}${said}.`,
      { status, missingScope: op.scope, ...(detail ? { detail } : {}) },
    );
  }
  if (status === 404) {
    return new SentryError('not-found', `Sentry does not know ${op.notFound}: check the name in the settings${said}.`, { status });
  }
  if (status === 429) {
    const waitMs = rateLimitWaitMs(headers, now) ?? DEFAULT_RATE_LIMIT_WAIT_MS;
    return new SentryRateLimitError(`Sentry's API rate limit was reached while trying to ${op.action}; trying again in ${seconds(waitMs)}.`, {
      retryAfterMs: waitMs,
    });
  }
  if (status >= 500) {
    return new SentryError('server', `Sentry had a server error (${status}) while trying to ${op.action}; it will be retried.`, { status });
  }
  return new SentryError('bad-request', `Sentry rejected the request to ${op.action} (${status})${said}.`, { status });
}

/** The typed error for a request that got no answer. */
export function errorFromFailure(cause: unknown, op: ApiOperation, host: string): SentryError {
  const e = cause as { name?: string; code?: string; cause?: { code?: string } } | undefined;
  const code = e?.code ?? e?.cause?.code ?? '';
  const name = e?.name ?? '';
  if (name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new SentryError('cancelled', `The request to ${op.action} was cancelled.`, { cause });
  }
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'ETIMEDOUT' || name === 'TimeoutError') {
    return new SentryError('timeout', `${host} did not answer in time while trying to ${op.action}.`, { cause });
  }
  if (/^(CERT_|ERR_TLS|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code)) {
    return new SentryError('tls', `The TLS connection to ${host} failed (${code}) while trying to ${op.action}.`, { cause });
  }
  const what = code === 'ECONNREFUSED' ? 'refused the connection' : code === 'ENOTFOUND' ? 'could not be found (DNS)' : `could not be reached${code ? ` (${code})` : ''}`;
  return new SentryError('network', `${host} ${what} while trying to ${op.action}.`, { cause });
}
