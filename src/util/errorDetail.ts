const MAX_CAUSES = 5;
const STACK_FRAMES = 6;

/**
 * A failure as the log needs it, so that "details are in the Sentry log"
 * holds: each error of the `cause` chain with its name, code (e.g. ENOENT)
 * and message, then the first stack frames of the deepest one (where it
 * started). Never shown to a person as is (see userMessageOf for that).
 */
export function errorDetail(e: unknown): string {
  const parts: string[] = [];
  let deepest: Error | undefined;
  let cur: unknown = e;
  for (let i = 0; i < MAX_CAUSES && cur !== undefined; i++) {
    parts.push(oneError(cur));
    if (!(cur instanceof Error)) break;
    deepest = cur;
    cur = cur.cause;
  }
  const frames = deepest?.stack
    ?.split('\n')
    .filter((l) => /^\s+at /.test(l))
    .slice(0, STACK_FRAMES)
    .map((l) => l.trim());
  return withoutSecrets(parts.join(' <- caused by: ') + (frames?.length ? `\n    ${frames.join('\n    ')}` : ''));
}

/** Errors from libraries may quote a URL: no DSN key, sentry_key or bearer token reaches the log through them. */
function withoutSecrets(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1[Filtered]@')
    .replace(/\b(sentry_key|sentry_secret)=[^\s&,]+/gi, '$1=[Filtered]')
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/g, '$1 [Filtered]');
}

function oneError(e: unknown): string {
  if (!(e instanceof Error)) return `thrown ${typeof e}: ${safeString(e)}`;
  const code = (e as { code?: unknown }).code;
  const tag = typeof code === 'string' || typeof code === 'number' ? ` [${code}]` : '';
  const message = e instanceof AggregateError && e.errors.length ? `${e.message} (${e.errors.map(oneError).join('; ')})` : e.message;
  return `${e.name}${tag}: ${message || '(no message)'}`;
}

function safeString(v: unknown): string {
  try {
    return typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  } catch {
    return String(v); // a cyclic object: its tag is what is left to say
  }
}
