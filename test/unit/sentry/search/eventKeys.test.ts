import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileSearch } from '../../../../src/sentry/search/compile';
import { EVENT_KEYS, eventKeyTable } from '../../../../src/sentry/search/eventKeys';
import { SearchableEvent } from '../../../../src/sentry/search/searchableEvent';

// Events the real SDKs sent for the context scripts (test/helpers/contextSdkScripts.ts, recorded by recordSearchEvents.ts).
const sdkEvents = JSON.parse(readFileSync(join(__dirname, 'sdk-events.json'), 'utf8')) as Array<Record<string, unknown>>;
const fixtures = join(__dirname, '../../../../../shared/fixtures');
const sample = (name: string) => JSON.parse(readFileSync(join(fixtures, 'samples', name), 'utf8')) as Record<string, unknown>;

const NOW = Date.parse('2026-11-29T12:00:00Z');
const caseOf = (e: Record<string, unknown>) => (e.tags as Record<string, string>).case!;

function compiled(query: string, now = NOW) {
  const r = compileSearch(query, eventKeyTable, { now });
  if (!r.ok) throw new Error(`${query}: ${r.reason}`);
  return r.value;
}
/** The `case` tags of the SDK events the query selects, in the order sent. */
function select(query: string): string[] {
  const c = compiled(query);
  return sdkEvents.filter((e) => c.test(new SearchableEvent({ event: e }))).map(caseOf);
}
function matches(query: string, event: Record<string, unknown>, opts: { resolved?: boolean; issue?: { firstSeen: number; lastSeen: number; count: number }; receivedAt?: number } = {}): boolean {
  const e = new SearchableEvent({ event }, { ...(opts.issue ? { issue: () => opts.issue } : {}), ...(opts.receivedAt !== undefined ? { receivedAt: opts.receivedAt } : {}) });
  e.resolved = opts.resolved ?? false;
  return compiled(query).test(e);
}
function failure(query: string) {
  const r = compileSearch(query, eventKeyTable, { now: NOW });
  assert.equal(r.ok, false, `"${query}" should be refused`);
  return r.ok ? { reason: '', start: -1, end: -1 } : r;
}

const ALL = ['stripe-checkout', 'adyen-refund', 'db-timeout', 'cache-down', 'login-message', 'node-braintree', 'node-cache-message'];

