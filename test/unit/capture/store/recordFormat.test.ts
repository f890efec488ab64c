import { strict as assert } from 'node:assert';
import { z } from 'zod';
import { eventKind, eventKindWithGroupKeys } from '../../../../src/capture/kinds/events/eventKind';
import { eventGroupKey, lazyStoredEvent } from '../../../../src/capture/kinds/events/lazyEvent';
import {
  dataLineSchema,
  encodeDataLines,
  encodeStateOp,
  encodeStoredStateLine,
  kindOfLine,
  parseLines,
  type SkipReason,
  stateLineSchema,
} from '../../../../src/capture/store/recordFormat';
import { checkKind, type KeptRecord, type RecordKind } from '../../../../src/capture/store/recordKind';

interface Span extends KeptRecord {
  op: string;
}
const spanKind: RecordKind<Span> = { name: 'span', defaultBound: 2000, schema: z.object({ id: z.string(), receivedAt: z.number(), op: z.string() }) };

describe('store record format', () => {
  it('writes an event record as before kinds existed, and another kind with its name', () => {
    const e = { id: 'a'.repeat(32), receivedAt: 5, source: 'store' as const, groupKey: 'g', event: { message: 'hi' } };
    assert.equal(encodeDataLines(eventKind, [e]), `${JSON.stringify({ t: 'e', e })}\n`);
    assert.equal(encodeDataLines(spanKind, [{ id: 's1', receivedAt: 1, op: 'db' }]), '{"t":"e","kind":"span","e":{"id":"s1","receivedAt":1,"op":"db"}}\n');
    const [line] = parseLines(encodeDataLines(spanKind, [{ id: 's1', receivedAt: 1, op: 'db' }]), dataLineSchema, () => assert.fail('skipped'));
    assert.equal(kindOfLine(line!), 'span');
    assert.equal(kindOfLine(parseLines(encodeDataLines(eventKind, [e]), dataLineSchema, () => undefined)[0]!), 'event');
  });

  it("writes a lazy event from its own text, and falls back to JSON when a kind's text has a line break", () => {
    const text = '{"message":"from the wire","n":1}';
    const lazy = lazyStoredEvent({ id: 'b'.repeat(32), receivedAt: 7, source: 'envelope' }, text);
    assert.ok(encodeDataLines(eventKind, [lazy]).includes(`"event":${text}}}`));
    const broken: RecordKind<Span> = { ...spanKind, encode: () => '{"id":"s1",\n"receivedAt":1,"op":"x"}' };
    const out = encodeDataLines(broken, [{ id: 's1', receivedAt: 1, op: 'x' }]);
    assert.equal(out.split('\n').length, 2, 'one line');
  });

  it('writes the group key of a lazy event only for a writer whose readers follow it, and reads the same event back', () => {
    const text = '{"message":"boom","exception":{"values":[{"type":"TypeError","value":"x"}]}}';
    const lazy = () => lazyStoredEvent({ id: 'c'.repeat(32), receivedAt: 9, source: 'envelope' }, text);
    const key = eventGroupKey(JSON.parse(text) as Record<string, unknown>);
    assert.ok(!encodeDataLines(eventKind, [lazy()]).includes('groupKey'));
    const keyed = encodeDataLines(eventKindWithGroupKeys, [lazy()]);
    assert.ok(keyed.includes(`"groupKey":${JSON.stringify(key)},"event":${text}`));
    const [line] = parseLines(keyed, dataLineSchema, () => assert.fail('skipped'));
    const back = eventKind.schema.parse(line!.e);
    assert.equal(back.groupKey, key);
    assert.deepEqual(back.event, JSON.parse(text));
  });

  it('writes state changes with the kind left out for events', () => {
    assert.equal(encodeStateOp({ t: 'c', w: 'me', kind: undefined, at: 1 }), '{"t":"c","w":"me","at":1}');
    assert.equal(encodeStateOp({ t: 'c', w: 'me', kind: 'event', at: 1 }), '{"t":"c","w":"me","at":1}');
    assert.equal(encodeStateOp({ t: 'd', w: 'me', kind: 'span', at: 1, ids: ['x'] }), '{"t":"d","w":"me","at":1,"ids":["x"],"kind":"span"}');
    const stored = encodeStoredStateLine(spanKind, 'me', { id: 's1', receivedAt: 1, op: 'db' });
    const [parsed] = parseLines(stored, stateLineSchema, () => assert.fail('skipped'));
    assert.deepEqual(parsed, { t: 'e', w: 'me', kind: 'span', e: { id: 's1', receivedAt: 1, op: 'db' } });
  });

  it('skips unreadable lines and lines of unknown shape, saying which, and ignores blank ones', () => {
    const skipped: SkipReason[] = [];
    const text = ['{"t":"c","w":"a","at":1}', '', '{"t":"c","w":"a","at', '{"t":"zz"}', '{"t":"r","w":"a","at":1,"k":"notalist","v":true}', '   '].join('\n');
    const ok = parseLines(text, stateLineSchema, (why) => skipped.push(why));
    assert.equal(ok.length, 1);
    assert.deepEqual(skipped, ['unreadable', 'unknown-shape', 'unknown-shape']);
  });

  it('checks a kind: its name and its bound', () => {
    assert.doesNotThrow(() => checkKind(spanKind));
    assert.throws(() => checkKind({ ...spanKind, name: 'Span' }), /lowercase letters/);
    assert.throws(() => checkKind({ ...spanKind, name: '' }), /lowercase letters/);
    assert.throws(() => checkKind({ ...spanKind, defaultBound: 0 }), /bound of 'span' records must be a positive whole number/);
  });
});
