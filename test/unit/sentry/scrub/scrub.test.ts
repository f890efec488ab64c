import { strict as assert } from 'node:assert';
import { createScrubber, defaultScrubber, DEFAULT_SENSITIVE_KEYS, FILTERED, MAX_SCRUB_DEPTH, type Scrubber } from '../../../../src/sentry/scrub/scrub';

function scrubber(opts?: Parameters<typeof createScrubber>[0]): Scrubber {
  const r = createScrubber(opts);
  if (!r.ok) throw new Error(r.reason);
  return r.value;
}

describe('scrubbing: sensitive keys', () => {
  it('filters sensitive keys in tags, extra, contexts, user, request, breadcrumbs and frame vars', () => {
    const event = {
      event_id: '0123456789abcdef0123456789abcdef',
      tags: { api_key: 'k1', region: 'eu' },
      extra: { password: 'hunter2', 'Set-Cookie': 'sid=1', nested: { clientSecret: 'x', ok: 'fine' } },
      contexts: { app: { AccessToken: 'abc', name: 'shop' } },
      user: { id: '42', ssn: '078-05-1120', 'credit card': '4111111111111111', cvv: '123' },
      request: {
        url: 'https://shop.example/checkout',
        headers: { Authorization: 'Basic dXNlcjpwYXNz', 'X-Api-Key': 'secret', Accept: 'text/html' },
        cookies: { sessionid: 'abc', theme: 'dark' },
        data: { card_number: '4242 4242 4242 4242', csrfmiddlewaretoken: 't', quantity: 2 },
      },
      breadcrumbs: { values: [{ category: 'http', data: { Authorization: 'x', status_code: 200 } }] },
      exception: { values: [{ type: 'Error', value: 'boom', stacktrace: { frames: [{ function: 'pay', lineno: 3, vars: { passwd: 'p', amount: 10 } }] } }] },
    };
    const out = defaultScrubber(event);
    assert.deepEqual(out.tags, { api_key: FILTERED, region: 'eu' });
    assert.deepEqual(out.extra, { password: FILTERED, 'Set-Cookie': FILTERED, nested: { clientSecret: FILTERED, ok: 'fine' } });
    assert.deepEqual(out.contexts, { app: { AccessToken: FILTERED, name: 'shop' } });
    assert.deepEqual(out.user, { id: '42', ssn: FILTERED, 'credit card': FILTERED, cvv: FILTERED });
    assert.deepEqual(out.request.headers, { Authorization: FILTERED, 'X-Api-Key': FILTERED, Accept: 'text/html' });
    assert.deepEqual(out.request.cookies, { sessionid: FILTERED, theme: FILTERED }, 'every value under a cookie key is filtered');
    assert.deepEqual(out.request.data, { card_number: FILTERED, csrfmiddlewaretoken: FILTERED, quantity: 2 });
    assert.deepEqual(out.breadcrumbs.values[0]!.data, { Authorization: FILTERED, status_code: 200 });
    assert.deepEqual(out.exception.values[0]!.stacktrace.frames[0]!.vars, { passwd: FILTERED, amount: 10 });
    assert.equal(out.event_id, event.event_id);
  });

  it('matches keys ignoring case and separators, short names only as whole words', () => {
    const out = defaultScrubber({ a: { SESSION_ID: 1, 'x-auth-key': 2, author: 3, authorName: 4, AuthToken: 5, sessionId: 6, passport: 7, pinCode: 8, opinion: 9 } });
    assert.deepEqual(out.a, { SESSION_ID: FILTERED, 'x-auth-key': FILTERED, author: 3, authorName: 4, AuthToken: FILTERED, sessionId: FILTERED, passport: 7, pinCode: FILTERED, opinion: 9 });
  });

  it('keeps the shape of objects under a sensitive key (contexts stay objects)', () => {
    const out = defaultScrubber({ contexts: { auth: { method: 'oauth', mfa: true, depth: { n: 1 } } } });
    assert.deepEqual(out.contexts, { auth: { method: FILTERED, mfa: FILTERED, depth: { n: FILTERED } } });
  });

  it('reads [key, value] pair lists (tags and headers as lists)', () => {
    const out = defaultScrubber({ tags: [['token', 'abc'], ['env', 'prod']], request: { headers: [['Cookie', 'a=b'], ['Host', 'x']] } });
    assert.deepEqual(out.tags, [['token', FILTERED], ['env', 'prod']]);
    assert.deepEqual(out.request.headers, [['Cookie', FILTERED], ['Host', 'x']]);
  });

  it('exports the default key list', () => {
    for (const k of ['password', 'secret', 'token', 'api_key', 'authorization', 'cookie', 'ssn', 'credit_card']) assert.ok(DEFAULT_SENSITIVE_KEYS.includes(k), k);
  });
});

