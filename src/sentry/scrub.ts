import { type Result, ok, fail } from '../util/result';
import { KEY_SENSITIVE, KEY_STRUCTURAL, KEY_STRUCTURAL_SUBTREE, type TextScrubResult, scrubJsonText } from './scrubText';

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

export const FILTERED = '[Filtered]';

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

/** Subtrees that are identifiers and code locations, not data: their values are not pattern-scrubbed (keys still are). */
const STRUCTURAL_SUBTREES = new Set(['sdk', 'debug_meta', 'fingerprint']);
/** Values under these keys are identifiers or code locations: no value patterns (a 32-hex event_id is not a token). */
const STRUCTURAL_KEYS = new Set([
  'event_id',
  'trace_id',
  'span_id',
  'parent_span_id',
  'timestamp',
  'start_timestamp',
  'platform',
  'level',
  'release',
  'dist',
  'filename',
  'abs_path',
  'module',
  'package',
  'function',
  'raw_function',
  'symbol',
  'instruction_addr',
  'symbol_addr',
  'image_addr',
  'type',
  'lineno',
  'colno',
  'in_app',
]);

/** Deeper than this, values are replaced by a marker: the scrubber never recurses without bound. */
export const MAX_SCRUB_DEPTH = 32;

interface KeyMatcher {
  readonly substrings: readonly string[];
  readonly words: ReadonlySet<string>;
  /** keyInfo's answers (keys repeat across events); bounded. */
  readonly info: Map<string, number>;
}

function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

function keyMatcher(keys: readonly string[]): KeyMatcher {
  const substrings: string[] = [];
  const words = new Set<string>();
  for (const k of keys) {
    const n = normalizeKey(k);
    if (n.length <= 4) words.add(n);
    else substrings.push(n);
  }
  return { substrings, words, info: new Map() };
}

/** What the walk needs to know of an object key, in one cached lookup: KEY_* bits. */
function keyInfo(m: KeyMatcher, key: string): number {
  const known = m.info.get(key);
  if (known !== undefined) return known;
  const info =
    (decideKey(m, key) ? KEY_SENSITIVE : 0) | (STRUCTURAL_SUBTREES.has(key) ? KEY_STRUCTURAL_SUBTREE : 0) | (STRUCTURAL_KEYS.has(key) ? KEY_STRUCTURAL : 0);
  if (m.info.size >= 10_000) m.info.clear();
  m.info.set(key, info);
  return info;
}

function isSensitiveKey(m: KeyMatcher, key: string): boolean {
  return (keyInfo(m, key) & KEY_SENSITIVE) !== 0;
}

function decideKey(m: KeyMatcher, key: string): boolean {
  const n = normalizeKey(key);
  if (n === '') return false;
  if (m.words.has(n)) return true;
  for (const s of m.substrings) if (n.includes(s)) return true;
  if (m.words.size > 0) for (const w of keyWords(key)) if (m.words.has(w)) return true;
  return false;
}

// --- value patterns -----------------------------------------------------------

function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const CARD = /(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])/g;
const SSN = /(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])/g;

/** Vendor token shapes, as one alternation so a string is scanned once: each match keeps its first 8 characters. */
const API_KEY = new RegExp(
  [
    /\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{10,}/.source, // Stripe
    /\bgh[pousr]_[A-Za-z0-9]{20,}/.source, // GitHub
    /\bgithub_pat_[A-Za-z0-9_]{20,}/.source,
    /\bxox[abposr]-[A-Za-z0-9-]{10,}/.source, // Slack
    /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/.source, // AWS access key id
    /\bsntry[su]_[A-Za-z0-9+/=_-]{20,}/.source, // Sentry auth tokens (org, user)
    /\bglpat-[A-Za-z0-9_-]{20,}/.source, // GitLab
    /\bAIza[A-Za-z0-9_-]{35}\b/.source, // Google API key
    /\bnpm_[A-Za-z0-9]{36}\b/.source,
    /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/.source, // JWT
    /\b(?:[Bb]earer|BEARER|[Tt]oken|[Bb]asic)\s+[A-Za-z0-9._~+/=-]{8,}/.source,
  ].join('|'),
  'g',
);

/** A URL's userinfo: a password, or a bare 32-hex DSN key. */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+)(?::([^\s/@]*))?@/gi;

