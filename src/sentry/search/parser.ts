import { type BoolNode, type FilterNode, type SearchAst, type SearchNode, type SearchOp, type SearchResult, type SearchValue, type TextNode, at, searchFail } from './ast';

/**
 * Sentry's search syntax, parsed by recursive descent into a SearchAst with
 * positions. The grammar (AND binds tighter than OR; terms side by side are
 * ANDed, as in Sentry):
 *
 *     query   = or
 *     or      = and ("OR" and)*
 *     and     = term (["AND"] term)*
 *     term    = "(" or ")" | ["!"] filter | ["!"] text
 *     filter  = key ":" [op] (value | "[" value ("," value)* "]")
 *     op      = ">=" | "<=" | ">" | "<"
 *     key     = word | "tags[" any but "]" "]"
 *     value   = '"' chars with \" \\ \* escapes '"' | word
 *     text    = '"' ... '"' | word
 *
 * `AND` and `OR` are operators only in capitals and standing alone; `*` is a
 * wildcard in values and text unless escaped as `\*`; inside parentheses a
 * `)` ends a word. This file knows nothing of keys: the key table decides
 * what a key means when the query is compiled (compile.ts).
 */
export function parseSearch(text: string): SearchResult<SearchAst> {
  const p = new Parser(text);
  try {
    const root = p.query();
    return { ok: true, value: { text, root } };
  } catch (e) {
    if (e instanceof SyntaxFailure) return searchFail(e.reason, e.start, e.end);
    throw e;
  }
}

