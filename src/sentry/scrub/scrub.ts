import { type Result, ok, fail } from '../../util/result';
import { type KeyMatcher, isSensitiveKey, keyInfo, keyMatcher, normalizeKey } from './scrubKeys';
import { KEY_SENSITIVE, KEY_STRUCTURAL, KEY_STRUCTURAL_SUBTREE, type TextScrubResult, scrubJsonText } from './scrubText';
import { FILTERED, scrubNumber, scrubString } from './scrubValues';

export { FILTERED } from './scrubValues';

/** Returns a scrubbed deep copy of an event (or any JSON-like value); the input is never changed. */
export type Scrubber = (<T>(event: T) => T) & {
  /**
   * The same scrubbing without copying what needs no change: returns `event`
   * itself when nothing in it is filtered, else a scrubbed copy that shares
   * the unchanged subtrees with `event`. `event` is never changed. For callers
   * that own the input and change neither value afterwards (the capture
   * listener, with a payload it just parsed): most events have nothing to
   * filter, and then this allocates nothing. Scrubbers made by createScrubber
   * have it.
   */
  readonly shared?: <T>(event: T) => T;
  /**
   * The same scrubbing on an event still in JSON text (scrubText.ts): the
   * scrubbed text, equal in substance to the walk over the parsed text, or
   * undefined when the text is not a valid JSON object or has something the
   * text pass leaves to the walk (including nesting deeper than
   * `maxNesting`). Scrubbers made by createScrubber have it.
   */
  readonly text?: (json: string, maxNesting?: number) => TextScrubResult | undefined;
};

/**
 * Keys whose values are always replaced, wherever they appear (tags, extra,
 * contexts, user, request headers/cookies/data, breadcrumb data, frame vars...).
 * Matching ignores case and separators ("Set-Cookie", "set_cookie" and
 * "setCookie" are the same key). Entries of 4 characters or fewer must be a
 * whole word of the key ("auth" matches "X-Auth-Key" but not "author");
 * longer entries match anywhere in it ("access_token" matches "token").
 */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'token',
  'api_key',
  'apikey',
  'access_key',
  'private_key',
  'privatekey',
  'credentials',
  'auth',
  'authorization',
  'cookie',
  'set-cookie',
  'session',
  'csrf',
  'xsrf',
  'ssn',
  'social_security',
  'credit_card',
  'creditcard',
  'card_number',
  'cardnumber',
  'cvv',
  'cvc',
  'pin',
  'dsn',
];

/** Deeper than this, values are replaced by a marker: the scrubber never recurses without bound. */
export const MAX_SCRUB_DEPTH = 32;

// --- the walk -----------------------------------------------------------------

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty keeps a "__proto__" key as data instead of changing the prototype
  // (and is several times slower than an assignment, so only for that key).
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

interface WalkOptions {
  readonly keys: KeyMatcher;
  readonly patterns: readonly RegExp[];
  /**
   * scrubString's answers for strings up to STRING_CACHE_MAX_LENGTH (bounded,
   * cleared when full). Events of one app repeat most of their strings - the
   * context lines of the same frames, runtime, OS and module versions - and the
   * value patterns are the costliest part of scrubbing; scrubString depends
   * only on the string and this scrubber's keys and patterns.
   */
  readonly strings: Map<string, string>;
}

const STRING_CACHE_MAX_LENGTH = 256;
const STRING_CACHE_ENTRIES = 4096;

function scrubStringCached(value: string, o: WalkOptions): string {
  if (value.length > STRING_CACHE_MAX_LENGTH) return scrubString(value, o.keys, o.patterns);
  const known = o.strings.get(value);
  if (known !== undefined) return known;
  const r = scrubString(value, o.keys, o.patterns);
  if (o.strings.size >= STRING_CACHE_ENTRIES) o.strings.clear();
  o.strings.set(value, r);
  return r;
}

function walk(value: unknown, o: WalkOptions, depth: number, filterAll: boolean, structural: boolean, seen: Set<object>): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string':
      return filterAll ? FILTERED : structural ? value : scrubStringCached(value, o);
    case 'number':
      return filterAll ? FILTERED : structural ? value : scrubNumber(value);
    case 'boolean':
      return filterAll ? FILTERED : value;
    case 'bigint':
      return filterAll ? FILTERED : String(value);
    case 'function':
    case 'symbol':
      return undefined;
  }
  const obj = value as object;
  if (seen.has(obj)) return '[Circular]';
  if (depth >= MAX_SCRUB_DEPTH) return '[MaxDepth]';
  if (typeof (obj as { toJSON?: unknown }).toJSON === 'function' && !Array.isArray(obj)) {
    return walk((obj as { toJSON(): unknown }).toJSON(), o, depth, filterAll, structural, seen);
  }
  seen.add(obj);
  try {
    if (Array.isArray(obj)) {
      const isPairs = obj.length > 0 && obj.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string');
      if (isPairs) {
        return obj.map((pair: [string, unknown]) => {
          const sensitive = filterAll || isSensitiveKey(o.keys, pair[0]);
          return [pair[0], walk(pair[1], o, depth + 2, sensitive, structural, seen)];
        });
      }
      return obj.map((e) => walk(e, o, depth + 1, filterAll, structural, seen));
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(obj)) {
      const child = (obj as Record<string, unknown>)[key];
      const info = keyInfo(o.keys, key);
      const sensitive = filterAll || (info & KEY_SENSITIVE) !== 0;
      const childStructural = structural || (info & KEY_STRUCTURAL_SUBTREE) !== 0 || ((info & KEY_STRUCTURAL) !== 0 && typeof child !== 'object');
      const scrubbed = walk(child, o, depth + 1, sensitive, childStructural, seen);
      if (scrubbed !== undefined) setOwn(out, key, scrubbed);
    }
    return out;
  } finally {
    seen.delete(obj);
  }
}

