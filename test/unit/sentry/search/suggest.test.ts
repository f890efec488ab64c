import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchableEvent } from '../../../../src/sentry/search/searchableEvent';
import { parseQuery } from '../../../../src/capture/kinds/events/query';
import { buildSuggestionIndex, suggest } from '../../../../src/sentry/search/suggest';

const sdkEvents = JSON.parse(readFileSync(join(__dirname, 'sdk-events.json'), 'utf8')) as Array<Record<string, unknown>>;
const index = buildSuggestionIndex(sdkEvents.map((event) => new SearchableEvent({ event })));
const labels = (text: string) => suggest(text, index).map((s) => s.label);

describe('search suggestions from captured events', () => {
  it('suggests seen context fields and tags as keys, then the fixed keys', () => {
    assert.ok(labels('context.pay').includes('context.payment.provider:'));
    assert.ok(labels('context.pay').includes('context.payment:'));
    assert.ok(labels('').includes('db:'));
    assert.ok(labels('pay').includes('payment.currency:'));
    assert.ok(suggest('', buildSuggestionIndex([new SearchableEvent({ event: { tags: { level: 'x', 'a b': 'y' } } })])).some((s) => s.label === 'tags[a b]:'), 'a tag no bare key can name is written tags[...]');
    assert.ok(labels('stack.').includes('stack.filename:'));
    assert.ok(labels('level:error err').includes('error.type:'));
    const s = suggest('level:error OR (!prov', index).find((x) => x.label === 'provider:');
    assert.equal(s?.query, 'level:error OR (!provider:');
  });

  it('suggests the values seen for the key being typed, most frequent first', () => {
    assert.deepEqual(labels('context.payment.provider:').sort(), ['adyen', 'braintree', 'paypal', 'stripe']);
    assert.deepEqual(labels('contexts.payment.provider:str'), ['stripe']);
    assert.deepEqual(labels('tags[db]:pg').sort(), ['pg-analytics', 'pg-primary']);
    assert.equal(labels('db:')[0], 'pg-primary'); // two events have it
    assert.ok(labels('error.type:').includes('CheckoutError'));
    assert.deepEqual(labels('level:'), ['fatal', 'error', 'warning', 'info', 'debug']);
    assert.deepEqual(labels('is:'), ['unresolved', 'resolved']);
    assert.ok(labels('has:context.c').includes('context.cache'));
    const v = suggest('x context.payment.provider:ad', index)[0]!;
    assert.equal(v.query, 'x context.payment.provider:adyen ');
  });

  it('lists each seen context once while nothing is typed, its fields once something is', () => {
    const empty = labels('level:error ');
    assert.ok(empty.includes('context.payment:'));
    assert.deepEqual(empty.filter((l) => /^context\.[^.]+\./.test(l)), [], 'no context field in the list of every key');
    assert.ok(labels('level:error context.pay').includes('context.payment.provider:'));
    assert.ok(labels('provider').includes('context.payment.provider:'));
  });

  it('after a query that cannot be read, offers its fix and what completes the token being typed, never the list of every key', () => {
    const failing = (text: string) => {
      const r = parseQuery(text);
      assert.equal(r.ok, false, text);
      if (r.ok) throw new Error('unreachable');
      return suggest(text, index, { failure: { start: r.start, end: r.end, ...(r.fix ? { fix: r.fix } : {}) } });
    };
    // One slip from a key: the fixed query first, in place.
    const slip = failing('levle:error ');
    assert.deepEqual(slip.map((s) => [s.kind, s.label, s.query]), [['fix', 'level', 'level:error ']]);
    const inside = failing('release:1.0 levle:error ');
    assert.equal(inside[0]?.query, 'release:1.0 level:error ');
    // Nothing to fix by a slip, and a space typed after it: nothing to add until it is fixed.
    assert.deepEqual(failing('timesSeen:many '), []);
    assert.deepEqual(failing('level:error (level:warning '), []);
    // The token being typed is the failing one: its completions, after the fix.
    const typing = failing('level:eror');
    assert.ok(typing.every((s) => s.kind !== 'key'), JSON.stringify(typing));
  });

  it('quotes values that need it', () => {
    const idx = buildSuggestionIndex([new SearchableEvent({ event: { tags: { team: 'gold plan' } } })]);
    assert.deepEqual(suggest('team:', idx).map((s) => s.label), ['"gold plan"']);
  });
});
