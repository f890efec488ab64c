import { strict as assert } from 'node:assert';
import {
  buildEvent, parseExtraJson, parseExtraPairs, parseLevel, parsePlatform, parseTag, parseTags, parseUserPairs,
  type EventInput,
} from '../../../../src/sentry/send/eventBuilder';
import type { SourceLocation } from '../../../../src/sentry/send/eventTemplate';
import { frameAt, templates } from '../../../../src/sentry/send/templates';
import { viewEvent, topFrame } from '../../../../src/sentry/event/eventView';

const ctx = { sdkName: 'sentry-lens', sdkVersion: '0.1.0', now: () => new Date('2026-01-02T03:04:05.678Z'), randomId: () => '123e4567-E89B-12d3-a456-426614174000' };

function okValue<T>(r: { ok: true; value: T } | { ok: false; reason: string }): T {
  if (!r.ok) throw new Error(`expected ok, got: ${r.reason}`);
  return r.value;
}
function reasonOf(r: { ok: boolean; reason?: string }): string {
  assert.equal(r.ok, false);
  return r.reason ?? '';
}

describe('buildEvent', () => {
  it('builds a message event with every field entered and nothing from the machine', () => {
    const input: EventInput = {
      message: 'Checkout failed',
      level: 'warning',
      platform: 'node',
      environment: 'staging',
      release: 'shop@1.2.3',
      tags: { region: 'eu' },
      extra: { cart: { items: 2 } },
      user: { id: '42' },
      fingerprint: ['checkout'],
      contexts: { runtime: { name: 'node' } },
    };
    const e = buildEvent(input, ctx);
    assert.deepEqual(e, {
      event_id: '123e4567e89b12d3a456426614174000',
      timestamp: Date.parse('2026-01-02T03:04:05.678Z') / 1000,
      level: 'warning',
      platform: 'node',
      sdk: { name: 'sentry-lens', version: '0.1.0' },
      environment: 'staging',
      release: 'shop@1.2.3',
      tags: { region: 'eu' },
      extra: { cart: { items: 2 } },
      user: { id: '42' },
      fingerprint: ['checkout'],
      contexts: { runtime: { name: 'node' } },
      message: 'Checkout failed',
      logentry: { formatted: 'Checkout failed' },
    });
    assert.ok(!JSON.stringify(e).includes(process.env.HOME ?? '/nonexistent-home'), 'no environment attached');
  });

  it('defaults: level error, platform other, a fresh 32-hex id, the current time', () => {
    const e = buildEvent({ message: 'x' }, { sdkName: 'a', sdkVersion: '1' });
    assert.match(e.event_id, /^[0-9a-f]{32}$/);
    assert.equal(e.level, 'error');
    assert.equal(e.platform, 'other');
    assert.ok(Math.abs(e.timestamp * 1000 - Date.now()) < 60_000);
    assert.notEqual(buildEvent({ message: 'x' }, { sdkName: 'a', sdkVersion: '1' }).event_id, e.event_id);
    assert.equal('tags' in e, false);
  });

  it('builds an exception with frames outermost first, which the event view reads back', () => {
    const e = buildEvent(
      { message: 'Payment failed', exception: { type: 'PaymentError', value: 'card declined', frames: [{ function: 'main', filename: 'a.js', lineno: 1, inApp: false }, { function: 'pay', filename: 'src/pay.ts', absPath: '/w/src/pay.ts', lineno: 7, colno: 3, contextLine: 'throw x', inApp: true }] } },
      ctx,
    );
    assert.deepEqual(e.exception!.values[0]!.stacktrace!.frames[1], { filename: 'src/pay.ts', abs_path: '/w/src/pay.ts', function: 'pay', lineno: 7, colno: 3, context_line: 'throw x', in_app: true });
    assert.deepEqual(e.logentry, { formatted: 'Payment failed' });
    const view = viewEvent(e);
    assert.equal(view.title, 'PaymentError: card declined');
    assert.equal(topFrame(view)?.function, 'pay');
  });

  it('uses the message as the exception value when none is given', () => {
    const e = buildEvent({ message: 'boom', exception: { type: 'Error' } }, ctx);
    assert.equal(e.exception!.values[0]!.value, 'boom');
    assert.equal(e.logentry, undefined);
    assert.equal(e.exception!.values[0]!.stacktrace, undefined);
  });
});