/** Objects and arrays the shared walk takes as they are: what JSON.parse makes. Anything else goes through `walk`. */
function isPlainData(obj: object): boolean {
  const proto = Object.getPrototypeOf(obj) as unknown;
  if (Array.isArray(obj)) return proto === Array.prototype;
  return (proto === Object.prototype || proto === null) && typeof (obj as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * The copy-on-write twin of `walk`: the same result (deep-equal, same key
 * order), but `value` itself is returned when nothing in it changes, and a
 * changed object or array shares its unchanged children. `ancestors` holds the
 * objects on the current path (cycle detection, at most MAX_SCRUB_DEPTH long).
 */
function walkShared(value: unknown, o: WalkOptions, depth: number, filterAll: boolean, structural: boolean, ancestors: object[]): unknown {
  if (value === null || typeof value !== 'object') return walk(value, o, depth, filterAll, structural, EMPTY_SEEN);
  const obj = value;
  if (ancestors.includes(obj)) return '[Circular]';
  if (depth >= MAX_SCRUB_DEPTH) return '[MaxDepth]';
  if (!isPlainData(obj)) return walk(obj, o, depth, filterAll, structural, new Set(ancestors));
  ancestors.push(obj);
  try {
    if (Array.isArray(obj)) {
      const isPairs = obj.length > 0 && obj.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string');
      let out: unknown[] | undefined;
      for (let i = 0; i < obj.length; i++) {
        const e: unknown = obj[i];
        let r: unknown;
        if (isPairs) {
          const pair = e as [string, unknown];
          const v = walkShared(pair[1], o, depth + 2, filterAll || isSensitiveKey(o.keys, pair[0]), structural, ancestors);
          // `walk` makes every pair a fresh plain array; a subclassed one is not shared.
          r = v === pair[1] && Object.getPrototypeOf(pair) === Array.prototype ? pair : [pair[0], v];
        } else {
          r = walkShared(e, o, depth + 1, filterAll, structural, ancestors);
        }
        if (out === undefined && r !== e) out = obj.slice(0, i);
        if (out !== undefined) out.push(r);
      }
      return out ?? obj;
    }
    const rec = obj as Record<string, unknown>;
    const keys = Object.keys(rec);
    let out: Record<string, unknown> | undefined;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const child = rec[key];
      const info = keyInfo(o.keys, key);
      const sensitive = filterAll || (info & KEY_SENSITIVE) !== 0;
      const childStructural = structural || (info & KEY_STRUCTURAL_SUBTREE) !== 0 || ((info & KEY_STRUCTURAL) !== 0 && typeof child !== 'object');
      const r = walkShared(child, o, depth + 1, sensitive, childStructural, ancestors);
      // `walk` drops a key whose value becomes undefined (functions, symbols, undefined).
      if (out === undefined && (r !== child || r === undefined)) {
        out = {};
        for (let j = 0; j < i; j++) setOwn(out, keys[j]!, rec[keys[j]!]);
      }
      if (out !== undefined && r !== undefined) setOwn(out, key, r);
    }
    return out ?? obj;
  } finally {
    ancestors.pop();
  }
}

/** `walk` on a primitive never looks at `seen`. */
const EMPTY_SEEN: Set<object> = new Set();

/**
 * Builds a scrubber with the default sensitive keys and value patterns plus
 * the configured ones. `extraKeys` use the same matching as the defaults;
 * `extraPatterns` are JavaScript regular expressions (case-sensitive) whose
 * matches inside any string value become "[Filtered]". A pattern that does not
 * compile, or that matches the empty string, is a reason.
 */
export function createScrubber(opts: { extraKeys?: readonly string[]; extraPatterns?: readonly string[] } = {}): Result<Scrubber> {
  const extraKeys: string[] = [];
  for (const k of opts.extraKeys ?? []) {
    if (normalizeKey(k) === '') return fail(`the scrubbing key "${k}" has no letters or digits`);
    extraKeys.push(k);
  }
  const patterns: RegExp[] = [];
  for (const p of opts.extraPatterns ?? []) {
    let re: RegExp;
    try {
      re = new RegExp(p, 'g');
    } catch (e) {
      return fail(`the scrubbing pattern "${p}" is not a valid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`);
    }
    if (new RegExp(p).test('')) return fail(`the scrubbing pattern "${p}" matches the empty string, so it would filter nothing useful`);
    patterns.push(re);
  }
  const o: WalkOptions = { keys: keyMatcher([...DEFAULT_SENSITIVE_KEYS, ...extraKeys]), patterns, strings: new Map() };
  const scrubber = <T>(event: T): T => walk(event, o, 0, false, false, new Set()) as T;
  const shared = <T>(event: T): T => walkShared(event, o, 0, false, false, []) as T;
  const rules = {
    keyInfo: (key: string) => keyInfo(o.keys, key),
    scrubString: (value: string) => scrubStringCached(value, o),
    scrubNumber,
    maxDepth: MAX_SCRUB_DEPTH,
    filtered: FILTERED,
  };
  const text = (json: string, maxNesting?: number): TextScrubResult | undefined => scrubJsonText(json, rules, maxNesting);
  return ok(Object.assign(scrubber, { shared, text }));
}

/** The scrubber with only the default keys and patterns. */
export const defaultScrubber: Scrubber = (() => {
  const r = createScrubber();
  if (!r.ok) throw new Error(r.reason);
  return r.value;
})();
