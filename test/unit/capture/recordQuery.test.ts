import { strict as assert } from 'node:assert';
import { compileRecordQuery } from '../../../src/capture/recordQuery';

interface R {
  body: string;
  level: string;
  attrs: Record<string, unknown>;
}
const fields = { text: (r: R) => r.body, field: (r: R, k: string) => (k === 'level' ? r.level : r.attrs[k]) };
const rows: R[] = [
  { body: 'Cache miss for user', level: 'debug', attrs: { userId: 123 } },
  { body: 'Failed to process payment', level: 'error', attrs: { orderId: 'order_123' } },
  { body: 'payment ok', level: 'info', attrs: {} },
];
const run = (q: string) => {
  const c = compileRecordQuery(q, fields);
  assert.ok(c.ok, c.ok ? '' : c.reason);
  return rows.filter(c.value).map((r) => r.body);
};

describe('compileRecordQuery', () => {
  it('matches free text as a case-insensitive substring, all terms together', () => {
    assert.deepEqual(run('PAYMENT'), ['Failed to process payment', 'payment ok']);
    assert.deepEqual(run('payment failed'), ['Failed to process payment']);
    assert.deepEqual(run(''), rows.map((r) => r.body));
  });

  it('matches key:value on fields and attributes, whole value, with * and quotes and !', () => {
    assert.deepEqual(run('level:error'), ['Failed to process payment']);
    assert.deepEqual(run('!level:error payment'), ['payment ok']);
    assert.deepEqual(run('orderId:order_*'), ['Failed to process payment']);
    assert.deepEqual(run('userId:123'), ['Cache miss for user']);
    assert.deepEqual(run('"miss for"'), ['Cache miss for user']);
  });

  it('refuses an unclosed quote with a reason', () => {
    const c = compileRecordQuery('body:"oops', fields);
    assert.equal(c.ok, false);
    assert.match(c.ok ? '' : c.reason, /unbalanced quote/);
  });
});
