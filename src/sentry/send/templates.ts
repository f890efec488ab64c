import { type Result, fail, ok } from '../../util/result';
import { type BuildContext, type EventInput, type FrameInput, buildEvent } from './eventBuilder';
import type { EventTemplate, SourceLocation } from './eventTemplate';
import { performanceTemplate } from './performanceTemplate';

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

/** VS Code language ids -> Sentry platforms, for files whose extension is not in PLATFORM_BY_EXTENSION. */
const PLATFORM_BY_LANGUAGE: Record<string, string> = {
  javascript: 'node', typescript: 'node', javascriptreact: 'javascript', typescriptreact: 'javascript', vue: 'javascript', svelte: 'javascript',
  python: 'python', ruby: 'ruby', php: 'php', java: 'java', kotlin: 'java', groovy: 'groovy', go: 'go', csharp: 'csharp', elixir: 'elixir',
  haskell: 'haskell', perl: 'perl', c: 'c', cpp: 'native', 'objective-c': 'objc', swift: 'cocoa', dart: 'dart',
};

/** The platform of an event built from `source`: its file's extension, else its editor language; `other` when neither tells. */
export function platformOf(source: Pick<SourceLocation, 'relativePath' | 'languageId'>): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(source.relativePath)?.[1]?.toLowerCase() ?? '';
  return PLATFORM_BY_EXTENSION[ext] ?? (source.languageId ? PLATFORM_BY_LANGUAGE[source.languageId] : undefined) ?? 'other';
}

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
      const platform = platformOf(source);
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