describe('scrubbing: sensitive values', () => {
  it('filters Luhn-valid card numbers with spaces or dashes, alone or inside text, and leaves other numbers', () => {
    const out = defaultScrubber({
      extra: {
        visa: '4111 1111 1111 1111',
        amex: '3782-822463-10005',
        inText: 'charge 5555555555554444 failed',
        asNumber: 4012888888881881,
        notLuhn: '4111 1111 1111 1112',
        phone: '+1 555 0100',
        orderId: 1234567890123,
      },
    });
    assert.deepEqual(out.extra, {
      visa: FILTERED,
      amex: FILTERED,
      inText: `charge ${FILTERED} failed`,
      asNumber: FILTERED,
      notLuhn: '4111 1111 1111 1112',
      phone: '+1 555 0100',
      orderId: 1234567890123,
    });
  });

  it('filters US social security numbers but not impossible ones or dates', () => {
    const out = defaultScrubber({ extra: { a: 'ssn of 078-05-1120 here', b: '000-12-3456', c: '2024-01-15', d: '666-12-3456' } });
    assert.deepEqual(out.extra, { a: `ssn of ${FILTERED} here`, b: '000-12-3456', c: '2024-01-15', d: '666-12-3456' });
  });

  it('keeps an 8-character prefix of API-key-like values', () => {
    const values = {
      stripe: 'sk_live_51HxYzAbCdEfGhIjKlMnOp',
      github: 'ghp_16C7e42F292c6912E7710c838347Ae178B4a',
      slack: 'xoxb-123456789012-abcdefABCDEF',
      aws: 'AKIAIOSFODNN7EXAMPLE',
      bearer: 'Bearer eyJhbGciOiJIUzI1NiJ9abcdef',
      sentryOrg: 'sntrys_eyJpYXQiOjE2ODQyNzAwMDB9_abcDEF123',
      sentryUser: 'sntryu_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab',
      entropy: 'q8Zt3LmN0xR7vB2kP9wJ4sD6fH1gY5cE',
      inText: 'used key sk_test_4eC39HqLyjWDarjtT1zdp7dc for the call',
    };
    const out = defaultScrubber({ extra: values });
    assert.deepEqual(out.extra, {
      stripe: `sk_live_${FILTERED}`,
      github: `ghp_16C7${FILTERED}`,
      slack: `xoxb-123${FILTERED}`,
      aws: `AKIAIOSF${FILTERED}`,
      bearer: `Bearer e${FILTERED}`,
      sentryOrg: `sntrys_e${FILTERED}`,
      sentryUser: `sntryu_0${FILTERED}`,
      entropy: `q8Zt3LmN${FILTERED}`,
      inText: `used key sk_test_${FILTERED} for the call`,
    });
  });

  it('leaves hex ids, UUIDs, paths and words alone', () => {
    const calm = {
      traceLike: '0123456789abcdef0123456789abcdef',
      uuid: '123e4567-e89b-12d3-a456-426614174000',
      path: '/home/user/project/src/components/CheckoutFormContainer.tsx',
      sentence: 'The quick brown fox jumps over the lazy dog',
    };
    assert.deepEqual(defaultScrubber({ extra: calm }).extra, calm);
  });

  it('filters DSN keys and URL passwords embedded in strings', () => {
    const out = defaultScrubber({
      extra: {
        logLine: 'init with https://abcdef0123456789abcdef0123456789@o1.ingest.sentry.io/2 now',
        db: 'postgres://app:pa55word@db.internal:5432/orders',
      },
    });
    assert.deepEqual(out.extra, {
      logLine: `init with https://${FILTERED}@o1.ingest.sentry.io/2 now`,
      db: `postgres://app:${FILTERED}@db.internal:5432/orders`,
    });
  });

  it('filters sensitive name=value pairs inside text', () => {
    const out = defaultScrubber({ message: 'login failed password=hunter2 user=bob', request: { query_string: 'page=2&api_key=abc123&q=x' } });
    assert.equal(out.message, `login failed password=${FILTERED} user=bob`);
    assert.equal(out.request.query_string, `page=2&api_key=${FILTERED}&q=x`);
  });

  it('does not pattern-scrub identifiers and code locations', () => {
    const event = { event_id: '0123456789abcdef0123456789abcdef', sdk: { name: 'x', version: '1' }, exception: { values: [{ stacktrace: { frames: [{ filename: 'static/js/main.A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6.js', lineno: 1234567890123 }] } }] } };
    assert.deepEqual(defaultScrubber(event), event);
  });
});

