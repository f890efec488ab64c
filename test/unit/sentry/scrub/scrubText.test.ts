import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from '../../../../src/sentry/envelope/envelopeParser';
import { createScrubber, defaultScrubber, FILTERED, MAX_SCRUB_DEPTH, type Scrubber } from '../../../../src/sentry/scrub/scrub';
import type { TextScrubResult } from '../../../../src/sentry/scrub/scrubText';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

/** Every event JSON text among the fixtures: the JSON files that are objects, and the event items of every envelope. */
function fixtureEvents(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const f of files(fixtures)) {
    const bytes = readFileSync(f);
    if (f.endsWith('.json')) {
      const v = JSON.parse(bytes.toString('utf8')) as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) out.push([f, JSON.stringify(v)]);
      continue;
    }
    const env = parseEnvelope(bytes);
    if (env.ok) for (const e of env.value.events) out.push([`${f} (${e.type})`, e.text]);
  }
  return out;
}

function text(s: Scrubber): NonNullable<Scrubber['text']> {
  assert.ok(s.text, 'scrubbers made by createScrubber have a text pass');
  return s.text;
}

/** The text pass and the object walk agree: the scrubbed text parses to what the walk gives for the parsed text. */
function agrees(s: Scrubber, json: string, what: string): TextScrubResult | undefined {
  const r = text(s)(json);
  if (!r) return undefined;
  const walked = s(JSON.parse(json) as unknown);
  assert.deepEqual(JSON.parse(r.text), walked, what);
  // (changed text may still parse to the input: a value of a duplicate key that JSON.parse drops)
  if (!r.changed) assert.equal(r.text, json, `${what}: unchanged means the same text`);
  return r;
}

