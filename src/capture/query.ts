import { type EventView, LEVELS, normalizeLevel } from '../sentry/eventView';
import { type Result, fail, ok } from '../util/result';

/**
 * Sentry's search syntax, for the tree filter and `GET /errors?query=`:
 * free text (title, message, culprit; case-insensitive), `key:value` for
 * event fields and tags, `tags[key]:value`, `!` to negate, `has:key`,
 * `is:resolved` / `is:unresolved` (local state), `*` wildcards, quoted values
 * (`message:"a b"`) and lists (`level:[error,fatal]`). All terms must match.
 */
export type QueryTerm =
  | { kind: 'text'; value: string; negated: boolean }
  | { kind: 'field'; key: FieldKey; values: string[]; negated: boolean }
  | { kind: 'tag'; key: string; values: string[]; negated: boolean }
  | { kind: 'has'; key: string; negated: boolean }
  | { kind: 'is'; value: 'resolved' | 'unresolved'; negated: boolean };

export interface Query {
  terms: QueryTerm[];
}

/** Keys that read a field of the event rather than a tag. */
export const FIELD_KEYS = ['level', 'environment', 'release', 'platform', 'message', 'title', 'culprit', 'transaction', 'error.type', 'error.value', 'id'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];
const FIELD_SET: ReadonlySet<string> = new Set(FIELD_KEYS);
/** Fields matched as substrings (like Sentry's `message:`); the others match the whole value. */
const SUBSTRING_FIELDS: ReadonlySet<FieldKey> = new Set(['message', 'title', 'culprit', 'error.value']);
const ALIASES: Record<string, FieldKey> = { 'event.id': 'id', event_id: 'id', env: 'environment', 'error.message': 'error.value' };

export function parseQuery(text: string): Result<Query> {
  const terms: QueryTerm[] = [];
  let i = 0;
  const n = text.length;
  const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

  /** Reads a "quoted" string starting at text[i] === '"'; returns the value and the index after the closing quote. */
  const readQuoted = (at: number): Result<{ value: string; end: number }> => {
    let out = '';
    for (let j = at + 1; j < n; j++) {
      const c = text[j]!;
      if (c === '\\' && j + 1 < n) {
        out += text[++j];
        continue;
      }
      if (c === '"') return ok({ value: out, end: j + 1 });
      out += c;
    }
    return fail(`unbalanced quote: the " at position ${at + 1} is never closed`);
  };

  while (i < n) {
    while (i < n && isSpace(text[i])) i++;
    if (i >= n) break;
    const start = i;
    let negated = false;
    if (text[i] === '!') {
      negated = true;
      i++;
      if (i >= n || isSpace(text[i])) return fail(`"!" at position ${start + 1} must be followed by a term, e.g. !level:info`);
    }
    if (text[i] === '"') {
      const q = readQuoted(i);
      if (!q.ok) return q;
      i = q.value.end;
      if (i < n && !isSpace(text[i])) return fail(`expected a space after the quoted text ending at position ${i}`);
      if (q.value.value !== '') terms.push({ kind: 'text', value: q.value.value, negated });
      continue;
    }
    // The key (or a free-text word): up to a space, a colon or a quote; tags[...] may hold any of those but ].
    let key = '';
    if (text.startsWith('tags[', i)) {
      const close = text.indexOf(']', i);
      if (close < 0) return fail(`"tags[" at position ${i + 1} needs a closing "]", e.g. tags[browser]:Chrome`);
      key = text.slice(i, close + 1);
      i = close + 1;
    } else {
      while (i < n && !isSpace(text[i]) && text[i] !== ':' && text[i] !== '"') key += text[i++];
    }
    if (text[i] !== ':') {
      // Free text; a quote in the middle of a word must be balanced within it.
      let word = key;
      while (i < n && !isSpace(text[i])) {
        if (text[i] === '"') {
          const q = readQuoted(i);
          if (!q.ok) return q;
          word += q.value.value;
          i = q.value.end;
        } else word += text[i++];
      }
      if (key.startsWith('tags[')) return fail(`"${key}" at position ${start + 1} needs a value: ${key}:value`);
      terms.push({ kind: 'text', value: word, negated });
      continue;
    }
    i++; // the colon
    if (key === '') return fail(`":" at position ${i} has no key before it, e.g. level:error`);
    // The value: quoted, a [list], or up to the next space.
    let values: string[];
    if (text[i] === '"') {
      const q = readQuoted(i);
      if (!q.ok) return q;
      values = [q.value.value];
      i = q.value.end;
    } else if (text[i] === '[') {
      const list = readList(text, i);
      if (!list.ok) return list;
      values = list.value.values;
      i = list.value.end;
    } else {
      let v = '';
      // has:tags[key with spaces]
      if (text.startsWith('tags[', i)) {
        const close = text.indexOf(']', i);
        if (close < 0) return fail(`"tags[" at position ${i + 1} needs a closing "]", e.g. has:tags[browser]`);
        v = text.slice(i, close + 1);
        i = close + 1;
      }
      while (i < n && !isSpace(text[i])) {
        if (text[i] === '"') return fail(`unexpected quote at position ${i + 1}: quote the whole value, e.g. ${key}:"a b"`);
        v += text[i++];
      }
      if (v === '') return fail(`"${key}:" at position ${start + 1} needs a value after the colon`);
      values = [v];
    }
    if (i < n && !isSpace(text[i])) return fail(`expected a space after the value of "${key}" at position ${i + 1}`);
    const term = makeTerm(key, values, negated);
    if (!term.ok) return term;
    terms.push(term.value);
  }
  return ok({ terms });
}