const LONG_TOKEN = /(?<![A-Za-z0-9+/_=-])[A-Za-z0-9+/_=-]{32,}(?![A-Za-z0-9+/_=-])/g;

function entropyPerChar(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** A long token with upper case, lower case and digits and high entropy (hex ids and words are left alone). */
function looksLikeSecretToken(s: string): boolean {
  return /[a-z]/.test(s) && /[A-Z]/.test(s) && /\d/.test(s) && entropyPerChar(s) >= 4;
}

function keepPrefix(match: string): string {
  return match.slice(0, 8) + FILTERED;
}

/** `name=value` or `name: value` inside text (query strings, log lines); the name is checked against the sensitive keys. */
const KEY_VALUE_IN_TEXT = /(?<![\w.-])([A-Za-z_][\w.-]{1,40})(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&,;"']+)/g;

/** A character of KEY_VALUE_IN_TEXT's names: [\w.-] */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 45;
}

/** Whitespace as `\s` sees it. */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(String.fromCharCode(c)));
}

/**
 * Whether KEY_VALUE_IN_TEXT could filter anything in `s`: a name it would
 * match ends just before each `=` or `:` (after optional whitespace), and is
 * the whole run of name characters there (its lookbehind), 2 to 41 long,
 * starting with a letter or `_`. False means the replace would change nothing,
 * so the regex (the costliest step on source lines and timestamps) is skipped.
 */
function mayHaveSensitivePair(s: string, keys: KeyMatcher): boolean {
  for (let i = 0; i < s.length; i++) {
    const sep = s.charCodeAt(i);
    if (sep !== 61 && sep !== 58) continue; // = :
    let end = i;
    while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isNameChar(s.charCodeAt(start - 1))) start--;
    const len = end - start;
    if (len < 2 || len > 41) continue;
    const first = s.charCodeAt(start);
    if (!((first >= 97 && first <= 122) || (first >= 65 && first <= 90) || first === 95)) continue;
    if (isSensitiveKey(keys, s.slice(start, end))) return true;
  }
  return false;
}

function hasDigitChar(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) return true;
  }
  return false;
}

function scrubString(value: string, keys: KeyMatcher, extraPatterns: readonly RegExp[]): string {
  let s = value;
  // Cheap character tests first: most strings in an event are short words, paths and numbers.
  if (s.length >= 3) {
    const hasDigit = hasDigitChar(s);
    if ((s.includes('=') || s.includes(':')) && mayHaveSensitivePair(s, keys)) {
      s = s.replace(KEY_VALUE_IN_TEXT, (whole, name: string, sep: string, v: string) =>
        isSensitiveKey(keys, name) && !/^(?:Bearer|Token|Basic)$/i.test(v) ? `${name}${sep}${FILTERED}` : whole,
      );
    }
    if (s.includes('@')) {
      s = s.replace(URL_USERINFO, (whole, scheme: string, user: string, password: string | undefined) => {
        if (password !== undefined) return `${scheme}${user}:${FILTERED}@`;
        if (/^[0-9a-f]{32}$/i.test(user)) return `${scheme}${FILTERED}@`;
        return whole;
      });
    }
    if (s.length >= 12) s = s.replace(API_KEY, keepPrefix);
    if (hasDigit && s.length >= 11) {
      s = s.replace(CARD, (m) => {
        const digits = m.replace(/[ -]/g, '');
        return digits.length >= 13 && digits.length <= 19 && luhnValid(digits) ? FILTERED : m;
      });
      s = s.replace(SSN, (m, area: string, group: string, serial: string) =>
        area === '000' || area === '666' || area[0] === '9' || group === '00' || serial === '0000' ? m : FILTERED,
      );
    }
    if (hasDigit && s.length >= 32) s = s.replace(LONG_TOKEN, (m) => (m.includes(FILTERED) || !looksLikeSecretToken(m) ? m : keepPrefix(m)));
  }
  for (const p of extraPatterns) s = s.replace(p, (m) => (m === '' ? m : FILTERED));
  return s;
}

function scrubNumber(n: number): number | string {
  if (Number.isSafeInteger(n) && n >= 1e12) {
    const digits = String(Math.abs(n));
    if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return FILTERED;
  }
  return n;
}

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
