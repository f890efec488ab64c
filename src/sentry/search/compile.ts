import { type FilterNode, type SearchAst, type SearchFix, type SearchNode, type SearchResult, type SearchValue, at, searchFail } from './ast';
import { type FieldValue, type KeyDef, type KeyTable, lookupKey } from './keys';
import { parseSearch } from './parser';
import { type DateValue, type TextMatcher, parseBoolean, parseDate, parseDuration, parseNumber, testText, textMatcher } from './values';

/**
 * Compiles a parsed query against a key table into one predicate, once: keys
 * are looked up, values read as their key's type and text values turned into
 * matchers (lower-cased or as regular expressions) before any record is
 * seen, so testing a record is a walk of closures that read only the fields
 * the query names. Every key and value the table cannot take fails here,
 * with its position - a query never quietly matches nothing.
 */

/** Something the query does that the person may not have meant, said back with its place; the query still applies. */
export interface SearchNote {
  message: string;
  start: number;
  end: number;
}

export interface CompiledSearch<R> {
  ast: SearchAst;
  test(r: R): boolean;
  /** The keys the query reads (canonical names; tags and other table-resolved keys in lower case; `has:` keys too). */
  keys: ReadonlySet<string>;
  /** How the query was read where it may surprise (a bare unknown name read as a tag), in query order; usually empty. */
  notes: readonly SearchNote[];
}

export interface CompileOptions {
  /** The clock for relative dates (`-24h`), read once at compile time. */
  now?: number;
}

/** Parses and compiles in one step. */
export function compileSearch<R>(text: string, table: KeyTable<R>, opts: CompileOptions = {}): SearchResult<CompiledSearch<R>> {
  const ast = parseSearch(text);
  if (!ast.ok) return ast;
  return compileAst(ast.value, table, opts);
}

interface Pred<R> {
  test: (r: R) => boolean;
  cost: number;
}

class CompileFailure {
  constructor(
    readonly reason: string,
    readonly start: number,
    readonly end: number,
    readonly fix?: SearchFix,
  ) {}
}

export function compileAst<R>(ast: SearchAst, table: KeyTable<R>, opts: CompileOptions = {}): SearchResult<CompiledSearch<R>> {
  const keys = new Set<string>();
  const notes: SearchNote[] = [];
  const now = opts.now ?? Date.now();
  try {
    const pred = ast.root ? compileNode(ast.root, table, { keys, notes }, now) : undefined;
    notes.sort((a, b) => a.start - b.start);
    return { ok: true, value: { ast, keys, notes, test: pred ? pred.test : () => true } };
  } catch (e) {
    if (e instanceof CompileFailure) return searchFail(e.reason, e.start, e.end, e.fix);
    throw e;
  }
}

function failAt(reason: string, start: number, end = start + 1, fix?: SearchFix): never {
  throw new CompileFailure(reason, start, end, fix);
}

function compileNode<R>(node: SearchNode, table: KeyTable<R>, seen: Seen, now: number): Pred<R> {
  switch (node.type) {
    case 'and':
    case 'or': {
      const parts = node.items.map((n) => compileNode(n, table, seen, now)).sort((a, b) => a.cost - b.cost);
      const tests = parts.map((p) => p.test);
      const cost = Math.max(...parts.map((p) => p.cost));
      if (node.type === 'and') {
        return {
          cost,
          test: (r) => {
            for (const t of tests) if (!t(r)) return false;
            return true;
          },
        };
      }
      return {
        cost,
        test: (r) => {
          for (const t of tests) if (t(r)) return true;
          return false;
        },
      };
    }
    case 'text': {
      const m = textMatcher(node.value, true);
      const text = table.text.bind(table);
      const test = (r: R) => anyText(text(r), m);
      return { cost: table.textCost ?? 3, test: node.negated ? (r) => !test(r) : test };
    }
    case 'filter': {
      const p = compileFilter(node, table, seen, now);
      return node.negated ? { cost: p.cost, test: (r) => !p.test(r) } : p;
    }
  }
}

/** What compiling collects besides the predicate. */
interface Seen {
  keys: Set<string>;
  notes: SearchNote[];
}

function resolve<R>(table: KeyTable<R>, key: string, start: number, end: number, seen: Seen): KeyDef<R> {
  const found = lookupKey(table, key);
  if (!found || 'unknown' in found) {
    const why = found ? `: ${found.unknown}` : table.unknownHint ? ` (${table.unknownHint})` : '';
    const near = found?.near;
    failAt(`unknown key "${key}" at ${at(start)} for ${table.kind}${why}`, start, end, near ? { start, end, text: near } : undefined);
  }
  seen.keys.add(found.name);
  const def = found.def;
  if (def.note && !seen.notes.some((n) => n.start === start)) seen.notes.push({ message: `${def.note} (${at(start)})`, start, end });
  const memo = table.memo?.bind(table);
  if (!memo || (def.cost ?? 2) < 2) return def;
  const name = found.name;
  const get = def.get;
  return {
    ...def,
    get: (r) => {
      const m = memo(r);
      const v = m.get(name);
      if (v !== undefined || m.has(name)) return v;
      const fresh = get(r);
      m.set(name, fresh);
      return fresh;
    },
  };
}

