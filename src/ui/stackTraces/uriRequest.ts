import { type Result, fail, ok } from '../../util/result';

/**
 * What a `vscode://sentry-lens.sentry-lens/…` link may ask for: open a
 * location (resolved like a stack frame) or a captured event. Nothing else: the
 * path, every parameter and every value are checked, and anything unexpected
 * is refused with a reason. No `vscode` import, so it is tested in plain Node.
 */
export type UriRequest = { kind: 'open'; file: string; line?: number; column?: number } | { kind: 'event'; id: string };

const ALLOWED: Record<string, readonly string[]> = { '/open': ['file', 'line', 'column'], '/event': ['id'] };
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const POSITION = /^[1-9]\d{0,6}$/;
const EVENT_ID = /^[0-9a-f]{32}$/;
const MAX_FILE = 2048;

export function parseUriRequest(path: string, query: string, fragment = ''): Result<UriRequest> {
  const allowed = ALLOWED[path];
  if (!allowed) return fail(`unknown link "${shorten(path)}": only /open and /event are handled`);
  if (fragment) return fail('the link has a fragment (#…); only query parameters are read');
  if (query.length > 8192) return fail('the link is too long');
  const params = new Map<string, string>();
  for (const part of query.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? '' : part.slice(eq + 1);
    const key = decode(rawKey);
    const value = decode(rawValue);
    if (key === undefined || value === undefined) return fail('the link has a badly encoded parameter');
    if (!allowed.includes(key)) return fail(`the link has an unexpected parameter "${shorten(key)}" (allowed: ${allowed.join(', ')})`);
    if (params.has(key)) return fail(`the link gives "${key}" more than once`);
    params.set(key, value);
  }
  if (path === '/event') {
    const id = params.get('id')?.replace(/-/g, '').toLowerCase();
    if (!id) return fail('the link has no event id (id=…)');
    if (!EVENT_ID.test(id)) return fail('the event id must be 32 hexadecimal digits (a Sentry event id)');
    return ok({ kind: 'event', id });
  }
  const file = params.get('file');
  if (!file) return fail('the link has no file (file=…)');
  if (file.length > MAX_FILE) return fail(`the file path is longer than ${MAX_FILE} characters`);
  if (CONTROL.test(file)) return fail('the file path contains control characters');
  const out: UriRequest = { kind: 'open', file };
  for (const key of ['line', 'column'] as const) {
    const v = params.get(key);
    if (v === undefined) continue;
    if (!POSITION.test(v)) return fail(`${key} must be a whole number from 1 to 9999999 (got "${shorten(v)}")`);
    out[key] = Number(v);
  }
  if (out.column !== undefined && out.line === undefined) return fail('a column needs a line');
  return ok(out);
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function shorten(s: string): string {
  const clean = s.replace(CONTROL, '?');
  return clean.length > 40 ? `${clean.slice(0, 39)}…` : clean;
}