function readList(text: string, at: number): Result<{ values: string[]; end: number }> {
  const close = findListEnd(text, at);
  if (close < 0) return fail(`the list starting at position ${at + 1} needs a closing "]", e.g. level:[error,fatal]`);
  const body = text.slice(at + 1, close);
  const values: string[] = [];
  let cur = '';
  let quoted = false;
  for (let j = 0; j < body.length; j++) {
    const c = body[j]!;
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      values.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  values.push(cur.trim());
  if (values.some((v) => v === '')) return fail(`the list starting at position ${at + 1} has an empty item`);
  return ok({ values, end: close + 1 });
}

function findListEnd(text: string, at: number): number {
  let quoted = false;
  for (let j = at + 1; j < text.length; j++) {
    if (text[j] === '"') quoted = !quoted;
    else if (text[j] === ']' && !quoted) return j;
  }
  return -1;
}

function makeTerm(rawKey: string, values: string[], negated: boolean): Result<QueryTerm> {
  if (rawKey.startsWith('tags[')) {
    const tag = rawKey.slice(5, -1).trim();
    if (!tag) return fail('"tags[]" needs a tag name, e.g. tags[browser]:Chrome');
    return ok({ kind: 'tag', key: tag, values, negated });
  }
  const lower = rawKey.toLowerCase();
  if (lower === 'is') {
    const v = values.length === 1 ? values[0]!.toLowerCase() : '';
    if (v !== 'resolved' && v !== 'unresolved') return fail(`"is:${values.join(',')}" is not supported here: use is:resolved or is:unresolved`);
    return ok({ kind: 'is', value: v, negated });
  }
  if (lower === 'has') {
    if (values.length !== 1) return fail('"has:" takes one key, e.g. has:release');
    const k = values[0]!;
    const tag = k.startsWith('tags[') && k.endsWith(']') ? k.slice(5, -1) : k;
    return ok({ kind: 'has', key: tag, negated });
  }
  const field = ALIASES[lower] ?? (FIELD_SET.has(lower) ? (lower as FieldKey) : undefined);
  if (!field) return ok({ kind: 'tag', key: rawKey, values, negated });
  if (field === 'level') {
    for (const v of values) {
      if (v.includes('*')) continue;
      const l = v.toLowerCase();
      if (!(LEVELS as readonly string[]).includes(l) && !['warn', 'critical', 'log'].includes(l)) {
        return fail(`unknown level "${v}": use one of ${LEVELS.join(', ')}`);
      }
    }
  }
  return ok({ kind: 'field', key: field, values, negated });
}

// ---- matching -----------------------------------------------------------

const patterns = new WeakMap<QueryTerm, RegExp[]>();

function globs(term: QueryTerm, values: string[], substring: boolean): RegExp[] {
  let list = patterns.get(term);
  if (!list) {
    list = values.map((v) => globToRegExp(v, substring));
    patterns.set(term, list);
  }
  return list;
}

function globToRegExp(glob: string, substring: boolean): RegExp {
  const body = glob
    .split('*')
    .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(substring ? body : `^${body}$`, 'is');
}

function fieldValue(view: EventView, key: FieldKey): string | undefined {
  const primary = view.exceptions[view.exceptions.length - 1];
  switch (key) {
    case 'level':
      return view.level;
    case 'environment':
      return view.environment;
    case 'release':
      return view.release;
    case 'platform':
      return view.platform;
    case 'message':
      return [view.message, view.title].filter(Boolean).join('\n') || undefined;
    case 'title':
      return view.title;
    case 'culprit':
      return view.culprit || undefined;
    case 'transaction':
      return view.transaction;
    case 'error.type':
      return primary?.type;
    case 'error.value':
      return primary?.value;
    case 'id':
      return view.eventId;
  }
}

function tagValues(view: EventView, key: string): string[] {
  const k = key.toLowerCase();
  return view.tags.filter(([tk]) => tk.toLowerCase() === k).map(([, v]) => v);
}

function termMatches(term: QueryTerm, view: EventView, ctx: { resolved: boolean }): boolean {
  switch (term.kind) {
    case 'text': {
      const re = globs(term, [term.value], true);
      const hay = `${view.title}\n${view.message ?? ''}\n${view.culprit}`;
      return re[0]!.test(hay);
    }
    case 'is':
      return term.value === 'resolved' ? ctx.resolved : !ctx.resolved;
    case 'has': {
      const k = term.key.toLowerCase();
      const field = ALIASES[k] ?? (FIELD_SET.has(k) ? (k as FieldKey) : undefined);
      if (field && fieldValue(view, field)) return true;
      return tagValues(view, term.key).some((v) => v !== '');
    }
    case 'field': {
      if (term.key === 'level') {
        return term.values.some((v) => (v.includes('*') ? globs(term, term.values, false).some((re) => re.test(view.level)) : normalizeLevel(v) === view.level));
      }
      const value = fieldValue(view, term.key);
      if (value === undefined) return false;
      return globs(term, term.values, SUBSTRING_FIELDS.has(term.key)).some((re) => re.test(value));
    }
    case 'tag': {
      const vals = tagValues(view, term.key);
      if (vals.length === 0) return false;
      return globs(term, term.values, false).some((re) => vals.some((v) => re.test(v)));
    }
  }
}

export function matchesQuery(q: Query, view: EventView, ctx: { resolved: boolean }): boolean {
  for (const term of q.terms) {
    if (termMatches(term, view, ctx) === term.negated) return false;
  }
  return true;
}

/** True when the query needs the local resolved state (so callers can skip looking it up). */
export function usesResolvedState(q: Query): boolean {
  return q.terms.some((t) => t.kind === 'is');
}

// ---- formatting ---------------------------------------------------------

function quote(v: string): string {
  return /[\s"[\],]/.test(v) || v === '' ? `"${v.replace(/["\\]/g, '\\$&')}"` : v;
}

function formatValues(values: string[]): string {
  return values.length === 1 ? quote(values[0]!) : `[${values.map(quote).join(',')}]`;
}

/** The query in canonical form, for the view's description (parses back to the same query). */
export function formatQuery(q: Query): string {
  return q.terms
    .map((t) => {
      const neg = t.negated ? '!' : '';
      switch (t.kind) {
        case 'text':
          return neg + (/[\s:"]/.test(t.value) || t.value.startsWith('!') ? `"${t.value.replace(/["\\]/g, '\\$&')}"` : t.value);
        case 'is':
          return `${neg}is:${t.value}`;
        case 'has':
          return `${neg}has:${/^[\w.-]+$/.test(t.key) ? t.key : `tags[${t.key}]`}`;
        case 'field':
          return `${neg}${t.key}:${formatValues(t.values)}`;
        case 'tag': {
          const plain = /^[\w.-]+$/.test(t.key) && !FIELD_SET.has(t.key.toLowerCase()) && !(t.key.toLowerCase() in ALIASES) && !['is', 'has'].includes(t.key.toLowerCase());
          return `${neg}${plain ? t.key : `tags[${t.key}]`}:${formatValues(t.values)}`;
        }
      }
    })
    .join(' ');
}
