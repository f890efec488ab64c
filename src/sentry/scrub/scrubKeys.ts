import { KEY_SENSITIVE, KEY_STRUCTURAL, KEY_STRUCTURAL_SUBTREE } from './scrubText';

// Which object keys the scrubber treats as secret (their values are replaced)
// and which as structure (identifiers and code locations, left as they are).

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

export interface KeyMatcher {
  readonly substrings: readonly string[];
  readonly words: ReadonlySet<string>;
  /** keyInfo's answers (keys repeat across events); bounded. */
  readonly info: Map<string, number>;
}

export function normalizeKey(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

export function keyMatcher(keys: readonly string[]): KeyMatcher {
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
export function keyInfo(m: KeyMatcher, key: string): number {
  const known = m.info.get(key);
  if (known !== undefined) return known;
  const info =
    (decideKey(m, key) ? KEY_SENSITIVE : 0) | (STRUCTURAL_SUBTREES.has(key) ? KEY_STRUCTURAL_SUBTREE : 0) | (STRUCTURAL_KEYS.has(key) ? KEY_STRUCTURAL : 0);
  if (m.info.size >= 10_000) m.info.clear();
  m.info.set(key, info);
  return info;
}

export function isSensitiveKey(m: KeyMatcher, key: string): boolean {
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
