import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnvelope } from '../../../../src/sentry/envelope/envelopeParser';
import { decodeLogItem } from '../../../../src/sentry/records/logItem';
import { countPlainLogLines } from '../../../../src/sentry/records/logItemText';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const fixtures = join(SHARED_FIXTURES, 'envelopes/spotlight');

/** A log item as @sentry/node 11 writes it (the shape the log bench records). */
function nodeSdkItem(lines: number): string {
  const items = Array.from({ length: lines }, (_, i) => ({
    timestamp: 1_795_970_456.882001 + i,
    level: ['info', 'warn', 'error', 'debug'][i % 4],
    body: `order ${i} processed in ${i * 7} ms`,
    trace_id: 'f4b460f117eb486da94fd710b0541bed',
    severity_number: 9,
    attributes: {
      orderId: { value: `order_${i}`, type: 'string' },
      amount: { value: i * 1.5, type: i % 2 ? 'double' : 'integer' },
      retry: { value: i % 3 === 0, type: 'boolean' },
      tags: { value: ['a', 1, null], type: 'array' },
      'sentry.trace.parent_span_id': { value: '94fd710b0541bed0', type: 'string' },
    },
  }));
  return JSON.stringify({ version: 2, items });
}

function fixtureItem(): string {
  const env = parseEnvelope(readFileSync(join(fixtures, 'log_envelope.txt')));
  assert.ok(env.ok);
  return Buffer.from(env.value.recordItems.find((i) => i.type === 'log')!.payload).toString('utf8');
}

/** What decodeLogItem says of the text: lines kept and dropped, or undefined when it is not JSON. */
function decoded(text: string): { kept: number; dropped: number } | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const d = decodeLogItem(Buffer.from(text), 128);
  return { kept: d.records.length, dropped: d.dropped.length };
}

describe('countPlainLogLines (a log item checked as text, exact or declining)', () => {
  it('counts the lines of the plain form SDKs send: @sentry/node 11 and the recorded @sentry/nextjs item', () => {
    assert.equal(countPlainLogLines(nodeSdkItem(100)), 100);
    const fixture = fixtureItem();
    assert.equal(countPlainLogLines(fixture), decoded(fixture)!.kept);
    assert.equal(countPlainLogLines('{"items":[{"timestamp":1,"level":"info","body":"x"}]}'), 1);
  });

  it('declines what it does not model, for the parse to decide', () => {
    const one = (line: string) => `{"items":[${line}]}`;
    for (const text of [
      '{"items": [{"timestamp":1,"level":"info","body":"x"}]}', // whitespace
      one('{"timestamp":"2024-01-01T00:00:00Z","level":"info","body":"x"}'), // a string timestamp
      one('{"timestamp":-1,"level":"info","body":"x"}'),
      one('{"timestamp":1e9,"level":"info","body":"x"}'),
      one('{"timestamp":1,"level":"info"}'), // no body
      one('{"timestamp":1,"body":"x","attributes":{"level":{"value":"info"}}}'), // level only as an attribute
      one('{"timestamp":1,"level":"info","body":"x","body":2}'), // a second body that is not a string
      one('{"timestamp":1,"level":"info","body":"x","extra":{"a":1}}'), // an object where the plain form has none
      one('{"timestamp":1,"level":"info","body":"x","attributes":{"a":{"type":"string"}}}'), // an attribute without value
      one('{"timestamp":1,"level":"info","body":"x","attributes":{"a":{"value":1,"other":2}}}'),
      one('{"timestamp":1,"level":"info","body":"x","attributes":{"a":{"value":[[1]]}}}'),
      one('{"timestamp":1,"level":"info","body":"a \\" quote"}'), // an escape
      one('{"timestamp":1,"level":"info","b\\u006fdy":"x","body":"y"}'),
      '{"items":[]}',
      '{"items":[{"timestamp":1,"level":"info","body":"x"}],"other":1}',
      '{"items":[{"timestamp":1,"level":"info","body":"x"}]} ',
    ]) {
      assert.equal(countPlainLogLines(text), undefined, text);
    }
  });

  it('never counts a text that does not decode, line for line, to what it counted (thousands of mutations of real items)', () => {
    // A deterministic generator, so that a failure repeats.
    let seed = 42;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const alphabet = ['{', '}', '[', ']', '"', ',', ':', '0', '9', '.', '-', 'e', 'a', ' ', '\\', 'null', 'true', '"value":', '"body":', '"level":"x",', '"timestamp":1,', '{}', '[1]'];
    const bases = [nodeSdkItem(3), fixtureItem()];
    let counted = 0;
    for (let i = 0; i < 4000; i++) {
      let text = bases[i % bases.length]!;
      for (let edits = 1 + rand(3); edits > 0; edits--) {
        const at = rand(text.length);
        const what = rand(3);
        if (what === 0) text = text.slice(0, at) + text.slice(at + 1 + rand(4));
        else if (what === 1) text = text.slice(0, at) + alphabet[rand(alphabet.length)]! + text.slice(at);
        else text = text.slice(0, at) + alphabet[rand(alphabet.length)]! + text.slice(at + 1);
      }
      const n = countPlainLogLines(text);
      if (n === undefined) continue;
      counted++;
      assert.deepEqual(decoded(text), { kept: n, dropped: 0 }, text);
    }
    assert.ok(counted > 100, `only ${counted} mutations were still in the plain form: the test would not see a mistake`);
  });
});
