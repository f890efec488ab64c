import { type Result, ok, fail } from '../../util/result';
import { type FrameView, type Level, LEVELS } from '../event/eventView';
import { type SharedPayloadFields, newEventId, nonEmpty, sharedPayloadFields } from './payloadFields';

/**
 * One stack frame as entered; becomes a Sentry frame (snake_case) in the payload.
 * The fields of a frame as read back, so the two stay the same shape.
 */
export type FrameInput = Pick<FrameView, 'filename' | 'absPath' | 'function' | 'module' | 'lineno' | 'colno' | 'contextLine' | 'preContext' | 'postContext' | 'inApp'>;

/** What a person (or a template) fills in for an event. Only `message` is needed. */
export interface EventInput extends SharedPayloadFields {
  message: string;
  level?: Level;
  platform?: string;
  logger?: string;
  transaction?: string;
  fingerprint?: string[];
  contexts?: Record<string, Record<string, unknown>>;
  /** An exception; its `value` defaults to the message. Frames are outermost (oldest call) first. */
  exception?: { type: string; value?: string; frames?: FrameInput[]; mechanism?: { type: string; handled: boolean } };
}

export interface SentryFrame {
  filename?: string;
  abs_path?: string;
  function?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  context_line?: string;
  pre_context?: string[];
  post_context?: string[];
  in_app?: boolean;
}

/** The event as sent: a valid Sentry event payload (the protocol's snake_case field names). */
export interface SentryEventPayload extends SharedPayloadFields {
  event_id: string;
  /** Seconds since the epoch, fractional. */
  timestamp: number;
  level: Level;
  platform: string;
  sdk: { name: string; version: string };
  logger?: string;
  transaction?: string;
  message?: string;
  logentry?: { formatted: string };
  fingerprint?: string[];
  contexts?: Record<string, Record<string, unknown>>;
  exception?: {
    values: Array<{
      type: string;
      value: string;
      mechanism?: { type: string; handled: boolean };
      stacktrace?: { frames: SentryFrame[] };
    }>;
  };
}

export interface BuildContext {
  sdkName: string;
  sdkVersion: string;
  now?: () => Date;
  /** Returns a new event id (any UUID form; dashes are removed and it is lower-cased). */
  randomId?: () => string;
}

/** Platforms Sentry's event schema accepts; anything else is stored as "other". */
export const PLATFORMS: readonly string[] = [
  'as3', 'c', 'cfml', 'cocoa', 'csharp', 'elixir', 'go', 'groovy', 'haskell', 'java', 'javascript',
  'native', 'node', 'objc', 'other', 'perl', 'php', 'python', 'ruby',
];

function frameToSentry(f: FrameInput): SentryFrame {
  const out: SentryFrame = {};
  if (f.filename !== undefined) out.filename = f.filename;
  if (f.absPath !== undefined) out.abs_path = f.absPath;
  if (f.function !== undefined) out.function = f.function;
  if (f.module !== undefined) out.module = f.module;
  if (f.lineno !== undefined) out.lineno = f.lineno;
  if (f.colno !== undefined) out.colno = f.colno;
  if (f.preContext !== undefined) out.pre_context = f.preContext;
  if (f.contextLine !== undefined) out.context_line = f.contextLine;
  if (f.postContext !== undefined) out.post_context = f.postContext;
  if (f.inApp !== undefined) out.in_app = f.inApp;
  return out;
}

/**
 * Builds a Sentry event from what a person entered. Nothing from the machine
 * is attached: no environment variables, host name or user name.
 * The platform is "other" unless one is given.
 */
export function buildEvent(input: EventInput, ctx: BuildContext): SentryEventPayload {
  const now = (ctx.now ?? (() => new Date()))();
  const event: SentryEventPayload = {
    event_id: newEventId(ctx.randomId),
    timestamp: now.getTime() / 1000,
    level: input.level ?? 'error',
    platform: input.platform && input.platform !== '' ? input.platform : 'other',
    sdk: { name: ctx.sdkName, version: ctx.sdkVersion },
    ...sharedPayloadFields(input),
  };
  if (input.logger) event.logger = input.logger;
  if (input.transaction) event.transaction = input.transaction;
  if (input.fingerprint && input.fingerprint.length > 0) event.fingerprint = [...input.fingerprint];
  if (nonEmpty(input.contexts)) event.contexts = structuredClone(input.contexts);
  const ex = input.exception;
  if (ex) {
    const value = ex.value ?? input.message;
    event.exception = {
      values: [
        {
          type: ex.type,
          value,
          ...(ex.mechanism ? { mechanism: { ...ex.mechanism } } : {}),
          ...(ex.frames && ex.frames.length > 0 ? { stacktrace: { frames: ex.frames.map(frameToSentry) } } : {}),
        },
      ],
    };
    if (input.message !== '' && input.message !== value) event.logentry = { formatted: input.message };
  } else {
    event.message = input.message;
    event.logentry = { formatted: input.message };
  }
  return event;
}