class SyntaxFailure {
  constructor(
    readonly reason: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r';

class Parser {
  private i = 0;
  private depth = 0;
  private readonly n: number;

  constructor(private readonly s: string) {
    this.n = s.length;
  }

  private fail(reason: string, start: number, end = start + 1): never {
    throw new SyntaxFailure(reason, start, Math.max(end, start + 1));
  }

  query(): SearchNode | undefined {
    this.skipSpace();
    if (this.i >= this.n) return undefined;
    const node = this.or();
    this.skipSpace();
    if (this.i < this.n) {
      // Only a ")" without its "(" stops the top level early.
      this.fail(`the ")" at ${at(this.i)} has no "(" before it`, this.i);
    }
    return node;
  }

  private skipSpace(): void {
    while (this.i < this.n && isSpace(this.s[this.i])) this.i++;
  }

  /** True at the end of the query or of the group being read. */
  private atGroupEnd(): boolean {
    return this.i >= this.n || (this.depth > 0 && this.s[this.i] === ')');
  }

  /** True where a word ends: a space, the end, or a ")" inside parentheses. */
  private atWordEnd(j = this.i): boolean {
    return j >= this.n || isSpace(this.s[j]) || (this.depth > 0 && this.s[j] === ')');
  }

  private keyword(word: 'AND' | 'OR'): boolean {
    return this.s.startsWith(word, this.i) && (this.atWordEnd(this.i + word.length) || this.s[this.i + word.length] === '(');
  }

  private or(): SearchNode {
    const start = this.i;
    const items = [this.and()];
    for (;;) {
      this.skipSpace();
      if (!this.keyword('OR')) break;
      const opAt = this.i;
      this.i += 2;
      this.skipSpace();
      if (this.atGroupEnd()) this.fail(`"OR" at ${at(opAt)} needs a term after it`, opAt, opAt + 2);
      if (this.keyword('OR') || this.keyword('AND')) this.fail(`"${this.s.slice(this.i, this.i + (this.keyword('OR') ? 2 : 3))}" at ${at(this.i)} follows "OR" at ${at(opAt)}: put a term between them`, this.i, this.i + 3);
      items.push(this.and());
    }
    return items.length === 1 ? items[0]! : ({ type: 'or', items, start, end: items[items.length - 1]!.end } satisfies BoolNode);
  }

  private and(): SearchNode {
    const items: SearchNode[] = [];
    const start = this.i;
    for (;;) {
      this.skipSpace();
      if (this.atGroupEnd() || this.keyword('OR')) break;
      if (this.keyword('AND')) {
        const opAt = this.i;
        if (!items.length) this.fail(`"AND" at ${at(opAt)} needs a term before it`, opAt, opAt + 3);
        this.i += 3;
        this.skipSpace();
        if (this.atGroupEnd() || this.keyword('OR') || this.keyword('AND')) this.fail(`"AND" at ${at(opAt)} needs a term after it`, opAt, opAt + 3);
        continue;
      }
      items.push(this.term());
    }
    if (!items.length) {
      if (this.keyword('OR')) this.fail(`"OR" at ${at(this.i)} needs a term before it`, this.i, this.i + 2);
      this.fail(`expected a term at ${at(start)}`, start);
    }
    return items.length === 1 ? items[0]! : ({ type: 'and', items, start: items[0]!.start, end: items[items.length - 1]!.end } satisfies BoolNode);
  }

  private term(): SearchNode {
    const start = this.i;
    const s = this.s;
    if (s[this.i] === ')') this.fail(`the ")" at ${at(this.i)} has no "(" before it`, this.i);
    if (s[this.i] === '(') {
      this.i++;
      this.depth++;
      this.skipSpace();
      if (s[this.i] === ')') this.fail(`the parentheses at ${at(start)} are empty`, start, this.i + 1);
      if (this.i >= this.n) this.fail(`the "(" at ${at(start)} is never closed`, start);
      const inner = this.or();
      this.skipSpace();
      if (s[this.i] !== ')') this.fail(`the "(" at ${at(start)} is never closed`, start);
      this.i++;
      this.depth--;
      // Keep the group's span (for messages); the node itself is what was inside.
      return { ...inner, start, end: this.i };
    }
    let negated = false;
    if (s[this.i] === '!') {
      negated = true;
      this.i++;
      if (this.atWordEnd()) this.fail(`"!" at ${at(start)} must be followed by a term, e.g. !level:info`, start);
      if (s[this.i] === '(') this.fail(`"!" at ${at(start)} applies to one term, not to parentheses: negate the terms inside`, start, this.i + 1);
    }
    if (s[this.i] === '"') {
      const value = this.quoted();
      if (!this.atWordEnd()) this.fail(`expected a space after the quoted text ending at ${at(this.i - 1)}`, this.i);
      return { type: 'text', negated, value, start, end: this.i } satisfies TextNode;
    }
    const keyStart = this.i;
    this.readKey();
    const keyEnd = this.i;
    const key = s.slice(keyStart, keyEnd);
    if (s[this.i] === ':') return this.filter(start, negated, key, keyStart, keyEnd);
    if (/^tags\[/i.test(key)) this.fail(`"${key}" at ${at(keyStart)} needs a value: ${key}:value`, keyStart, keyEnd);
    // Free text: what was read as a key, and the rest of the word (quotes in a word must close within it).
    this.i = keyStart;
    const value = this.word(true);
    return { type: 'text', negated, value, start, end: this.i } satisfies TextNode;
  }

  /** A key: up to a space, ":", a quote, or ")" in a group; `tags[...]` may hold any of those but "]". */
  private readKey(): void {
    const s = this.s;
    if (/^tags\[/i.test(s.slice(this.i, this.i + 5))) {
      const close = s.indexOf(']', this.i);
      if (close < 0) this.fail(`"tags[" at ${at(this.i)} needs a closing "]", e.g. tags[browser]:Chrome`, this.i, this.i + 5);
      this.i = close + 1;
      return;
    }
    while (this.i < this.n && !this.atWordEnd() && s[this.i] !== ':' && s[this.i] !== '"') this.i++;
  }

  private filter(start: number, negated: boolean, key: string, keyStart: number, keyEnd: number): FilterNode {
    const s = this.s;
    if (key === '') this.fail(`":" at ${at(keyStart)} has no key before it, e.g. level:error`, keyStart);
    this.i++; // the colon
    let op: SearchOp = ':';
    for (const candidate of ['>=', '<=', '>', '<'] as const) {
      if (s.startsWith(candidate, this.i)) {
        op = candidate;
        this.i += candidate.length;
        break;
      }
    }
    let values: SearchValue[];
    let list = false;
    if (s[this.i] === '[' && op === ':') {
      values = this.list();
      list = true;
    } else if (s[this.i] === '"') {
      values = [this.quoted()];
    } else {
      if (this.atWordEnd()) {
        const what = op === ':' ? 'the colon' : `"${op}"`;
        this.fail(`"${key}:${op === ':' ? '' : op}" at ${at(start)} needs a value after ${what}`, start, this.i);
      }
      values = [this.word(false, key)];
    }
    if (!this.atWordEnd()) this.fail(`expected a space after the value of "${key}" at ${at(this.i)}`, this.i);
    return { type: 'filter', negated, key, keyStart, keyEnd, op, values, list, start, end: this.i };
  }

  /** A quoted string at s[i] === '"', with \" \\ and \* escapes; leaves i after the closing quote. */
  private quoted(): SearchValue {
    const s = this.s;
    const start = this.i;
    let text = '';
    const wild: number[] = [];
    for (let j = start + 1; j < this.n; j++) {
      const c = s[j]!;
      if (c === '\\' && j + 1 < this.n && (s[j + 1] === '"' || s[j + 1] === '\\' || s[j + 1] === '*')) {
        text += s[++j];
        continue;
      }
      if (c === '"') {
        this.i = j + 1;
        return { text, wild, quoted: true, start, end: this.i };
      }
      if (c === '*') wild.push(text.length);
      text += c;
    }
    this.fail(`unbalanced quote: the " at ${at(start)} is never closed`, start);
  }

  /**
   * An unquoted word up to a space (or ")" in a group); `\*` is a literal
   * star. As free text (`text`), a quoted part may sit inside the word; as a
   * value, a quote inside it is a mistake.
   */
  private word(text: boolean, key?: string): SearchValue {
    const s = this.s;
    const start = this.i;
    let out = '';
    const wild: number[] = [];
    if (!text && /^tags\[/i.test(s.slice(this.i, this.i + 5))) {
      // has:tags[key with spaces]
      const close = s.indexOf(']', this.i);
      if (close < 0) this.fail(`"tags[" at ${at(this.i)} needs a closing "]", e.g. has:tags[browser]`, this.i, this.i + 5);
      out = s.slice(this.i, close + 1);
      this.i = close + 1;
    }
    let open = 0;
    while (!this.atWordEnd()) {
      const c = s[this.i]!;
      // Inside a word, parentheses must pair up (foo() is text); a lone ")" is a group that was never opened.
      if (c === '(') open++;
      else if (c === ')' && open-- === 0) this.fail(`the ")" at ${at(this.i)} has no "(" before it`, this.i);
      if (c === '"') {
        if (!text) this.fail(`unexpected quote at ${at(this.i)}: quote the whole value, e.g. ${key}:"a b"`, this.i);
        const q = this.quoted();
        for (const w of q.wild) wild.push(out.length + w);
        out += q.text;
        continue;
      }
      if (c === '\\' && s[this.i + 1] === '*') {
        out += '*';
        this.i += 2;
        continue;
      }
      if (c === '*') wild.push(out.length);
      out += c;
      this.i++;
    }
    return { text: out, wild, quoted: false, start, end: this.i };
  }

  /** `[a, "b c", d]` at s[i] === '['. */
  private list(): SearchValue[] {
    const s = this.s;
    const open = this.i;
    this.i++;
    const values: SearchValue[] = [];
    for (;;) {
      while (this.i < this.n && isSpace(s[this.i])) this.i++;
      if (this.i >= this.n) this.fail(`the list starting at ${at(open)} needs a closing "]", e.g. level:[error,fatal]`, open);
      if (s[this.i] === ',' || s[this.i] === ']') this.fail(`the list starting at ${at(open)} has an empty item at ${at(this.i)}`, this.i);
      if (s[this.i] === '"') values.push(this.quoted());
      else {
        const start = this.i;
        let out = '';
        const wild: number[] = [];
        while (this.i < this.n && s[this.i] !== ',' && s[this.i] !== ']' && !isSpace(s[this.i])) {
          if (s[this.i] === '"') this.fail(`unexpected quote at ${at(this.i)}: quote the whole item`, this.i);
          if (s[this.i] === '\\' && s[this.i + 1] === '*') {
            out += '*';
            this.i += 2;
            continue;
          }
          if (s[this.i] === '*') wild.push(out.length);
          out += s[this.i++];
        }
        values.push({ text: out, wild, quoted: false, start, end: this.i });
      }
      while (this.i < this.n && isSpace(s[this.i])) this.i++;
      if (s[this.i] === ',') {
        this.i++;
        continue;
      }
      if (s[this.i] === ']') {
        this.i++;
        return values;
      }
      if (this.i >= this.n) this.fail(`the list starting at ${at(open)} needs a closing "]", e.g. level:[error,fatal]`, open);
      this.fail(`expected "," or "]" at ${at(this.i)} in the list starting at ${at(open)}`, this.i);
    }
  }
}