/** A small seeded generator, so a failure names an input that can be made again. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

const EVERY_RULE = {
  event_id: 'ab'.repeat(16),
  message: 'login failed for token=abc123 and password: hunter2',
  'pass\u0077ord': 'escaped key',
  user: { email: 'a@b.c', password: 'x', pin: 1234, admin: true, nested: { list: [1, 'two', null, false, { deep: 'x' }] } },
  extra: {
    card: '4111 1111 1111 1111',
    cardNumber: 4111111111111111,
    notACard: 4111111111111112,
    big: 12345678901234567890,
    url: 'postgres://app:s3cret@db:5432/app and https://0123456789abcdef0123456789abcdef@o1.ingest.sentry.io/1',
    stripe: 'sk_live_abcdefghijklmnop',
    jwt: 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ssn: '123-45-6789',
    long: 'Zx9Qm2Lr7Tb4Wc8Vn1Kp5Hs3Jd6Fg0Ay',
    quoted: 'he said "token=zzz" \\ and left\u2028',
    unicode: 'caf\u00e9 \ud83d\ude00 secret=\u00fc',
    type: { inner: 'dsn=https://k@h/1' },
    level: 'token=notstructural-when-nested?',
  },
  sdk: { name: 'x', note: 'password=notscrubbed-in-sdk' },
  fingerprint: ['{{ default }}', 'secret=kept'],
  breadcrumbs: { values: [{ message: 'Authorization: Bearer abcdefghijklmnop', data: { session: { id: 1 } } }] },
  contexts: { trace: { trace_id: 'f'.repeat(32) } },
  exception: { values: [{ type: 'Error', value: 'x', stacktrace: { frames: [{ filename: 'a.js', function: 'f', vars: { apiKey: 'k', n: 1e13 } }] } }] },
};

describe('scrubbing: the text pass', () => {
  it('agrees with the object walk on every event among the fixtures, and takes most of them', () => {
    const events = fixtureEvents();
    assert.ok(events.length >= 20, `fixture events: ${events.length}`);
    let taken = 0;
    for (const [what, json] of events) if (agrees(defaultScrubber, json, what)) taken++;
    assert.ok(taken >= events.length / 2, `the text pass took ${taken} of ${events.length}`);
  });

  it('applies every rule the walk applies: sensitive keys (also escaped), value patterns, numbers, structural places', () => {
    const json = JSON.stringify(EVERY_RULE).replace('"password":"escaped key"', '"pass\\u0077ord":"escaped key"').replace('10000000000000', '1e13');
    assert.ok(json.includes('pass\\u0077ord') && json.includes('1e13'));
    const r = agrees(defaultScrubber, json, 'every rule');
    assert.ok(r, 'taken');
    assert.ok(r.changed);
    const out = JSON.parse(r.text) as typeof EVERY_RULE;
    assert.equal(out['pass\u0077ord'], FILTERED);
    assert.equal(out.user.pin as unknown, FILTERED);
    assert.equal(out.extra.cardNumber as unknown, FILTERED);
    assert.equal(out.extra.notACard, 4111111111111112);
    assert.equal(out.sdk.note, 'password=notscrubbed-in-sdk');
    assert.equal(out.fingerprint[1], 'secret=kept');
    assert.equal(out.exception.values[0]!.stacktrace.frames[0]!.vars.apiKey, FILTERED);
    // text outside the changed values is kept as it was written
    assert.ok(r.text.includes('"pass\\u0077ord":"[Filtered]"'));
    assert.ok(r.text.includes('"n":1e13'));
  });

  it('agrees with configured keys and patterns, anchored ones too', () => {
    const s = createScrubber({ extraKeys: ['tenant', 'event'], extraPatterns: ['^two$', 'caf.', '\\d{4}-\\d{2}'] });
    assert.ok(s.ok);
    const json = JSON.stringify({ ...EVERY_RULE, tenant: { a: 1 }, list: ['two', 'twofold'], date: '2026-11-23' });
    const r = agrees(s.value, json, 'configured');
    assert.ok(r);
    // "event" makes event_id sensitive: its scrubbed value differs from what was sent, which is what a parser checks
    assert.equal(r.ids.event_id, FILTERED);
    assert.equal(r.rawEventId, 'ab'.repeat(16));
  });

  it('answers the same when the previous event had other keys and values in the same places (what it remembers)', () => {
    const s = createScrubber();
    assert.ok(s.ok);
    const shapes = [
      { a: 'plain', b: { c: 'x', d: [1, 'y'] } },
      { a: 'token=abc123', b: { c: 'password: hunter2', d: [1, 'sk_live_abcdefghijklmnop'] } },
      { a: 'plain', b: { password: 'x', d: [1, 'y'] } },
      { a: 'plain', b: { c: 'x', d: [1, 'y'] } },
      { session: 'plain', b: { c: 'x', d: [1, 'y'] } },
    ];
    // every order, twice: each event follows each other one
    for (let round = 0; round < 2; round++) {
      for (const first of shapes) {
        for (const second of shapes) {
          agrees(s.value, JSON.stringify(first), 'first');
          agrees(s.value, JSON.stringify(second), 'second');
        }
      }
    }
  });

  it('reports the top-level ids as the walk sees them, before and after scrubbing', () => {
    const r1 = text(defaultScrubber)('{"eventID":"AB-cd","id":7,"nested":{"event_id":"x"}}');
    assert.deepEqual(r1?.ids, { eventID: 'AB-cd', id: 0 });
    assert.equal(r1?.rawEventId, undefined);
    const r2 = text(defaultScrubber)('{"event_id":null,"event_id":{"a":1},"id":"x"}');
    assert.deepEqual(r2?.ids, { event_id: null, id: 'x' });
    assert.equal(r2?.rawEventId, null);
    assert.equal(text(defaultScrubber)('{"event_id":12}')?.rawEventId, 0);
  });

  it('declines what it leaves to the walk: lists of pairs, deep nesting, raw control characters, anything not a JSON object', () => {
    const t = text(defaultScrubber);
    assert.equal(t('{"headers":[["Cookie","a=1"],["X","y"]]}'), undefined);
    assert.equal(t('{"a":[[]]}'), undefined);
    assert.ok(t('{"a":[1,[2]]}'), 'an array whose first element is not an array is no list of pairs');
    let deep = '1';
    // the walk writes "[MaxDepth]" for an object at depth MAX_SCRUB_DEPTH (the top object is at 0)
    for (let i = 0; i <= MAX_SCRUB_DEPTH; i++) deep = `{"a":${deep}}`;
    assert.equal(t(deep), undefined);
    assert.ok(agrees(defaultScrubber, deep.slice(5, -1), 'one level less'), 'one level less is taken');
    assert.equal(t('{"a":{}}', 1), undefined, 'nesting deeper than the caller allows');
    assert.ok(t('{"a":{}}', 2), 'nesting the caller allows');
    for (const bad of ['{"a":\n1}', '{"a":"\t"}', '{\t"a":1}', '[1]', '"x"', '1', 'null', '', ' ', '{', '{"a":1', '{"a":1}x', '{"a":01}', '{"a":1.}', '{"a":-}', '{"a":"\\x"}', '{"a":"\\u12G4"}', '{"a":tru}', '{"a" 1}', '{"a":1,}', '{,}', '\ufeff{}']) {
      assert.equal(t(bad), undefined, JSON.stringify(bad));
    }
    assert.ok(t(' {"a" : [ 1 , 2 ] } '), 'spaces are whitespace');
  });

  it('never takes text JSON.parse refuses, and agrees with the walk on what it takes: 20,000 mutated events', function () {
    // 20,000 parses and walks: seconds of CPU, more on a machine shared with other work. Not a speed check.
    this.timeout(120_000);
    const seeds = fixtureEvents()
      .map(([, json]) => json)
      .filter((json) => text(defaultScrubber)(json) !== undefined && json.length < 20_000);
    seeds.push(JSON.stringify(EVERY_RULE));
    const alphabet = '{}[]",:\\ 0123456789.eE+-tfnulrsaxyz/u';
    const next = rng(20261123);
    const pick = (n: number) => Math.floor(next() * n);
    let taken = 0;
    let refused = 0;
    for (let k = 0; k < 20_000; k++) {
      let json = seeds[pick(seeds.length)]!;
      for (let m = 1 + pick(3); m > 0; m--) {
        const at = pick(json.length + 1);
        const op = pick(4);
        if (op === 0) json = json.slice(0, at) + json.slice(at + 1);
        else if (op === 1) json = json.slice(0, at) + alphabet[pick(alphabet.length)]! + json.slice(at);
        else if (op === 2) json = json.slice(0, at) + alphabet[pick(alphabet.length)]! + json.slice(at + 1);
        else json = json.slice(0, at) + json.slice(at, at + pick(40)) + json.slice(at);
      }
      let valid = true;
      try {
        JSON.parse(json);
      } catch {
        valid = false;
      }
      const r = text(defaultScrubber)(json);
      if (!valid) {
        assert.equal(r, undefined, `took invalid JSON (mutation ${k}): ${json.slice(0, 300)}`);
        refused++;
        continue;
      }
      if (r && agrees(defaultScrubber, json, `mutation ${k}`)) taken++;
    }
    assert.ok(taken > 1000 && refused > 1000, `taken ${taken}, invalid ${refused}: both kinds were tried`);
  }).timeout(120_000); // CPU-bound: on a loaded machine 20,000 events take longer than the unit default
});
