import { strict as assert } from 'node:assert';
import type { SearchNode } from '../../../../src/sentry/search/ast';
import { formatSearch } from '../../../../src/sentry/search/format';
import { parseSearch } from '../../../../src/sentry/search/parser';

/** The tree as a compact string: (a b) for AND, {a | b} for OR, !k:v, "text". */
function show(n: SearchNode | undefined): string {
  if (!n) return '';
  switch (n.type) {
    case 'and':
      return `(${n.items.map(show).join(' ')})`;
    case 'or':
      return `{${n.items.map(show).join(' | ')}}`;
    case 'text':
      return `${n.negated ? '!' : ''}"${n.value.text}"`;
    case 'filter':
      return `${n.negated ? '!' : ''}${n.key}${n.op === ':' ? ':' : `:${n.op}`}${n.list ? `[${n.values.map((v) => v.text).join(',')}]` : n.values[0]!.text}`;
  }
}
const tree = (text: string): string => {
  const r = parseSearch(text);
  if (!r.ok) throw new Error(`${text}: ${r.reason}`);
  return show(r.value.root);
};
const failure = (text: string) => {
  const r = parseSearch(text);
  assert.equal(r.ok, false, `"${text}" should not parse`);
  return r.ok ? { reason: '', start: -1, end: -1 } : r;
};

