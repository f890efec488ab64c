import { type Result, ok, fail } from '../util/result';
import { type FrameView, type Level, LEVELS } from './eventView';
import { type SharedPayloadFields, newEventId, nonEmpty, sharedPayloadFields } from './payloadFields';
import { performanceTemplate } from './performanceTemplate';

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

// --- templates ------------------------------------------------------------------

/** Where in a file an event should point (the active editor's file and line). */
export interface SourceLocation {
  absPath: string;
  /** Path relative to the workspace, forward slashes. */
  relativePath: string;
  /** 1-based. */
  lineno: number;
  /** 1-based. */
  colno: number;
  /** The whole file, one entry per line. */
  lines: readonly string[];
  functionName?: string;
}

export interface EventTemplate {
  readonly id: 'exception' | 'validation' | 'context' | 'message' | 'performance';
  readonly label: string;
  readonly description: string;
  /** False when what the template sends has no level (a transaction): the form does not ask for one. */
  readonly hasLevel?: false;
  /** What the message step asks for, when the message is not the event's message (a transaction's name). */
  readonly messagePrompt?: string;
  /** The fields the form pre-fills. `source` is used by the exception template only. */
  build(source?: SourceLocation): Partial<EventInput>;
  /** What is sent, from the form's answers; default: the event buildEvent makes. */
  payload?(input: EventInput, ctx: BuildContext): object;
}

/** The payload a template sends for the answers (an error event unless the template says otherwise). */
export function buildTemplatePayload(template: Pick<EventTemplate, 'payload'>, input: EventInput, ctx: BuildContext): object {
  return template.payload ? template.payload(input, ctx) : buildEvent(input, ctx);
}

const CONTEXT_LINES = 5;

const PLATFORM_BY_EXTENSION: Record<string, string> = {
  js: 'node', mjs: 'node', cjs: 'node', ts: 'node', mts: 'node', cts: 'node', jsx: 'javascript', tsx: 'javascript',
  py: 'python', rb: 'ruby', php: 'php', java: 'java', kt: 'java', groovy: 'groovy', go: 'go', cs: 'csharp',
  ex: 'elixir', exs: 'elixir', hs: 'haskell', pl: 'perl', c: 'c', h: 'c', cpp: 'native', cc: 'native', m: 'objc', swift: 'cocoa',
};

/** A stack frame pointing at `source`, with the surrounding lines so it opens back at that line. */
export function frameAt(source: SourceLocation): FrameInput {
  const line = Math.min(Math.max(1, Math.trunc(source.lineno)), Math.max(1, source.lines.length));
  const idx = line - 1;
  return {
    filename: source.relativePath,
    absPath: source.absPath,
    function: source.functionName ?? '<anonymous>',
    lineno: line,
    colno: Math.max(1, Math.trunc(source.colno)),
    preContext: source.lines.slice(Math.max(0, idx - CONTEXT_LINES), idx),
    contextLine: source.lines[idx] ?? '',
    postContext: source.lines.slice(idx + 1, idx + 1 + CONTEXT_LINES),
    inApp: true,
  };
}

/** The event forms the Create Issue flow offers, in the order shown. */
export const templates: readonly EventTemplate[] = [
  {
    id: 'exception',
    label: 'Exception with stack trace',
    description: 'an Error whose top frame is the current file and line',
    build(source) {
      if (!source) {
        return { message: 'Test exception', level: 'error', exception: { type: 'Error', mechanism: { type: 'generic', handled: true } } };
      }
      const ext = /\.([A-Za-z0-9]+)$/.exec(source.relativePath)?.[1]?.toLowerCase() ?? '';
      const platform = PLATFORM_BY_EXTENSION[ext] ?? 'other';
      const frame = frameAt(source);
      // The editor's location only: a made-up runtime frame would be a frame of
      // no process that ever ran, and would show up as one in the tree.
      return {
        message: `Test exception at ${source.relativePath}:${frame.lineno}`,
        level: 'error',
        platform,
        exception: { type: 'Error', frames: [frame], mechanism: { type: 'generic', handled: true } },
      };
    },
  },
  {
    id: 'validation',
    label: 'Validation error',
    description: 'a ValidationError with the failing field in tags',
    build() {
      return {
        message: 'email: must be a valid email address',
        level: 'warning',
        tags: { 'validation.field': 'email', 'validation.rule': 'format' },
        extra: { field: 'email', rule: 'format', received: 'not-an-email' },
        fingerprint: ['validation-error', 'email', 'format'],
        exception: { type: 'ValidationError', mechanism: { type: 'generic', handled: true } },
      };
    },
  },
  {
    id: 'context',
    label: 'Error with custom context',
    description: 'provider, database, payment, auth and cache contexts with matching tags',
    build() {
      // The auth context is named "authentication": "auth" is a sensitive key the
      // scrubber filters, which would leave every value of the context "[Filtered]".
      return {
        message: 'Payment provider declined the charge',
        level: 'error',
        tags: {
          provider: 'stripe',
          'db.system': 'postgresql',
          'payment.currency': 'USD',
          'authentication.method': 'oauth2',
          'cache.hit': 'false',
        },
        contexts: {
          provider: { name: 'stripe', region: 'us-east-1', api_version: '2024-06-20' },
          database: { system: 'postgresql', name: 'orders', operation: 'SELECT', duration_ms: 12 },
          payment: { amount: 4999, currency: 'USD', method: 'card', status: 'declined', decline_code: 'insufficient_funds' },
          authentication: { method: 'oauth2', provider: 'github', mfa: true },
          cache: { system: 'redis', hit: false, key: 'cart:42', ttl_seconds: 300 },
        },
        exception: { type: 'PaymentProviderError', mechanism: { type: 'generic', handled: true } },
      };
    },
  },
  {
    id: 'message',
    label: 'Plain message',
    description: 'a message event without a stack trace',
    build() {
      return { message: 'Test message from Sentry Lens', level: 'info' };
    },
  },
  performanceTemplate,
];

/** The ids of the templates, in the order shown. */
export const TEMPLATE_IDS: ReadonlyArray<EventTemplate['id']> = templates.map((t) => t.id);

/** A template by its id; an unknown id gets the list of known ones. */
export function templateById(id: string): Result<EventTemplate> {
  const t = templates.find((x) => x.id === id.trim().toLowerCase());
  return t ? ok(t) : fail(`unknown template "${id}": use one of ${TEMPLATE_IDS.join(', ')}`);
}
