import { LEVELS } from '../event/eventView';
import type { SearchFix } from './ast';
import { EVENT_KEYS } from './eventKeys';
import { type SearchableEvent, scalarsOf } from './searchableEvent';

/**
 * Suggestions for a query being typed: the keys of the event table, the tag
 * keys and context fields seen in captured events, and the values seen for
 * the key being typed, most frequent first. Pure: the filter's quick pick
 * (src/ui/filter/errorFilter.ts) feeds it the store's recent events.
 */

export interface SeenValues {
  /** How many events had the key. */
  count: number;
  values: Map<string, number>;
}

/** Keys (as a query names them, lower case) -> values seen. */
export type SuggestionIndex = Map<string, SeenValues>;

export interface Suggestion {
  /** What the quick pick shows: the key with its colon, or the value. */
  label: string;
  /** The whole query with the token being typed replaced by this suggestion. */
  query: string;
  kind: 'key' | 'value' | 'fix';
  detail: string;
}

export interface SuggestOptions {
  limit?: number;
  /** Why the text is not a query, when it is not: the suggestions then help fix it instead of offering more to add. */
  failure?: { start: number; end: number; fix?: SearchFix };
}

const MAX_VALUES_PER_KEY = 50;
/** Fields read from every event for value suggestions (cheap ones, and the error type). */
const VALUE_KEYS = ['level', 'environment', 'release', 'platform', 'transaction', 'error.type', 'sdk.name', 'user.email', 'user.id', 'server_name'] as const;

function note(index: SuggestionIndex, key: string, values: readonly string[]): void {
  if (!values.length) return;
  let seen = index.get(key);
  if (!seen) index.set(key, (seen = { count: 0, values: new Map() }));
  seen.count++;
  for (const v of values) {
    if (v === '' || v.length > 200) continue;
    if (seen.values.has(v) || seen.values.size < MAX_VALUES_PER_KEY) seen.values.set(v, (seen.values.get(v) ?? 0) + 1);
  }
}

export function buildSuggestionIndex(events: Iterable<SearchableEvent>): SuggestionIndex {
  const index: SuggestionIndex = new Map();
  for (const e of events) {
    for (const k of VALUE_KEYS) {
      const v = EVENT_KEYS[k]!.get(e);
      note(index, k, typeof v === 'string' ? [v] : Array.isArray(v) ? (v as string[]) : []);
    }
    for (const tag of e.tagKeys()) note(index, tag, e.tag(tag) ?? []);
    for (const name of e.contextNames()) {
      const c = e.context(name)!;
      index.set(`context.${name}`, index.get(`context.${name}`) ?? { count: 0, values: new Map() });
      index.get(`context.${name}`)!.count++;
      for (const [field, v] of Object.entries(c)) note(index, `context.${name}.${field.toLowerCase()}`, scalarsOf(v));
    }
  }
  return index;
}

/** Where the token being typed at the end of `text` starts (after a space or "(" outside quotes), and after its "!". */
function lastToken(text: string): { start: number; token: string } {
  let start = 0;
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"' && text[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && (c === ' ' || c === '(' || c === '\t')) start = i + 1;
  }
  if (text[start] === '!') start++;
  return { start, token: text.slice(start) };
}

