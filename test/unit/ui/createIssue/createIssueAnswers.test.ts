import { strict as assert } from 'node:assert';
import { buildEvent } from '../../../../src/sentry/send/eventBuilder';
import { templates } from '../../../../src/sentry/send/templates';
import {
  type CreateIssueAnswers,
  answersToRemember,
  initialAnswers,
  parseTagLine,
  sanitizeLastAnswers,
  toEventInput,
  validateEnvironment,
  validateExtra,
  validateMessage,
  validatePlatform,
  validateTags,
} from '../../../../src/ui/createIssue/createIssueAnswers';

const template = (id: string) => templates.find((t) => t.id === id)!;
const answers = (over: Partial<CreateIssueAnswers> = {}): CreateIssueAnswers => ({
  templateId: 'message',
  message: 'Checkout failed',
  level: 'error',
  environment: 'staging',
  platform: 'node',
  tags: '',
  extra: '',
  ...over,
});

describe('Create Issue answers', () => {
  it('offers the five templates with the labels the palette shows', () => {
    assert.deepEqual(
      templates.map((t) => t.label),
      ['Exception with stack trace', 'Validation error', 'Error with custom context', 'Plain message', 'Slow transaction (performance)'],
    );
  });

  it('requires a message', () => {
    assert.equal(validateMessage('  '), 'A message is required');
    assert.equal(validateMessage('x'), undefined);
    assert.match(validateMessage('x'.repeat(9000))!, /at most 8192/);
  });

  it('checks environments as Sentry does', () => {
    assert.equal(validateEnvironment(''), undefined);
    assert.equal(validateEnvironment('production'), undefined);
    assert.match(validateEnvironment('prod/eu')!, /"\/"/);
    assert.match(validateEnvironment('x'.repeat(65))!, /at most 64/);
    assert.match(validateEnvironment('none')!, /not a valid environment/);
  });

  it('checks platforms, tags and extra with reasons a person understands', () => {
    assert.equal(validatePlatform('python'), undefined);
    assert.match(validatePlatform('cobol')!, /^The platform "cobol" is not one Sentry knows/);
    assert.equal(validateTags(''), undefined);
    assert.equal(validateTags('feature:checkout, customer:acme'), undefined);
    assert.match(validateTags('feature')!, /^The tag "feature" must be written key:value/);
    assert.match(validateTags('a b:c')!, /may only contain/);
    assert.equal(validateExtra(''), undefined);
    assert.equal(validateExtra('{"orderId": 42}'), undefined);
    assert.match(validateExtra('[1]')!, /must be a JSON object/);
    assert.match(validateExtra('{oops')!, /not valid JSON/);
  });

  it('reads comma-separated tags, ignoring empty items, without prototype pollution', () => {
    const r = parseTagLine('a:1, ,b:two words,__proto__:x');
    assert.ok(r.ok);
    assert.equal(r.value.a, '1');
    assert.equal(r.value.b, 'two words');
    assert.equal(Object.getPrototypeOf(r.value), Object.prototype);
    assert.equal(({} as Record<string, unknown>).x, undefined);
  });

  it('drops remembered answers that are not valid any more', () => {
    assert.deepEqual(sanitizeLastAnswers(undefined), {});
    assert.deepEqual(sanitizeLastAnswers('junk'), {});
    const s = sanitizeLastAnswers({ templateId: 'nope', message: 'ok', level: 'loud', environment: 'a/b', platform: 'cobol', tags: 'bad', extra: '[]' });
    assert.deepEqual(s, { message: 'ok' });
    assert.deepEqual(sanitizeLastAnswers(answers({ tags: 'a:b' })), answers({ tags: 'a:b' }));
  });

  it('remembers no secret typed into extra, tags or the message', () => {
    const typed = answers({ message: 'card 4111 1111 1111 1111 declined', tags: 'session:abc123, feature:checkout', extra: '{"password": "hunter2", "orderId": 42}' });
    const kept = answersToRemember(typed);
    const stored = JSON.stringify(kept);
    for (const secret of ['hunter2', 'abc123', '4111']) assert.ok(!stored.includes(secret), `${secret} in ${stored}`);
    assert.deepEqual(JSON.parse(kept.extra), { password: '[Filtered]', orderId: 42 });
    assert.equal(kept.tags, 'session:[Filtered], feature:checkout');
    assert.equal(kept.level, 'error');
    // What the next Create Issue pre-fills, also from answers remembered unscrubbed by an earlier version.
    const next = initialAnswers(template('message'), template('message').build(), sanitizeLastAnswers(typed), { environment: 'development' });
    assert.ok(!JSON.stringify(next).includes('hunter2'));
    assert.equal(next.extra, '{"password":"[Filtered]","orderId":42}');
  });

  it('pre-fills from the template, the setting, or the last answers of the same template', () => {
    const msg = template('message');
    const fresh = initialAnswers(msg, msg.build(), {}, { environment: 'development' });
    assert.deepEqual(fresh, { message: 'Test message from Sentry Lens', level: 'info', environment: 'development', platform: 'node', tags: '', extra: '' });
    const last = answers({ message: 'Earlier', level: 'warning', environment: 'qa', platform: 'python', tags: 'a:b' });
    const again = initialAnswers(msg, msg.build(), last, { environment: 'development' });
    assert.equal(again.message, 'Earlier');
    assert.equal(again.level, 'warning');
    assert.equal(again.environment, 'qa');
    const other = initialAnswers(template('validation'), template('validation').build(), last, { environment: 'development' });
    assert.equal(other.message, 'email: must be a valid email address');
    assert.equal(other.level, 'warning');
    assert.equal(other.platform, 'python');
  });

  it('takes the platform of the exception template from the file it is built from, over the last answer', () => {
    const t = template('exception');
    const last = answers({ templateId: 'exception', platform: 'python' });
    const lines = ['function checkout() {', '  throw new Error("x");', '}'];
    const js = initialAnswers(t, t.build({ absPath: '/ws/checkout.js', relativePath: 'checkout.js', lineno: 2, colno: 3, lines }), last, { environment: 'development' });
    assert.equal(js.platform, 'node');
    const py = initialAnswers(t, t.build({ absPath: '/ws/app.py', relativePath: 'app.py', lineno: 2, colno: 3, lines }), answers({ templateId: 'exception', platform: 'node' }), { environment: 'development' });
    assert.equal(py.platform, 'python');
    // A file of no known language, or no file at all: the last answer stands.
    const other = initialAnswers(t, t.build({ absPath: '/ws/notes.txt', relativePath: 'notes.txt', lineno: 2, colno: 3, lines }), last, { environment: 'development' });
    assert.equal(other.platform, 'python');
    assert.equal(initialAnswers(t, t.build(), last, { environment: 'development' }).platform, 'python');
    // The file name does not tell, its editor language does.
    const vue = initialAnswers(t, t.build({ absPath: '/ws/Cart.vue', relativePath: 'Cart.vue', lineno: 2, colno: 3, lines, languageId: 'vue' }), last, { environment: 'development' });
    assert.equal(vue.platform, 'javascript');
  });

  it('builds a valid event from the exception template at a file and line, with the answers merged in', () => {
    const lines = ['function main() {', '  const x = 1;', '  throw new Error("boom");', '}', ''];
    const t = template('exception');
    const built = t.build({ absPath: '/ws/src/app.ts', relativePath: 'src/app.ts', lineno: 3, colno: 9, lines });
    const input = toEventInput(built, answers({ templateId: 'exception', message: 'Boom at checkout', tags: 'feature:checkout', extra: '{"orderId":42}' }), { release: 'web@1.2.3' });
    assert.ok(input.ok);
    const event = buildEvent(input.value, { sdkName: 'sentry-lens', sdkVersion: '0.1.0' });
    assert.match(event.event_id, /^[0-9a-f]{32}$/);
    assert.equal(event.release, 'web@1.2.3');
    assert.equal(event.environment, 'staging');
    assert.equal(event.platform, 'node');
    assert.deepEqual(event.tags, { feature: 'checkout' });
    assert.deepEqual(event.extra, { orderId: 42 });
    const ex = event.exception!.values[0]!;
    assert.equal(ex.value, 'Boom at checkout');
    const top = ex.stacktrace!.frames.at(-1)!;
    assert.equal(top.abs_path, '/ws/src/app.ts');
    assert.equal(top.lineno, 3);
    assert.equal(top.colno, 9);
    assert.equal(top.context_line, '  throw new Error("boom");');
    assert.equal(top.in_app, true);
  });

  it('keeps the template tags and lets typed tags override them; no release or environment when empty', () => {
    const built = template('context').build();
    const input = toEventInput(built, answers({ templateId: 'context', environment: '', tags: 'provider:adyen' }), { release: '' });
    assert.ok(input.ok);
    assert.equal(input.value.tags!.provider, 'adyen');
    assert.equal(input.value.tags!['db.system'], 'postgresql');
    assert.equal(input.value.environment, undefined);
    assert.equal(input.value.release, undefined);
    assert.ok(input.value.contexts?.payment);
  });

  it('refuses answers that slipped past the input boxes', () => {
    const built = template('message').build();
    assert.deepEqual(toEventInput(built, answers({ message: ' ' }), { release: '' }), { ok: false, reason: 'A message is required' });
    const bad = toEventInput(built, answers({ extra: '42' }), { release: '' });
    assert.ok(!bad.ok && /JSON object/.test(bad.reason));
    const badTag = toEventInput(built, answers({ tags: 'nocolon' }), { release: '' });
    assert.ok(!badTag.ok && /key:value/.test(badTag.reason));
  });
});
