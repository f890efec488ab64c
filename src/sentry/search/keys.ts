import type { Result } from '../../util/result';

/**
 * What a key means for one kind of record: the key tables (eventKeys.ts,
 * logKeys.ts, traceKeys.ts) are the only place that knows record shapes;
 * the parser and the compiler know none.
 */
export type KeyType = 'text' | 'number' | 'duration' | 'date' | 'boolean';

/** What a key reads: text keys a string or several (any may match), number keys a number, duration keys milliseconds, date keys ms since the epoch. */
export type FieldValue = string | number | boolean | readonly string[] | undefined;

export interface KeyDef<R> {
  type: KeyType;
  get(r: R): FieldValue;
  /** Text keys: a value matches anywhere in the field (message, title), not only the whole field. */
  contains?: boolean;
  /** Text keys: checks and normalises a value without wildcards as written (e.g. a level's aliases); a failure's reason is shown with the value's position. */
  value?(text: string): Result<string>;
  /** `has:key` (and `key:*`) when presence is not "get() gives a non-empty value". */
  has?(r: R): boolean;
  /** Relative cost of reading the key: 1 for fields read without walking the record, more for walks. AND and OR try cheap terms first. */
  cost?: number;
  /** One line for suggestions and the README. */
  doc: string;
  /**
   * Said back when the query uses the key (it still applies): how an unknown
   * bare name was read, e.g. "levle2 is not a key: read as the tag levle2".
   */
  note?: string;
}

/** A key the table refuses, with why (e.g. "did you mean ..."), and the known key it is one slip away from, if any. */
export interface UnknownKey {
  unknown: string;
  near?: string;
}

export interface KeyTable<R> {
  /** What the records are, for messages ("events", "logs", "traces"). */
  kind: string;
  /** Fixed keys by their canonical name (matched case-insensitively). */
  keys: Readonly<Record<string, KeyDef<R>>>;
  /** Other names for fixed keys (lower case) -> canonical name. */
  aliases?: Readonly<Record<string, string>>;
  /** Keys outside `keys`: tags, contexts, attributes. Undefined: unknown key. */
  resolve?(key: string): KeyDef<R> | UnknownKey | undefined;
  /** What free text is matched against. */
  text(r: R): string | readonly string[];
  /** The cost of reading the free text (see KeyDef.cost). */
  textCost?: number;
  /**
   * A record's cache of what keys read (by key name), when records live
   * long enough to be tested again (the tree's index): keys that walk the
   * record (cost 2 and more) are then read once per record, not once per
   * test.
   */
  memo?(r: R): Map<string, FieldValue>;
  /** Added to "unknown key" messages, e.g. "use tags[name]:value for a tag". */
  unknownHint?: string;
}

const lowerIndex = new WeakMap<KeyTable<unknown>, Map<string, string>>();

/** The canonical name of a fixed key or alias, case-insensitively. */
export function canonicalKey<R>(table: KeyTable<R>, key: string): string | undefined {
  let index = lowerIndex.get(table as KeyTable<unknown>);
  if (!index) {
    index = new Map();
    for (const k of Object.keys(table.keys)) index.set(k.toLowerCase(), k);
    for (const [alias, k] of Object.entries(table.aliases ?? {})) index.set(alias.toLowerCase(), k);
    lowerIndex.set(table as KeyTable<unknown>, index);
  }
  return index.get(key.toLowerCase());
}

export function lookupKey<R>(table: KeyTable<R>, key: string): { name: string; def: KeyDef<R> } | UnknownKey | undefined {
  const name = canonicalKey(table, key);
  if (name !== undefined) return { name, def: table.keys[name]! };
  const dyn = table.resolve?.(key);
  if (!dyn) return undefined;
  if ('unknown' in dyn) return dyn;
  return { name: key.toLowerCase(), def: dyn };
}

/**
 * The fixed key closest to `key` (for "did you mean"), if any: within one
 * edit for keys of four or five letters, two from six; swapping two
 * neighbouring letters (`levle`) is one edit.
 */
export function closestKey(key: string, names: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestD = 3;
  for (const name of names) {
    const d = editDistance(k, name.toLowerCase(), bestD);
    if (d < bestD) {
      bestD = d;
      best = name;
    }
  }
  if (k.length < 4) return undefined;
  return best !== undefined && bestD <= (k.length >= 6 ? 2 : 1) ? best : undefined;
}

/** Edits (insert, delete, replace, or swap of two neighbours: optimal string alignment) from `a` to `b`, capped at `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= max) return max;
    before = prev;
    prev = cur;
  }
  return prev[b.length]!;
}