describe('scrubbing: configuration', () => {
  it('adds extra keys and patterns', () => {
    const s = scrubber({ extraKeys: ['tenant-id'], extraPatterns: ['ORD-\\d{6}'] });
    const out = s({ extra: { tenantId: 'acme', note: 'order ORD-123456 shipped', other: 'ok' } });
    assert.deepEqual(out.extra, { tenantId: FILTERED, note: `order ${FILTERED} shipped`, other: 'ok' });
  });

  it('explains a bad pattern or key', () => {
    const bad = createScrubber({ extraPatterns: ['(unclosed'] });
    assert.equal(bad.ok, false);
    assert.match(bad.ok ? '' : bad.reason, /^the scrubbing pattern "\(unclosed" is not a valid regular expression \(.+\)$/);
    const empty = createScrubber({ extraPatterns: ['a*'] });
    assert.equal(empty.ok ? '' : empty.reason, 'the scrubbing pattern "a*" matches the empty string, so it would filter nothing useful');
    const key = createScrubber({ extraKeys: ['--'] });
    assert.equal(key.ok ? '' : key.reason, 'the scrubbing key "--" has no letters or digits');
  });
});

describe('scrubbing: safety', () => {
  it('returns a deep copy and never changes its input', () => {
    const input = { extra: { password: 'x', list: [1, { token: 't' }] } };
    const before = JSON.stringify(input);
    const out = defaultScrubber(input);
    assert.equal(JSON.stringify(input), before);
    assert.notEqual(out.extra, input.extra);
    assert.deepEqual(out.extra.list, [1, { token: FILTERED }]);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    a.list = [a];
    const out = defaultScrubber({ extra: a });
    assert.deepEqual(out.extra, { name: 'a', self: '[Circular]', list: ['[Circular]'] });
  });

  it('keeps "__proto__" keys as data without touching prototypes', () => {
    const input = JSON.parse('{"extra":{"__proto__":{"polluted":true,"password":"x"}}}') as { extra: Record<string, unknown> };
    const out = defaultScrubber(input);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(Object.getPrototypeOf(out.extra), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out.extra, '__proto__')?.value, { polluted: true, password: FILTERED });
    assert.equal(JSON.stringify(out), '{"extra":{"__proto__":{"polluted":true,"password":"[Filtered]"}}}');
  });

  it('caps the depth of very deep values', () => {
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 5000; i++) deep = { d: deep };
    const out = defaultScrubber(deep);
    let cur: unknown = out;
    let depth = 0;
    while (typeof cur === 'object' && cur !== null) {
      cur = (cur as Record<string, unknown>).d;
      depth++;
    }
    assert.equal(cur, '[MaxDepth]');
    assert.equal(depth, MAX_SCRUB_DEPTH);
  });

  it('turns Dates into ISO strings and drops functions', () => {
    const out = defaultScrubber({ extra: { at: new Date(0), fn: () => 1, big: 10n } });
    assert.deepEqual(out.extra, { at: '1970-01-01T00:00:00.000Z', big: '10' });
  });
});