// --- parsers for what a person types --------------------------------------------

const TAG_KEY = /^[a-zA-Z0-9_.:-]+$/;

/** `key:value` (split at the first ":"), within Sentry's tag limits: key ≤ 32 of `[a-zA-Z0-9_.:-]`, value ≤ 200, one line. */
export function parseTag(text: string): Result<[string, string]> {
  const colon = text.indexOf(':');
  if (colon < 0) return fail(`the tag "${text}" must be written key:value`);
  const key = text.slice(0, colon).trim();
  const value = text.slice(colon + 1).trim();
  if (key === '') return fail(`the tag "${text}" has no key before ":"`);
  if (key.length > 32) return fail(`the tag key "${key}" is ${key.length} characters long; Sentry allows at most 32`);
  if (!TAG_KEY.test(key)) return fail(`the tag key "${key}" may only contain letters, digits, "_", ".", ":" and "-"`);
  if (value === '') return fail(`the tag "${key}" has no value after ":"`);
  if (/[\r\n]/.test(value)) return fail(`the tag "${key}" value must be on one line`);
  if (value.length > 200) return fail(`the tag "${key}" value is ${value.length} characters long; Sentry allows at most 200`);
  return ok([key, value]);
}

/** Several tags, from a list (`-t a:b -t c:d`) or one comma-separated line; the first mistake is the reason. */
export function parseTags(items: readonly string[]): Result<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const t = parseTag(item);
    if (!t.ok) return t;
    Object.defineProperty(out, t.value[0], { value: t.value[1], enumerable: true, writable: true, configurable: true });
  }
  return ok(out);
}

/** A JSON object for `extra`; empty text is an empty object. */
export function parseExtraJson(text: string): Result<Record<string, unknown>> {
  if (text.trim() === '') return ok({});
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail(`the extra data is not valid JSON: ${(e as Error).message}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const what = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
    return fail(`the extra data must be a JSON object like {"key": "value"}, not ${what}`);
  }
  return ok(value as Record<string, unknown>);
}

function parsePairs(what: string, items: readonly string[]): Result<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const colon = item.indexOf(':');
    if (colon < 0) return fail(`the ${what} "${item}" must be written key:value`);
    const key = item.slice(0, colon).trim();
    if (key === '') return fail(`the ${what} "${item}" has no key before ":"`);
    Object.defineProperty(out, key, { value: item.slice(colon + 1), enumerable: true, writable: true, configurable: true });
  }
  return ok(out);
}

/** `key:value` pairs for extra data (values are strings, as sentry-cli's `-e`). */
export function parseExtraPairs(items: readonly string[]): Result<Record<string, string>> {
  return parsePairs('extra field', items);
}

/** `key:value` pairs for the user (`id`, `email`, `username`, `ip_address`, or anything else). */
export function parseUserPairs(items: readonly string[]): Result<Record<string, string>> {
  const r = parsePairs('user field', items);
  if (!r.ok) return r;
  const email = r.value.email;
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) return fail(`the user email "${email}" is not an email address`);
  return r;
}

/** A level name (also "warn" for warning). */
export function parseLevel(text: string): Result<Level> {
  const s = text.trim().toLowerCase();
  if (s === 'warn') return ok('warning');
  if ((LEVELS as readonly string[]).includes(s)) return ok(s as Level);
  return fail(`the level "${text}" must be one of ${LEVELS.join(', ')}`);
}

/** A platform Sentry knows. */
export function parsePlatform(text: string): Result<string> {
  const s = text.trim().toLowerCase();
  if (PLATFORMS.includes(s)) return ok(s);
  return fail(`the platform "${text}" is not one Sentry knows; use one of ${PLATFORMS.join(', ')}`);
}
