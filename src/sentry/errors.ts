import { errorDetail } from '../util/errorDetail';
import { MissingPartError } from '../util/missingPart';

/**
 * Typed failures from talking to Sentry (ingestion or the REST API). Callers
 * branch on the class or `kind`, never on message text. `userMessage` is a
 * sentence a person can act on, free of secrets and of our own stack traces;
 * `cause` keeps the original error for the log.
 */
export const SENTRY_ERROR_KINDS = [
  'auth', // 401/403: DSN or token rejected, or a scope is missing
  'not-found', // 404: project, organization or issue does not exist
  'too-large', // 413
  'rate-limited', // 429
  'server', // 5xx or an answer we cannot read
  'bad-request', // 400 and other 4xx
  'network', // DNS failure, connection refused or reset
  'tls', // certificate or handshake failure
  'timeout',
  'cancelled',
] as const;
export type SentryErrorKind = (typeof SENTRY_ERROR_KINDS)[number];

export class SentryError extends Error {
  readonly kind: SentryErrorKind;
  readonly status: number | undefined;
  /** A sentence for a person: what happened and, where there is one, what to do. */
  readonly userMessage: string;

  constructor(kind: SentryErrorKind, userMessage: string, opts: { status?: number; cause?: unknown } = {}) {
    super(userMessage, opts.cause !== undefined ? { cause: opts.cause } : undefined);
    this.name = new.target.name;
    this.kind = kind;
    this.status = opts.status;
    this.userMessage = userMessage;
  }
}

/** 401/403. `missingScope` is set when Sentry names the scope the token lacks. */
export class SentryAuthError extends SentryError {
  readonly detail: string | undefined;
  readonly missingScope: string | undefined;
  constructor(userMessage: string, opts: { status: number; detail?: string; missingScope?: string; cause?: unknown }) {
    super('auth', userMessage, opts);
    this.detail = opts.detail;
    this.missingScope = opts.missingScope;
  }
}

/** 429 (or an active rate limit remembered from an earlier answer). */
export class SentryRateLimitError extends SentryError {
  /** How long to wait before trying again, in milliseconds. */
  readonly retryAfterMs: number;
  /** The data categories the limit applies to (empty: all). */
  readonly categories: readonly string[];
  constructor(userMessage: string, opts: { retryAfterMs: number; categories?: readonly string[]; status?: number; cause?: unknown }) {
    super('rate-limited', userMessage, { status: opts.status ?? 429, cause: opts.cause });
    this.retryAfterMs = opts.retryAfterMs;
    this.categories = opts.categories ?? [];
  }
}

export function isSentryError(e: unknown): e is SentryError {
  return e instanceof SentryError;
}

/**
 * A failure as the log needs it: for ours, the sentence a person saw and what
 * caused it; for anything else, the error itself with its cause chain and
 * where it started. Whatever userMessageOf showed, the cause is here.
 */
export function logDetailOf(e: unknown): string {
  if (e instanceof SentryError) return e.cause !== undefined ? `${e.userMessage} (cause: ${errorDetail(e.cause)})` : e.userMessage;
  if (e instanceof MissingPartError) return e.detail;
  return errorDetail(e);
}

/** The message to show a person for any failure: ours when typed, a generic sentence otherwise. */
export function userMessageOf(e: unknown): string {
  if (e instanceof SentryError || e instanceof MissingPartError) return e.userMessage;
  return 'an unexpected error occurred (details are in the Sentry log)';
}
