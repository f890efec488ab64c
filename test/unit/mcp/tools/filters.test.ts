import { strict as assert } from 'node:assert';
import { MAX_LIMIT, filtersSchema, nextPage, page, pageLine, withinWindow } from '../../../../src/mcp/tools/filters';
import { isLocalOrigin } from '../../../../src/mcp/protocol/mcpHttp';

describe('MCP tool filters (Spotlight\'s shapes) and the HTTP Origin check', () => {
  it('pages with the default limit, lowers a huge limit to the maximum and says so', () => {
    const items = Array.from({ length: 120 }, (_, i) => i);
    const p = page(items, undefined);
    assert.deepEqual([p.items.length, p.total, p.offset], [10, 120, 0]);
    const big = page(items, { limit: 1e9, offset: 100 });
    assert.deepEqual([big.items, big.limit, big.clampedFrom], [items.slice(100), MAX_LIMIT, 1e9]);
    assert.equal(pageLine(big, 'errors'), `Showing 101-120 of 120 errors, newest first. (limit 1000000000 lowered to ${MAX_LIMIT}.)`);
    assert.equal(nextPage(big, 'search_errors', { limit: 1e9, offset: 100 }), undefined);
    assert.equal(nextPage(p, 'search_errors', { timeWindow: 60 }), 'search_errors({"filters":{"timeWindow":60,"limit":10,"offset":10}})');
    assert.equal(pageLine(page([], undefined), 'logs'), 'Showing none of 0 logs, newest first.');
  });

  it('the time window is seconds back from now', () => {
    const test = withinWindow({ timeWindow: 60 }, 1_000_000);
    assert.deepEqual([test(940_000), test(939_999)], [true, false]);
    assert.equal(withinWindow(undefined, 0)(-1), true);
  });

  it('refuses wrong types, negatives, unknown keys', () => {
    for (const bad of [{ limit: 'ten' }, { limit: 0 }, { limit: 1.5 }, { offset: -1 }, { timeWindow: -5 }, { filename: '' }, { since: 1 }]) {
      assert.equal(filtersSchema.safeParse(bad).success, false, JSON.stringify(bad));
    }
    assert.equal(filtersSchema.safeParse({ timeWindow: 60, filename: 'a.ts', limit: 5, offset: 0 }).success, true);
  });

  it('Origin: pages served from this machine only', () => {
    for (const o of ['http://localhost:3000', 'http://127.0.0.1', 'https://app.localhost', 'http://[::1]:8080']) assert.equal(isLocalOrigin(o), true, o);
    for (const o of ['https://evil.example', 'http://localhost.evil.example', 'null', 'vscode-webview://abc', 'http://10.0.0.1']) assert.equal(isLocalOrigin(o), false, o);
  });
});
