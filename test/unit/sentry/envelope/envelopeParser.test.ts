import { strict as assert } from 'node:assert';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseEnvelope, jsonDepth } from '../../../../src/sentry/envelope/envelopeParser';
import { defaultScrubber } from '../../../../src/sentry/scrub/scrub';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES, 'envelopes');
const read = (d: string, f: string) => readFileSync(join(fixtures, d, f));
const env = (s: string) => Buffer.from(s, 'utf8');

describe('parseEnvelope', () => {
  describe('every recorded and spec envelope is accepted', () => {
    for (const d of ['spec-examples', 'spotlight']) {
      for (const f of readdirSync(join(fixtures, d))) {
        it(`${d}/${f}`, () => {
          const r = parseEnvelope(read(d, f));
          assert.ok(r.ok, r.ok ? '' : r.reason);
          const types = r.value.items.map((i) => i.type);
          assert.equal(r.value.events.length, types.filter((t) => t === 'event' || t === 'transaction').length);
          assert.equal(r.value.attachments, types.filter((t) => t === 'attachment').length);
          for (const e of r.value.events) assert.equal(typeof e.payload, 'object');
        });
      }
    }
  });

  it('honours length for a binary attachment with a BOM and \\r\\n (spec example 1)', () => {
    const r = parseEnvelope(read('spec-examples', '01-two-items-trailing-newline.envelope'));
    assert.ok(r.ok);
    assert.deepEqual(r.value.items, [
      { type: 'attachment', length: 10 },
      { type: 'event', length: 41 },
    ]);
    assert.deepEqual(r.value.events[0]!.payload, { message: 'hello world', level: 'error' });
    assert.equal(r.value.events[0]!.eventId, '9ec79c33ec9942ab8353589fcb2e04dc');
  });

  it('reads implicit lengths to the newline or to the end, and header-only envelopes', () => {
    for (const f of ['05-implicit-length-newline.envelope', '06-implicit-length-eof.envelope']) {
      const r = parseEnvelope(read('spec-examples', f));
      assert.ok(r.ok);
      assert.deepEqual(r.value.items, [{ type: 'attachment', length: 10 }]);
    }
    const h = parseEnvelope(read('spec-examples', '08-header-only-no-newline.envelope'));
    assert.ok(h.ok);
    assert.equal(h.value.items.length, 0);
    const e = parseEnvelope(read('spec-examples', '10-implicit-length-empty-eof.envelope'));
    assert.ok(e.ok);
    assert.deepEqual(e.value.items, [{ type: 'attachment', length: 0 }]);
  });

  it('prefers the payload event_id and normalises uuids with dashes', () => {
    const r = parseEnvelope(env('{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc"}\n{"type":"event"}\n{"event_id":"AAAAAAAA-bbbb-cccc-dddd-eeeeeeeeeeee"}'));
    assert.ok(r.ok);
    assert.equal(r.value.events[0]!.eventId, 'aaaaaaaabbbbccccddddeeeeeeeeeeee');
  });

  it('counts unknown item types and user_report without extracting them', () => {
    const r = parseEnvelope(env('{}\n{"type":"client_report"}\n{"x":1}\n{"type":"user_report"}\n{"event_id":"9ec79c33ec9942ab8353589fcb2e04dc","name":"a"}\n{"type":"brand-new"}\nxyz'));
    assert.ok(r.ok);
    assert.equal(r.value.events.length, 0);
    assert.deepEqual({ ...r.value.itemCounts }, { client_report: 1, user_report: 1, 'brand-new': 1 });
  });

  it('extracts feedback items as events', () => {
    const r = parseEnvelope(env('{}\n{"type":"feedback"}\n{"contexts":{"feedback":{"message":"hi"}}}'));
    assert.ok(r.ok);
    assert.equal(r.value.events[0]!.type, 'feedback');
  });

  const bad: Array<[string, Buffer, RegExp]> = [
    ['empty body', env(''), /empty/],
    ['headers not JSON', env('nope\n'), /envelope headers: not valid JSON/],
    ['headers an array', env('[]\n'), /must be a JSON object, not an array/],
    ['bad event_id in headers', env('{"event_id":"xyz"}\n'), /event_id must be 32 hexadecimal digits/],
    ['item without type', env('{}\n{"length":2}\n{}'), /item 1 headers are invalid: type/],
    ['negative length', env('{}\n{"type":"event","length":-1}\n{}'), /item 1 headers are invalid: length/],
    ['length beyond the end', env('{}\n{"type":"event","length":99}\n{}'), /declares length 99 but only 2 bytes follow/],
    ['length too short (no newline after)', env('{}\n{"type":"attachment","length":2}\nabcdef\n'), /expected a newline after its 2-byte payload/],
    ['event not JSON', env('{}\n{"type":"event"}\n{oops'), /item 1 \(event\): not valid JSON/],
    ['event an array', env('{}\n{"type":"event"}\n[1]'), /must be a JSON object/],
    ['blank line instead of item headers', env('{}\n\n{"type":"event"}\n{}'), /empty line/],
    ['gzip bytes (not decoded)', gzipSync('{}'), /envelope headers: not valid JSON/],
    ['deep nesting', env('{}\n{"type":"event"}\n' + '{"a":'.repeat(500) + '1' + '}'.repeat(500)), /nested deeper than 128/],
    ['bad event_id in the event', env('{}\n{"type":"event"}\n{"event_id":42}'), /event_id must be 32 hexadecimal digits/],
  ];
  for (const [name, body, reason] of bad) {
    it(`rejects ${name} with a reason`, () => {
      const r = parseEnvelope(body);
      assert.equal(r.ok, false);
      if (!r.ok) assert.match(r.reason, reason);
    });
  }

  it('rejects an event above the event size limit', () => {
    const r = parseEnvelope(env(`{}\n{"type":"event"}\n{"message":"${'x'.repeat(2000)}"}`), { maxEventBytes: 1000 });
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.reason, /more than the 1000-byte event limit/);
  });

  it('says which failure it is with a code, so the listener answers 413 or 400 without reading the reason', () => {
    const big = parseEnvelope(env(`{}\n{"type":"event"}\n{"message":"${'x'.repeat(2000)}"}`), { maxEventBytes: 1000 });
    assert.deepEqual(big.ok ? undefined : big.code, 'too-large');
    for (const [name, body] of bad) {
      const r = parseEnvelope(body);
      assert.equal(r.ok ? undefined : r.code, 'invalid', name);
    }
    // A wording change of the reason does not change the code: the size limit is told by the code alone.
    const small = parseEnvelope(env('{}\n{"type":"transaction"}\n{"x":1}'), { maxEventBytes: 1 });
    assert.equal(small.ok ? undefined : small.code, 'too-large');
  });

  it('keeps __proto__ keys as plain data without touching prototypes', () => {
    const r = parseEnvelope(env('{}\n{"type":"event"}\n{"__proto__":{"polluted":true},"message":"m"}'));
    assert.ok(r.ok);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.ok(Object.hasOwn(r.value.events[0]!.payload, '__proto__'));
  });

  it('measures JSON depth outside strings only', () => {
    assert.equal(jsonDepth('{"a":"[[[[{{{{","b":[1,[2]]}', 100), 3);
    assert.equal(jsonDepth('"\\"[[["', 100), 0);
  });

  describe('with a scrubber\'s text pass', () => {
    const scrubText = defaultScrubber.text!;

    it('gives the same envelope for every recorded and spec envelope, the events it took scrubbed and unparsed', () => {
      let took = 0;
      for (const d of ['spec-examples', 'spotlight']) {
        for (const f of readdirSync(join(fixtures, d))) {
          const plain = parseEnvelope(read(d, f));
          const withText = parseEnvelope(read(d, f), { scrubText });
          assert.deepEqual(withText.ok, plain.ok, f);
          if (!plain.ok || !withText.ok) continue;
          assert.deepEqual(withText.value.items, plain.value.items, f);
          assert.equal(withText.value.events.length, plain.value.events.length, f);
          plain.value.events.forEach((e, i) => {
            const t = withText.value.events[i]!;
            assert.equal(t.eventId, e.eventId, f);
            assert.equal(t.type, e.type, f);
            assert.deepEqual(t.payload, e.payload, `${f}: the payload, when read, is the parsed text`);
            if (t.scrubbed) {
              took++;
              assert.deepEqual(JSON.parse(t.scrubbed.text), defaultScrubber(e.payload), f);
            }
          });
        }
      }
      assert.ok(took >= 5, `took ${took}`);
    });

    it('refuses a bad event_id with the same reason, whether or not the text pass took the event', () => {
      for (const body of ['{}\n{"type":"event"}\n{"event_id":"nothex"}', '{}\n{"type":"event"}\n{"event_id":12}', '{}\n{"type":"event"}\n{"event_id":null}']) {
        const plain = parseEnvelope(env(body));
        const withText = parseEnvelope(env(body), { scrubText });
        assert.ok(!plain.ok && !withText.ok);
        assert.equal(withText.reason, plain.reason);
      }
      const declined = parseEnvelope(env('{}\n{"type":"event"}\n{"event_id":"x","h":[["a","b"]]}'), { scrubText });
      assert.ok(!declined.ok && /event_id must be 32 hexadecimal digits/.test(declined.reason));
    });

    it('still gives the parser\'s reason for invalid JSON and for nesting over the limit', () => {
      const invalid = parseEnvelope(env('{}\n{"type":"event"}\n{"a":'), { scrubText });
      assert.ok(!invalid.ok && /not valid JSON/.test(invalid.reason), invalid.ok ? '' : invalid.reason);
      const deep = parseEnvelope(env(`{}\n{"type":"event"}\n{"a":${'['.repeat(10)}${']'.repeat(10)}}`), { scrubText, maxJsonDepth: 5 });
      assert.ok(!deep.ok && /deeper than 5/.test(deep.reason), deep.ok ? '' : deep.reason);
    });
  });
});