describe('event input parsers', () => {
  it('parseTag follows Sentry limits', () => {
    assert.deepEqual(okValue(parseTag('region:eu-west-1')), ['region', 'eu-west-1']);
    assert.deepEqual(okValue(parseTag(' url : http://x:1/y ')), ['url', 'http://x:1/y']);
    assert.equal(reasonOf(parseTag('novalue')), 'the tag "novalue" must be written key:value');
    assert.equal(reasonOf(parseTag(':v')), 'the tag ":v" has no key before ":"');
    assert.equal(reasonOf(parseTag('k:')), 'the tag "k" has no value after ":"');
    assert.equal(reasonOf(parseTag(`${'k'.repeat(33)}:v`)), `the tag key "${'k'.repeat(33)}" is 33 characters long; Sentry allows at most 32`);
    assert.equal(reasonOf(parseTag('bad key:v')), 'the tag key "bad key" may only contain letters, digits, "_", ".", ":" and "-"');
    assert.equal(reasonOf(parseTag(`k:${'v'.repeat(201)}`)), 'the tag "k" value is 201 characters long; Sentry allows at most 200');
    assert.equal(reasonOf(parseTag('k:a\nb')), 'the tag "k" value must be on one line');
    assert.deepEqual(okValue(parseTags(['a:1', 'b:2', 'a:3'])), { a: '3', b: '2' });
    assert.equal(reasonOf(parseTags(['a:1', 'oops'])), 'the tag "oops" must be written key:value');
  });

  it('parseExtraJson wants a JSON object', () => {
    assert.deepEqual(okValue(parseExtraJson('{"a": [1, {"b": null}]}')), { a: [1, { b: null }] });
    assert.deepEqual(okValue(parseExtraJson('  ')), {});
    assert.match(reasonOf(parseExtraJson('{a: 1}')), /^the extra data is not valid JSON: /);
    assert.equal(reasonOf(parseExtraJson('[1]')), 'the extra data must be a JSON object like {"key": "value"}, not an array');
    assert.equal(reasonOf(parseExtraJson('null')), 'the extra data must be a JSON object like {"key": "value"}, not null');
    assert.equal(reasonOf(parseExtraJson('"s"')), 'the extra data must be a JSON object like {"key": "value"}, not a string');
  });

  it('parseUserPairs and parseExtraPairs read key:value lists', () => {
    assert.deepEqual(okValue(parseUserPairs(['id:42', 'email:a@b.example', 'ip_address:::1'])), { id: '42', email: 'a@b.example', ip_address: '::1' });
    assert.equal(reasonOf(parseUserPairs(['id'])), 'the user field "id" must be written key:value');
    assert.equal(reasonOf(parseUserPairs([':x'])), 'the user field ":x" has no key before ":"');
    assert.equal(reasonOf(parseUserPairs(['email:nope'])), 'the user email "nope" is not an email address');
    assert.deepEqual(okValue(parseExtraPairs(['a:b:c'])), { a: 'b:c' });
    assert.equal(reasonOf(parseExtraPairs(['x'])), 'the extra field "x" must be written key:value');
  });

  it('parseLevel and parsePlatform name the choices', () => {
    assert.equal(okValue(parseLevel('WARN')), 'warning');
    assert.equal(okValue(parseLevel('fatal')), 'fatal');
    assert.equal(reasonOf(parseLevel('loud')), 'the level "loud" must be one of fatal, error, warning, info, debug');
    assert.equal(okValue(parsePlatform('Python')), 'python');
    assert.match(reasonOf(parsePlatform('cobol')), /^the platform "cobol" is not one Sentry knows; use one of .*node.*python/);
  });
});

describe('templates', () => {
  const lines = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
  const source: SourceLocation = { absPath: '/work/app/src/pay.ts', relativePath: 'src/pay.ts', lineno: 10, colno: 5, lines, functionName: 'charge' };

  it('offers exception, validation, context, message and performance', () => {
    assert.deepEqual(templates.map((t) => t.id), ['exception', 'validation', 'context', 'message', 'performance']);
  });

  it('exception: a stack trace whose top frame opens back at the file and line', () => {
    const t = templates.find((x) => x.id === 'exception')!;
    const partial = t.build(source);
    const e = buildEvent({ message: 'x', ...partial } as EventInput, ctx);
    assert.equal(e.platform, 'node');
    const frames = e.exception!.values[0]!.stacktrace!.frames;
    const top = frames[frames.length - 1]!;
    assert.deepEqual(top, {
      filename: 'src/pay.ts', abs_path: '/work/app/src/pay.ts', function: 'charge', lineno: 10, colno: 5,
      pre_context: ['line 5', 'line 6', 'line 7', 'line 8', 'line 9'], context_line: 'line 10',
      post_context: ['line 11', 'line 12', 'line 13', 'line 14', 'line 15'], in_app: true,
    });
    const f = topFrame(viewEvent(e))!;
    assert.equal(f.absPath, '/work/app/src/pay.ts');
    assert.equal(f.lineno, 10);
  });

  it('exception: the stack is the editor location only, with no frame of a process that never ran', () => {
    const t = templates.find((x) => x.id === 'exception')!;
    for (const s of [source, { ...source, relativePath: 'app.py', absPath: '/work/app/app.py' }]) {
      const e = buildEvent({ message: 'x', ...t.build(s) } as EventInput, ctx);
      const frames = e.exception!.values[0]!.stacktrace!.frames;
      assert.deepEqual(frames.map((f) => f.abs_path), [s.absPath]);
      assert.ok(frames.every((f) => f.in_app === true));
    }
  });

  it('frameAt clamps the line to the file and trims context at its edges', () => {
    const f = frameAt({ ...source, lineno: 1 });
    assert.deepEqual(f.preContext, []);
    assert.equal(f.contextLine, 'line 1');
    const g = frameAt({ ...source, lineno: 99 });
    assert.equal(g.lineno, 20);
    assert.deepEqual(g.postContext, []);
    assert.equal(frameAt({ ...source, relativePath: 'a.py', lines: [], lineno: 3 }).contextLine, '');
  });

  it('validation: a ValidationError with field tags', () => {
    const p = templates.find((x) => x.id === 'validation')!.build();
    assert.equal(p.exception?.type, 'ValidationError');
    assert.equal(p.tags?.['validation.field'], 'email');
  });

  it('context: provider, database, payment, auth and cache contexts with matching tags', () => {
    const p = templates.find((x) => x.id === 'context')!.build();
    assert.deepEqual(Object.keys(p.contexts ?? {}), ['provider', 'database', 'payment', 'authentication', 'cache']);
    for (const k of Object.keys(p.tags ?? {})) okValue(parseTag(`${k}:${p.tags![k]}`));
    assert.equal(p.tags?.provider, p.contexts?.provider?.name);
  });

  it('message: a plain message', () => {
    const p = templates.find((x) => x.id === 'message')!.build();
    assert.equal(p.exception, undefined);
    assert.equal(typeof p.message, 'string');
  });
});