describe('search grammar', () => {
  it('ANDs terms side by side, and AND binds tighter than OR', () => {
    assert.equal(tree('a b c'), '("a" "b" "c")');
    assert.equal(tree('a AND b'), '("a" "b")');
    assert.equal(tree('a b OR c'), '{("a" "b") | "c"}');
    assert.equal(tree('a OR b c'), '{"a" | ("b" "c")}');
    assert.equal(tree('a OR b AND c OR d'), '{"a" | ("b" "c") | "d"}');
    assert.equal(tree('level:error OR level:fatal environment:prod'), '{level:error | (level:fatal environment:prod)}');
  });

  it('groups with parentheses, nested, with or without spaces', () => {
    assert.equal(tree('(a OR b) c'), '({"a" | "b"} "c")');
    assert.equal(tree('(a OR (b c)) OR d'), '{{"a" | ("b" "c")} | "d"}');
    assert.equal(tree('(level:error OR level:fatal)'), '{level:error | level:fatal}');
    assert.equal(tree('( a )'), '"a"');
    assert.equal(tree('x:(y)'), '"x:(y)"'.replace('"x:(y)"', 'x:(y)'));
  });

  it('treats lower-case and/or and words that contain AND/OR as text', () => {
    assert.equal(tree('a or b'), '("a" "or" "b")');
    assert.equal(tree('ORDER ANDROID'), '("ORDER" "ANDROID")');
  });

  it('reads filters: negation, comparisons, lists, quoted values and escapes', () => {
    assert.equal(tree('!level:info'), '!level:info');
    assert.equal(tree('timesSeen:>10 duration:<=500ms timestamp:>=-24h x:<3'), '(timesSeen:>10 duration:<=500ms timestamp:>=-24h x:<3)');
    assert.equal(tree('level:[error, fatal , "a b"]'), 'level:[error,fatal,a b]');
    assert.equal(tree('message:"say \\"hi\\" \\\\ now"'), 'message:say "hi" \\ now');
    assert.equal(tree('tags[customer tier]:"gold plan"'), 'tags[customer tier]:gold plan');
    assert.equal(tree('context.payment.provider:stripe OR tags[db]:*pg*'), '{context.payment.provider:stripe | tags[db]:*pg*}');
    assert.equal(tree('has:tags[a b]'), 'has:tags[a b]');
    assert.equal(tree('url:http://x.test/a?b=c'), 'url:http://x.test/a?b=c');
  });

  it('marks * as a wildcard unless escaped, in words, quotes and lists', () => {
    const wild = (text: string) => {
      const r = parseSearch(text);
      assert.ok(r.ok && r.value.root && r.value.root.type !== 'and' && r.value.root.type !== 'or');
      const n = r.value.root;
      return n.type === 'text' ? n.value.wild : n.type === 'filter' ? n.values.flatMap((v) => v.wild) : [];
    };
    assert.deepEqual(wild('a*b*'), [1, 3]);
    assert.deepEqual(wild('x:a\\*b*'), [3]);
    assert.deepEqual(wild('x:"a\\*b*"'), [3]);
    assert.deepEqual(wild('x:[a*, \\*b]'), [1]);
  });

  it('keeps positions of keys and values', () => {
    const r = parseSearch('  !level:[error, fatal]');
    assert.ok(r.ok && r.value.root?.type === 'filter');
    const f = r.value.root;
    assert.deepEqual([f.start, f.keyStart, f.keyEnd, f.end], [2, 3, 8, 23]);
    assert.deepEqual(
      f.values.map((v) => [v.start, v.end]),
      [
        [10, 15],
        [17, 22],
      ],
    );
  });

  it('says what is wrong, and where', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['message:"card', /unbalanced quote: the " at position 9 is never closed/, 8],
      ['(a OR b', /the "\(" at position 1 is never closed/, 0],
      ['a OR b)', /the "\)" at position 7 has no "\(" before it/, 6],
      [')', /has no "\(" before it/, 0],
      ['OR a', /"OR" at position 1 needs a term before it/, 0],
      ['a OR', /"OR" at position 3 needs a term after it/, 2],
      ['a OR OR b', /"OR" at position 6 follows "OR" at position 3/, 5],
      ['AND a', /"AND" at position 1 needs a term before it/, 0],
      ['a AND', /"AND" at position 3 needs a term after it/, 2],
      ['a AND OR b', /"AND" at position 3 needs a term after it/, 2],
      ['a ()', /the parentheses at position 3 are empty/, 2],
      ['!(a OR b)', /applies to one term, not to parentheses/, 0],
      ['! level:error', /"!" at position 1 must be followed by a term/, 0],
      [':value', /":" at position 1 has no key before it/, 0],
      ['level:', /"level:" at position 1 needs a value after the colon/, 0],
      ['a timesSeen:> 3', /"timesSeen:>" at position 3 needs a value after ">"/, 2],
      ['tags[browser:x', /"tags\[" at position 1 needs a closing "\]"/, 0],
      ['tags[browser]', /"tags\[browser\]" at position 1 needs a value/, 0],
      ['level:[error,warning', /the list starting at position 7 needs a closing "\]"/, 6],
      ['level:[error,,warning]', /has an empty item at position 14/, 13],
      ['level:[error warning]', /expected "," or "\]" at position 14/, 13],
      ['browser:a"b"', /unexpected quote at position 10/, 9],
      ['message:"a"b', /expected a space after the value of "message" at position 12/, 11],
      ['"a"b', /expected a space after the quoted text ending at position 3/, 3],
    ];
    for (const [text, re, start] of cases) {
      const f = failure(text);
      assert.match(f.reason, re, text);
      assert.equal(f.start, start, `start of the error in ${text}`);
      assert.ok(f.end > f.start, text);
    }
  });

  it('formats a tree back into text that parses to the same tree', () => {
    const texts = [
      'a b OR c',
      '(a OR b) c',
      '!level:[error, "qa 2"] has:tags[a b] x:"a\\"b"',
      'message:"50\\* off*" x:a\\*b* "two words"',
      'timesSeen:>=10 timestamp:-24h',
      '(context.payment.provider:stripe OR tags[db]:*pg*) !is:resolved',
    ];
    for (const t of texts) {
      const r = parseSearch(t);
      assert.ok(r.ok);
      const once = formatSearch(r.value);
      assert.equal(tree(once), tree(t), `${t} -> ${once}`);
      const again = parseSearch(once);
      assert.ok(again.ok);
      assert.equal(formatSearch(again.value), once);
    }
  });
});