describe('event search keys (real SDK events)', () => {
  it('has the recorded events of both SDKs', () => {
    assert.deepEqual(sdkEvents.map(caseOf), ALL);
  });

  it('context.<name>.<field> and contexts.<name>.<field>, with OR across contexts and tags[...] wildcards', () => {
    assert.deepEqual(select('context.payment.provider:stripe'), ['stripe-checkout']);
    assert.deepEqual(select('contexts.payment.provider:stripe'), ['stripe-checkout']);
    assert.deepEqual(select('context.payment.provider:stripe OR tags[db]:*pg*'), ['stripe-checkout', 'db-timeout', 'node-braintree']);
    assert.deepEqual(select('context.payment.currency:EUR OR context.cache.system:memcached'), ['adyen-refund', 'db-timeout']);
    assert.deepEqual(select('context.database.system:postgresql context.cache.hit:false'), ['stripe-checkout']);
    assert.deepEqual(select('context.authentication.mfa:false'), ['adyen-refund', 'login-message']);
    assert.deepEqual(select('context.provider.region:us-*'), ['stripe-checkout', 'cache-down']);
    assert.deepEqual(select('CONTEXT.Payment.Provider:PAYPAL'), ['cache-down']);
    assert.deepEqual(select('context.payment.provider:[adyen, braintree]'), ['adyen-refund', 'node-braintree']);
    assert.deepEqual(select('context.trace.trace_id:*'), ['node-braintree', 'node-cache-message']);
  });

  it('a bare context.<name> is the context itself', () => {
    assert.deepEqual(select('has:context.payment'), ['stripe-checkout', 'adyen-refund', 'cache-down', 'node-braintree']);
    assert.deepEqual(select('context.payment:*'), select('has:context.payment'));
    assert.deepEqual(select('!has:contexts.cache'), ['adyen-refund', 'login-message', 'node-braintree']);
    assert.deepEqual(select('context.authentication:okta'), ['adyen-refund']);
  });

  it('tags bare and as tags[key], with wildcards, lists, negation and has:', () => {
    assert.deepEqual(select('provider:stripe'), ['stripe-checkout']);
    assert.deepEqual(select('tags[db]:*pg*'), ['stripe-checkout', 'db-timeout', 'node-braintree']);
    assert.deepEqual(select('db:pg-*'), ['stripe-checkout', 'db-timeout', 'node-braintree']);
    assert.deepEqual(select('tags[payment.currency]:usd'), ['stripe-checkout']);
    assert.deepEqual(select('cache.hit:true'), ['db-timeout', 'node-cache-message']);
    assert.deepEqual(select('has:provider !provider:[stripe, adyen]'), ['cache-down', 'node-braintree']);
    assert.deepEqual(select('!has:db'), ['cache-down', 'login-message', 'node-cache-message']);
    assert.deepEqual(select('db:""'), ['cache-down', 'login-message', 'node-cache-message']);
  });

  it('AND binds tighter than OR; parentheses regroup', () => {
    assert.deepEqual(select('level:warning OR level:fatal platform:python'), ['adyen-refund', 'db-timeout', 'node-cache-message']);
    assert.deepEqual(select('(level:warning OR level:fatal) platform:python'), ['adyen-refund', 'db-timeout']);
    assert.deepEqual(select('platform:node (has:context.cache OR provider:stripe)'), ['node-cache-message']);
  });

  it('event fields: level, environment, release, platform, message, title, event.type, sdk, user, server_name', () => {
    assert.deepEqual(select('level:error'), ['stripe-checkout', 'cache-down', 'node-braintree']);
    assert.deepEqual(select('level:warn'), ['adyen-refund', 'node-cache-message']);
    assert.deepEqual(select('environment:production release:shop@3.*'), ALL.slice(0, 5));
    assert.deepEqual(select('env:staging'), ['node-braintree', 'node-cache-message']);
    assert.deepEqual(select('platform:node'), ['node-braintree', 'node-cache-message']);
    assert.deepEqual(select('message:throttled'), ['login-message']);
    assert.deepEqual(select('message:"order 1001"'), ['stripe-checkout']);
    assert.deepEqual(select('title:CheckoutError'), ['stripe-checkout']);
    assert.deepEqual(select('event.type:error'), ALL);
    assert.deepEqual(select('sdk.name:sentry.python'), ALL.slice(0, 5));
    assert.deepEqual(select('sdk.name:sentry.javascript.* sdk.version:11.*'), ['node-braintree', 'node-cache-message']);
    assert.deepEqual(select('user.id:u-1 OR user.email:*@example.com'), ['stripe-checkout', 'adyen-refund', 'node-braintree']);
    assert.deepEqual(select('user.username:linus'), ['cache-down']);
    assert.deepEqual(select('has:user'), ['stripe-checkout', 'adyen-refund', 'cache-down', 'node-braintree']);
    assert.deepEqual(select('has:server_name platform:node'), ['node-braintree', 'node-cache-message']);
    assert.deepEqual(select('runtime.name:node'), ['node-braintree', 'node-cache-message']);
  });

  it('error and stack keys', () => {
    assert.deepEqual(select('error.type:DatabaseTimeout OR error.type:TypeError'), ['db-timeout', 'node-braintree']);
    assert.deepEqual(select('error.value:"connection refused"'), ['cache-down']);
    assert.deepEqual(select('error.message:*undefined*'), ['node-braintree']);
    // @sentry/node sends its message events with a synthetic exception (and so a stack trace) too.
    assert.deepEqual(select('error.handled:true'), ['stripe-checkout', 'adyen-refund', 'db-timeout', 'cache-down', 'node-braintree', 'node-cache-message']);
    assert.deepEqual(select('error.unhandled:true'), []);
    assert.deepEqual(select('has:error.mechanism'), ['node-braintree', 'node-cache-message']);
    assert.deepEqual(select('stack.filename:context.py'), ALL.slice(0, 4));
    assert.deepEqual(select('stack.function:raise_it'), ALL.slice(0, 4));
    assert.deepEqual(select('stack.function:chargeCard'), ['node-braintree']);
    assert.deepEqual(select('stack.module:__main__ level:fatal'), ['db-timeout']);
    assert.deepEqual(select('stack.abs_path:*/context.py OR stack.filename:*/context.mjs'), ['stripe-checkout', 'adyen-refund', 'db-timeout', 'cache-down', 'node-braintree', 'node-cache-message']);
    assert.deepEqual(select('trace:* OR trace.id:*'), ['node-braintree', 'node-cache-message']);
  });

  it('free text is title, message and culprit; words AND, quotes keep phrases', () => {
    assert.deepEqual(select('refund adyen'), ['adyen-refund']);
    assert.deepEqual(select('"card declined"'), ['stripe-checkout']);
    assert.deepEqual(select('redis OR warmed'), ['cache-down', 'node-cache-message']);
    assert.deepEqual(select('!error'), ['adyen-refund', 'db-timeout', 'cache-down', 'login-message', 'node-cache-message']);
  });

  it('the fixtures: legacy interfaces, contexts, REST-style tags', () => {
    const js = sample('javascript.json');
    assert.ok(matches('os.name:"Mac OS X" browser.name:Chrome user.email:mail@example.org user.ip:127.0.0.1', js));
    assert.ok(matches('stack.abs_path:https://sentry.io/* stack.function:member', js));
    assert.ok(matches('contexts.browser.version:65.*', js));
    const py = sample('python-modern.json');
    assert.ok(matches('handled:no mechanism:excepthook runtime.name:CPython server_name:web01.example.org', py));
    assert.ok(matches('stack.filename:main.py stack.module:__main__ error.type:Exception', py));
    assert.ok(matches('timestamp:2025-06-27', py));
    const java = sample('java.json');
    assert.ok(matches('release:3.0.2 url:http://localhost:8080/ sdk.name:sentry-java device:Other', java));
  });

  it('numbers and dates: timesSeen, firstSeen, lastSeen, timestamp, absolute and relative', () => {
    const ev = { message: 'x', timestamp: '2026-11-29T10:30:00Z' };
    const issue = { firstSeen: Date.parse('2026-11-20T00:00:00Z'), lastSeen: Date.parse('2026-11-29T10:30:00Z'), count: 12 };
    assert.ok(matches('timesSeen:>10 timesSeen:<=12 timesSeen:12', ev, { issue }));
    assert.ok(!matches('timesSeen:>12', ev, { issue }));
    assert.ok(matches('timestamp:-2h', ev) && !matches('timestamp:-1h', ev));
    assert.ok(matches('timestamp:+1h', ev) && !matches('timestamp:+2h', ev));
    assert.ok(matches('timestamp:>-2h timestamp:<-1h', ev));
    assert.ok(matches('timestamp:2026-11-29 timestamp:>=2026-11-29T10:30 timestamp:<2026-11-29T10:31:00Z', ev));
    assert.ok(!matches('timestamp:>2026-11-29', ev));
    assert.ok(matches('timestamp:<=2026-11-29 timestamp:>2026-11-28', ev));
    assert.ok(matches('timestamp:2026-11-29T12:30:00+02:00', ev));
    assert.ok(matches('firstSeen:-10d !firstSeen:-7d lastSeen:-1d firstSeen:<2026-11-21', ev, { issue }));
    assert.ok(matches('age:+7d', ev, { issue }));
    assert.ok(!matches('timesSeen:>0', ev)); // no issue figures known: no match rather than a guess
    assert.ok(matches('timestamp:-1d', { message: 'no timestamp' }, { receivedAt: NOW - 1000 }));
  });

  it('is: reads the local resolved state', () => {
    const ev = sdkEvents[0]!;
    assert.ok(matches('is:unresolved', ev) && !matches('is:resolved', ev));
    assert.ok(matches('is:resolved', ev, { resolved: true }) && matches('!is:unresolved', ev, { resolved: true }));
  });

  it('refuses unknown keys and wrong values, with their position', () => {
    const cases: Array<[string, RegExp, number]> = [
      ['level:error error.typo:x', /unknown key "error.typo" at position 13 for events: did you mean error.type\?/, 12],
      ['stack.line:3', /unknown key "stack.line" at position 1 for events: the stack.\* keys are stack.filename, stack.function/, 0],
      ['enviroment:prod', /unknown key "enviroment" at position 1 for events: did you mean environment\? \(for a tag of that name: tags\[enviroment\]:value\)/, 0],
      // Two neighbouring letters swapped is one slip, not two.
      ['levle:error', /unknown key "levle" at position 1 for events: did you mean level\? \(for a tag of that name: tags\[levle\]:value\)/, 0],
      ['x relaese:1.0', /unknown key "relaese" at position 3 for events: did you mean release\?/, 2],
      ['has:user.phone', /unknown key "user.phone" at position 5/, 4],
      ['context:x', /name the context: context.<name>/, 0],
      ['tags:x', /name the tag: tags\[name\]:value/, 0],
      ['tags[ ]:x', /"tags\[\]" needs a tag name/, 0],
      ['level:bogus', /unknown level "bogus": use one of fatal, error, warning, info, debug \(at position 7\)/, 6],
      ['is:ignored', /"is:ignored" is not supported here: use is:resolved or is:unresolved \(at position 4\)/, 3],
      ['timesSeen:many', /"many" at position 11 is not a number: timesSeen takes a number, e.g. timesSeen:>10/, 10],
      ['timesSeen:1*', /"timesSeen" at position 1 takes a number: wildcards work on text only/, 10],
      ['timestamp:yesterday', /"yesterday" is not a date: use an ISO date .* \(at position 11\)/, 10],
      ['timestamp:2026-13-01', /not a valid date/, 10],
      ['error.handled:maybe', /"maybe" at position 15 is not true or false/, 14],
      ['error.handled:>1', /is true or false: ">" compares numbers, durations and dates/, 0],
      ['x level:>error', /"level" at position 3 is text: ">" compares numbers, durations and dates/, 2],
      ['has:[a, b]', /"has:" at position 1 takes one key/, 0],
      ['has:level*', /takes one key without wildcards/, 4],
    ];
    for (const [text, re, start] of cases) {
      const f = failure(text);
      assert.match(f.reason, re, text);
      assert.equal(f.start, start, `start of the error in ${text}`);
    }
  });

  it('reads a bare name far from every key as a tag, and says so with its position', () => {
    const q = compiled('level:error payment_provider:stripe');
    assert.deepEqual(q.notes, [
      {
        message: '"payment_provider" is not one of the event keys: read as the tag payment_provider (write tags[payment_provider] to say so) (position 13)',
        start: 12,
        end: 28,
      },
    ]);
    // It still applies: the tag of that name is read.
    assert.ok(matches('payment_provider:stripe', { message: 'x', tags: { payment_provider: 'stripe' } }));
    assert.ok(!matches('payment_provider:stripe', { message: 'x', tags: { payment_provider: 'adyen' } }));
    // Said to be a tag, or a known key: nothing to say.
    assert.deepEqual(compiled('tags[payment_provider]:stripe level:error').notes, []);
    assert.deepEqual(compiled('').notes, []);
  });

  it('every fixed key and alias reads its field: a value it has matches, one it has not does not', () => {
    // A real @sentry/node event, with what that run did not set added in Sentry's shapes.
    const base = structuredClone(sdkEvents.find((e) => caseOf(e) === 'node-braintree')!);
    const frames = ((base.exception as { values: Array<{ stacktrace: { frames: Array<Record<string, unknown>> } }> }).values[0]!.stacktrace.frames);
    frames.push({ filename: 'app/pay.js', abs_path: '/srv/app/pay.js', function: 'charge', module: 'pay', package: 'shop-core', in_app: true });
    Object.assign(base, {
      transaction: 'POST /pay',
      logger: 'payments',
      dist: 'b42',
      request: { url: 'https://shop.example/pay', method: 'POST' },
      user: { id: 'u-9', email: 'node@example.com', username: 'nodey', ip_address: '10.0.0.9' },
    });
    (base.contexts as Record<string, unknown>).os = { name: 'Linux', version: '6.1' };
    (base.contexts as Record<string, unknown>).browser = { name: 'Firefox' };
    (base.contexts as Record<string, unknown>).device = { family: 'Desktop', model: 'XPS' };
    (base.contexts as Record<string, Record<string, unknown>>).trace!.parent_span_id = 'f'.repeat(16);
    const trace = (base.contexts as Record<string, Record<string, string>>).trace!;
    const issue = { firstSeen: NOW - 3 * 86_400_000, lastSeen: NOW - 60_000, count: 7 };
    const yes: Record<string, string> = {
      message: 'message:brand',
      title: 'title:TypeError*',
      culprit: 'culprit:*',
      level: 'level:error',
      environment: 'environment:staging',
      release: 'release:web@2.0.0',
      platform: 'platform:node',
      transaction: 'transaction:"POST /pay"',
      'event.type': 'event.type:error',
      id: `id:${String(base.event_id)}`,
      'error.type': 'error.type:TypeError',
      'error.value': 'error.value:"reading \\"brand\\""',
      'error.handled': 'error.handled:true',
      'error.unhandled': 'error.unhandled:false',
      'error.mechanism': 'error.mechanism:generic',
      'stack.filename': 'stack.filename:app/pay.js',
      'stack.function': 'stack.function:charge',
      'stack.module': 'stack.module:pay',
      'stack.abs_path': 'stack.abs_path:/srv/app/pay.js',
      'stack.package': 'stack.package:shop-core',
      user: 'user:nodey',
      'user.id': 'user.id:u-9',
      'user.email': 'user.email:node@example.com',
      'user.username': 'user.username:nodey',
      'user.ip': 'user.ip:10.0.0.9',
      url: 'url:https://shop.example/*',
      'http.method': 'http.method:post',
      'sdk.name': 'sdk.name:sentry.javascript.node',
      'sdk.version': 'sdk.version:11.12.0',
      'os.name': 'os.name:linux',
      'browser.name': 'browser.name:Firefox',
      'runtime.name': 'runtime.name:node',
      trace: `trace:${trace.trace_id}`,
      'trace.span': `trace.span:${trace.span_id}`,
      'trace.parent_span': 'trace.parent_span:ffff*',
      logger: 'logger:payments',
      server_name: 'has:server_name',
      dist: 'dist:b42',
      timestamp: 'timestamp:>2020-01-01',
      firstSeen: 'firstSeen:-4d',
      lastSeen: 'lastSeen:-1h',
      timesSeen: 'timesSeen:7',
      is: 'is:unresolved',
    };
    const no: Record<string, string> = {
      message: 'message:refund', title: 'title:Range*', culprit: 'culprit:nowhere', level: 'level:info', environment: 'environment:production', release: 'release:web@1*', platform: 'platform:python',
      transaction: 'transaction:GET*', 'event.type': 'event.type:transaction', id: 'id:0', 'error.type': 'error.type:RangeError', 'error.value': 'error.value:timeout', 'error.handled': 'error.handled:false',
      'error.unhandled': 'error.unhandled:true', 'error.mechanism': 'error.mechanism:onunhandledrejection', 'stack.filename': 'stack.filename:pay.js', 'stack.function': 'stack.function:refund',
      'stack.module': 'stack.module:refunds', 'stack.abs_path': 'stack.abs_path:/tmp/*.py', 'stack.package': 'stack.package:other', user: 'user:someone', 'user.id': 'user.id:u-1', 'user.email': 'user.email:*@other.test',
      'user.username': 'user.username:ada', 'user.ip': 'user.ip:127.0.0.1', url: 'url:*/refund', 'http.method': 'http.method:GET', 'sdk.name': 'sdk.name:sentry.python', 'sdk.version': 'sdk.version:1.*',
      'os.name': 'os.name:Windows', 'browser.name': 'browser.name:Chrome', 'runtime.name': 'runtime.name:CPython', trace: 'trace:0', 'trace.span': 'trace.span:0', 'trace.parent_span': 'trace.parent_span:0',
      logger: 'logger:root', server_name: '!has:server_name', dist: 'dist:b1', timestamp: 'timestamp:<2020-01-01', firstSeen: 'firstSeen:-1d', lastSeen: 'lastSeen:+1d', timesSeen: 'timesSeen:>7', is: 'is:resolved',
    };
    for (const key of Object.keys(EVENT_KEYS)) {
      assert.ok(yes[key] && no[key], `a test for the key ${key}`);
      assert.ok(matches(yes[key]!, base, { issue }), `${yes[key]} should match`);
      assert.ok(!matches(no[key]!, base, { issue }), `${no[key]} should not match`);
    }
    // Aliases and the context namespaces.
    for (const q of ['event.id:*', 'event_id:*', 'env:staging', 'error.message:*brand*', 'trace.id:*', 'user.ip_address:10.*', 'request.url:https:*', 'age:-4d', 'event.timestamp:-3650d', 'device.family:Desktop', 'device.model:XPS', 'os.version:6.*', 'browser.name:firefox', 'app.name:""'])
      assert.ok(matches(q, base, { issue }), q);
  });

  it('documents every fixed key', () => {
    for (const [name, def] of Object.entries(EVENT_KEYS)) assert.ok(def.doc.length > 3, name);
  });
});