const plainKey = /^[\w.-]+$/;
const quoteValue = (v: string): string => (/^[^\s"()[\],]+$/.test(v) ? v.replace(/\*/g, '\\*') : `"${v.replace(/["\\*]/g, '\\$&')}"`);
/** How a seen key is written in a query: bare when it is a plain name no fixed key takes, else tags[...]. */
function queryKeyOf(key: string): string {
  if (key.startsWith('context.') || (VALUE_KEYS as readonly string[]).includes(key)) return key;
  const fixed = Object.keys(EVENT_KEYS).some((k) => k.toLowerCase() === key) || key === 'has' || key === 'is';
  return plainKey.test(key) && !fixed ? key : `tags[${key}]`;
}
/** The index key for a key as typed: contexts.x -> context.x, tags[x] -> x. */
function indexKeyOf(typed: string): string {
  const lower = typed.toLowerCase();
  const tag = /^tags\[(.*)\]$/.exec(lower);
  if (tag) return tag[1]!.trim();
  return lower.startsWith('contexts.') ? `context.${lower.slice(9)}` : lower === 'env' ? 'environment' : lower;
}

/**
 * What to offer for `text` as typed so far. A query that cannot be read gets
 * its fix first (the key it was one slip from), then only what completes the
 * token being typed: after a space there is nothing to add until it is fixed.
 * An empty token lists keys with each seen context once (`context.payment`),
 * its fields only once something is typed.
 */
export function suggest(text: string, index: SuggestionIndex, opts: SuggestOptions = {}): Suggestion[] {
  const limit = opts.limit ?? 30;
  const { start, token } = lastToken(text);
  const head = text.slice(0, start);
  const failure = opts.failure;
  if (failure) {
    const fix = failure.fix;
    const fixes: Suggestion[] = fix
      ? [{ label: `${fix.text}`, query: `${text.slice(0, fix.start)}${fix.text}${text.slice(fix.end)}`, kind: 'fix', detail: `instead of ${text.slice(fix.start, fix.end)}` }]
      : [];
    if (!token || failure.end <= start) return fixes;
    return [...fixes, ...suggestToken(head, token, index, limit - fixes.length)];
  }
  return suggestToken(head, token, index, limit);
}

function suggestToken(head: string, token: string, index: SuggestionIndex, limit: number): Suggestion[] {
  const colon = token.startsWith('tags[') ? token.indexOf(':', token.indexOf(']')) : token.indexOf(':');
  if (colon < 0) return suggestKeys(head, token, index, limit);
  const key = token.slice(0, colon);
  const partial = token.slice(colon + 1).replace(/^"/, '').replace(/"$/, '').toLowerCase();
  const lower = key.toLowerCase();
  let values: Array<[string, string]>;
  if (lower === 'has') values = [...index.keys()].map((k) => [queryKeyOf(k), `${index.get(k)!.count} events`]);
  else if (lower === 'is') values = [['unresolved', 'not resolved here'], ['resolved', 'resolved here']];
  else if (lower === 'level') values = LEVELS.map((l) => [l, `${index.get('level')?.values.get(l) ?? 0} events`]);
  else {
    const seen = index.get(indexKeyOf(key));
    values = seen ? [...seen.values.entries()].sort((a, b) => b[1] - a[1]).map(([v, n]) => [v, `${n} event${n === 1 ? '' : 's'}`]) : [];
  }
  const out: Suggestion[] = [];
  for (const [v, detail] of values) {
    if (partial && !v.toLowerCase().includes(partial)) continue;
    const written = lower === 'has' ? v : quoteValue(v);
    out.push({ label: written, query: `${head}${token.slice(0, colon + 1)}${written} `, kind: 'value', detail });
    if (out.length >= limit) break;
  }
  return out;
}

function suggestKeys(head: string, token: string, index: SuggestionIndex, limit: number): Suggestion[] {
  const p = token.toLowerCase();
  const out: Suggestion[] = [];
  const seen = new Set<string>();
  // A context's fields are offered once something is typed (context.pay…, provider), not in the list of every key.
  const fields = p !== '';
  const add = (key: string, detail: string) => {
    if (!fields && /^context\.[^.]+\./.test(key)) return;
    if (seen.has(key) || (p && !key.toLowerCase().startsWith(p) && !key.toLowerCase().includes(`.${p}`))) return;
    seen.add(key);
    out.push({ label: `${key}:`, query: `${head}${key}:`, kind: 'key', detail });
  };
  // Keys seen in captured events first (tags, contexts), most common first; then every fixed key.
  const seenKeys = [...index.entries()].filter(([k]) => !(VALUE_KEYS as readonly string[]).includes(k)).sort((a, b) => b[1].count - a[1].count);
  for (const [k, s] of seenKeys) add(queryKeyOf(k), `${k.startsWith('context.') ? 'context' : 'tag'} · ${s.count} event${s.count === 1 ? '' : 's'}`);
  add('has', 'the event has the key: has:user, has:context.payment');
  for (const [k, def] of Object.entries(EVENT_KEYS)) add(k, def.doc);
  return out.slice(0, limit);
}