function compileFilter<R>(node: FilterNode, table: KeyTable<R>, seen: Seen, now: number): Pred<R> {
  if (node.key.toLowerCase() === 'has') {
    if (node.list || node.values.length !== 1) failAt(`"has:" at ${at(node.start)} takes one key, e.g. has:release`, node.start, node.end);
    if (node.op !== ':') failAt(`"has:" at ${at(node.start)} takes a key, not a comparison`, node.start, node.end);
    const v = node.values[0]!;
    if (v.wild.length) failAt(`"has:" at ${at(node.start)} takes one key without wildcards`, v.start, v.end);
    const def = resolve(table, v.text, v.start, v.end, seen);
    return { cost: def.cost ?? 2, test: (r) => present(def, r) };
  }
  const def = resolve(table, node.key, node.keyStart, node.keyEnd, seen);
  const cost = def.cost ?? 2;
  const name = node.key;
  if (def.type !== 'text' && node.values.some((v) => v.wild.length)) {
    const v = node.values.find((x) => x.wild.length)!;
    if (!(v.text === '*' && node.op === ':')) failAt(`"${name}" at ${at(node.keyStart)} takes ${KIND_OF[def.type]}: wildcards work on text only`, v.start, v.end);
    return { cost, test: (r) => present(def, r) };
  }
  switch (def.type) {
    case 'text':
      return { cost, test: textTest(def, node) };
    case 'boolean': {
      if (node.op !== ':') failAt(`"${name}" at ${at(node.keyStart)} is true or false: "${node.op}" compares numbers, durations and dates`, node.keyStart, node.end);
      const wanted = node.values.map((v) => parseBoolean(v.text) ?? failAt(`"${v.text}" at ${at(v.start)} is not true or false (${name}:true, ${name}:false)`, v.start, v.end));
      return { cost, test: (r) => { const x = def.get(r); return typeof x === 'boolean' && wanted.includes(x); } };
    }
    case 'number':
    case 'duration': {
      const read = def.type === 'number' ? parseNumber : parseDuration;
      const nums = node.values.map((v) => read(v.text) ?? failAt(`"${v.text}" at ${at(v.start)} is not ${def.type === 'number' ? 'a number' : 'a duration (500ms, 2s, 1.5m, 1h)'}: ${name} takes ${KIND_OF[def.type]}, e.g. ${name}:>${def.type === 'number' ? '10' : '500ms'}`, v.start, v.end));
      const cmp = comparer(node.op, nums);
      return { cost, test: (r) => { const x = def.get(r); return typeof x === 'number' && cmp(x); } };
    }
    case 'date': {
      const dates = node.values.map((v) => {
        const d = parseDate(v.text, now);
        return d.ok ? d.value : failAt(`${d.reason} (at ${at(v.start)})`, v.start, v.end);
      });
      const tests = dates.map((d) => dateTest(node.op, d));
      return { cost, test: (r) => { const x = def.get(r); return typeof x === 'number' && tests.some((t) => t(x)); } };
    }
  }
}

const KIND_OF = { text: 'text', number: 'a number', duration: 'a duration', date: 'a date', boolean: 'true or false' } as const;

function comparer(op: FilterNode['op'], nums: number[]): (x: number) => boolean {
  const v = nums[0]!;
  switch (op) {
    case ':':
      return nums.length === 1 ? (x) => x === v : (x) => nums.includes(x);
    case '>':
      return (x) => x > v;
    case '>=':
      return (x) => x >= v;
    case '<':
      return (x) => x < v;
    case '<=':
      return (x) => x <= v;
  }
}

function dateTest(op: FilterNode['op'], d: DateValue): (x: number) => boolean {
  if (d.kind === 'relative') {
    const t = d.instant;
    if (op === ':') return d.sign === '-' ? (x) => x >= t : (x) => x <= t;
    return comparer(op, [t]);
  }
  const { from, to } = d;
  switch (op) {
    case ':':
      return (x) => x >= from && x < to;
    case '>':
      return (x) => x >= to;
    case '>=':
      return (x) => x >= from;
    case '<':
      return (x) => x < from;
    case '<=':
      return (x) => x < to;
  }
}

type ValueTest = { kind: 'empty' } | { kind: 'any' } | { kind: 'match'; m: TextMatcher };

function textTest<R>(def: KeyDef<R>, node: FilterNode): (r: R) => boolean {
  if (node.op !== ':') failAt(`"${node.key}" at ${at(node.keyStart)} is text: "${node.op}" compares numbers, durations and dates`, node.keyStart, node.end);
  const tests: ValueTest[] = node.values.map((raw): ValueTest => {
    let v: SearchValue = raw;
    if (v.text === '' && v.quoted) return { kind: 'empty' };
    if (v.wild.length === 0 && def.value) {
      const r = def.value(v.text);
      if (!r.ok) failAt(`${r.reason} (at ${at(v.start)})`, v.start, v.end);
      v = { ...v, text: r.value };
    }
    const m = textMatcher(v, def.contains ?? false);
    return m.any ? { kind: 'any' } : { kind: 'match', m };
  });
  if (tests.length === 1 && tests[0]!.kind === 'match') {
    const m = tests[0].m;
    return (r) => anyText(def.get(r), m);
  }
  return (r) => {
    const f = def.get(r);
    for (const t of tests) {
      if (t.kind === 'empty' ? !nonEmpty(f) : t.kind === 'any' ? present(def, r) : anyText(f, t.m)) return true;
    }
    return false;
  };
}

function anyText(f: FieldValue, m: TextMatcher): boolean {
  if (typeof f === 'string') return testText(m, f);
  if (Array.isArray(f)) {
    for (const s of f as readonly string[]) if (testText(m, s)) return true;
    return false;
  }
  if (typeof f === 'number' || typeof f === 'boolean') return testText(m, String(f));
  return false;
}

function nonEmpty(f: FieldValue): boolean {
  if (typeof f === 'string') return f !== '';
  if (Array.isArray(f)) return (f as readonly string[]).some((s) => s !== '');
  return f !== undefined;
}

function present<R>(def: KeyDef<R>, r: R): boolean {
  return def.has ? def.has(r) : nonEmpty(def.get(r));
}
