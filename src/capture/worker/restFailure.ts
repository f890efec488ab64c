import { SentryError, SentryRateLimitError } from '../../sentry/errors';
import type { RestFailure } from './protocol';

/**
 * A REST call's failure across the listener's message port, in both
 * directions: the window sends what its client threw as kind, sentence and
 * status (the sentence never holds the token); the worker throws it again as
 * the same kind of SentryError, so search_issues and get_issue tell the agent
 * what to do exactly as they do in the CLI.
 */
export function restFailureOf(e: unknown): RestFailure {
  if (e instanceof SentryRateLimitError) return { kind: e.kind, message: e.userMessage, retryAfterMs: e.retryAfterMs, ...(e.status !== undefined ? { status: e.status } : {}) };
  if (e instanceof SentryError) return { kind: e.kind, message: e.userMessage, ...(e.status !== undefined ? { status: e.status } : {}) };
  return { kind: 'server', message: 'The call to Sentry failed in the window (its log says why).' };
}

export function errorOfRestFailure(f: RestFailure): SentryError {
  if (f.kind === 'rate-limited' && f.retryAfterMs !== undefined) return new SentryRateLimitError(f.message, { retryAfterMs: f.retryAfterMs, ...(f.status !== undefined ? { status: f.status } : {}) });
  return new SentryError(f.kind, f.message, f.status !== undefined ? { status: f.status } : {});
}
