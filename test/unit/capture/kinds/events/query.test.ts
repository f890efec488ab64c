import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Query, SearchableEvent, formatQuery, matchesQuery, parseQuery } from '../../../../../src/capture/kinds/events/query';
import { SHARED_FIXTURES } from '../../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES);
const load = (rel: string) => JSON.parse(readFileSync(join(fixtures, rel), 'utf8')) as Record<string, unknown>;

const q = (text: string): Query => {
  const r = parseQuery(text);
  if (!r.ok) throw new Error(`parse failed: ${r.reason}`);
  return r.value;
};
const reason = (text: string): string => {
  const r = parseQuery(text);
  assert.equal(r.ok, false, `"${text}" should not parse`);
  return r.ok ? '' : r.reason;
};

const python = load('samples/python-modern.json');
const made: Record<string, unknown> = {
  event_id: 'ab12cd34ab12cd34ab12cd34ab12cd34',
  level: 'warning',
  platform: 'node',
  environment: 'staging',
  release: 'web@2.3.1',
  transaction: '/checkout',
  message: 'Payment failed for order 17',
  exception: { values: [{ type: 'PaymentError', value: 'card declined: do not honor', stacktrace: { frames: [{ filename: 'src/pay.ts', function: 'charge', in_app: true }] } }] },
  tags: { browser: 'Chrome 120', 'os.name': 'Linux', 'customer tier': 'gold plan' },
};
const unresolved = { resolved: false };
const resolved = { resolved: true };
const matches = (text: string, event: Record<string, unknown> = made, ctx = unresolved) => {
  const e = new SearchableEvent({ event });
  e.resolved = ctx.resolved;
  return matchesQuery(q(text), e);
};
/** The tree without positions, to compare a query with its formatted form. */
const shape = (query: Query): unknown => JSON.parse(JSON.stringify(query.ast.root ?? null, (k, v: unknown) => (['start', 'end', 'keyStart', 'keyEnd'].includes(k) ? undefined : v)));

describe('parseQuery / matchesQuery', () => {
  it('matches free text against title, message and culprit, case-insensitively', () => {
    assert.ok(matches('paymenterror'));
    assert.ok(matches('DECLINED'));
    assert.ok(matches('checkout')); // the culprit (the transaction here)
    assert.ok(matches('__main__ in main', python)); // culprit of the Python sample
    assert.ok(matches('"order 17"')); // the message
    assert.ok(matches('payment declined')); // every word must match
    assert.ok(!matches('payment refunded'));
    assert.ok(matches('card*honor'));
  });

  it('filters by level, environment, release, platform and error fields', () => {
    assert.ok(matches('level:warning'));
    assert.ok(matches('level:warn')); // alias
    assert.ok(!matches('level:error'));
    assert.ok(matches('environment:staging release:web@2.3.1 platform:node'));
    assert.ok(!matches('environment:production'));
    assert.ok(matches('error.type:PaymentError'));
    assert.ok(matches('transaction:/checkout'));
    assert.ok(matches('id:ab12cd34ab12cd34ab12cd34ab12cd34'));
    assert.ok(matches('environment:production', python));
    assert.ok(matches('level:error', python));
  });

  it('supports * wildcards in values', () => {
    assert.ok(matches('release:web@2.*'));
    assert.ok(!matches('release:api@*'));
    assert.ok(matches('environment:stag*'));
    assert.ok(matches('level:warn*'));
  });

  it('matches message:, title: and culprit: as substrings, quoted values with spaces', () => {
    assert.ok(matches('message:"card declined"'));
    assert.ok(matches('message:payment'));
    assert.ok(matches('title:PaymentError'));
    assert.ok(!matches('message:"card accepted"'));
  });

  it('matches tags as key:value and tags[key]:value (keys with spaces too)', () => {
    assert.ok(matches('browser:"Chrome 120"'));
    assert.ok(matches('browser:Chrome*'));
    assert.ok(matches('os.name:Linux'));
    assert.ok(matches('tags[os.name]:linux'));
    assert.ok(matches('tags[customer tier]:"gold plan"'));
    assert.ok(!matches('browser:Firefox'));
    assert.ok(!matches('device:iPhone'));
  });

  it('negates with !', () => {
    assert.ok(matches('!level:error'));
    assert.ok(!matches('!level:warning'));
    assert.ok(matches('!device:iPhone')); // a missing tag is not equal
    assert.ok(matches('!refunded'));
    assert.ok(!matches('!browser:Chrome*'));
  });

  it('checks presence with has:', () => {
    assert.ok(matches('has:release has:browser has:tags[customer tier]'));
    assert.ok(!matches('has:device'));
    assert.ok(matches('!has:device'));
    assert.ok(!matches('has:transaction', python));
  });

  it('uses the local resolved state for is:', () => {
    assert.ok(matches('is:unresolved'));
    assert.ok(!matches('is:resolved'));
    assert.ok(matches('is:resolved', made, resolved));
    assert.ok(matches('!is:resolved'));
  });

  it('accepts lists: key:[a,b]', () => {
    assert.ok(matches('level:[error,warning]'));
    assert.ok(!matches('level:[error,fatal]'));
    assert.ok(matches('browser:["Chrome 120",Firefox]'));
    assert.ok(matches('!environment:[production,development]'));
  });

  it('treats an empty query as matching everything', () => {
    assert.equal(q('   ').ast.root, undefined);
    assert.ok(matches(''));
  });

  it('explains every error', () => {
    assert.match(reason('message:"card'), /unbalanced quote: the " at position 9 is never closed/);
    assert.match(reason('"open text'), /unbalanced quote/);
    assert.match(reason('foo"bar'), /unbalanced quote/);
    assert.match(reason('level:'), /"level:" at position 1 needs a value after the colon/);
    assert.match(reason('level:bogus'), /unknown level "bogus": use one of fatal, error, warning, info, debug/);
    assert.match(reason('is:ignored'), /"is:ignored" is not supported here: use is:resolved or is:unresolved/);
    assert.match(reason(':value'), /no key before it/);
    assert.match(reason('! level:error'), /must be followed by a term/);
    assert.match(reason('tags[browser:x'), /needs a closing "\]"/);
    assert.match(reason('tags[]:x'), /needs a tag name/);
    assert.match(reason('tags[browser]'), /needs a value/);
    assert.match(reason('level:[error,warning'), /needs a closing "\]"/);
    assert.match(reason('level:[error,,warning]'), /empty item/);
    assert.match(reason('browser:a"b"'), /unexpected quote/);
    assert.match(reason('message:"a"b'), /expected a space after the value/);
    assert.match(reason('has:[a,b]'), /takes one key/);
  });

  it('formats a query back into a string that parses to the same query', () => {
    const texts = ['level:error', '!environment:[production,"qa 2"] is:unresolved', 'has:release tags[customer tier]:"gold plan"', '"two words" browser:Chrome* !has:tags[a b]', 'tags[level]:x'];
    for (const t of texts) {
      const once = formatQuery(q(t));
      assert.deepEqual(shape(q(once)), shape(q(t)), `${t} -> ${once}`);
    }
    assert.equal(formatQuery(q('  level:error    environment:prod ')), 'level:error environment:prod');
  });
});
