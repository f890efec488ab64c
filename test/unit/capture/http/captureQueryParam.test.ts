import { strict as assert } from 'node:assert';
import { queryParam } from '../../../../src/capture/listener/listener';

describe('capture listener: queryParam', () => {
  it('reads a query parameter exactly as URLSearchParams.get does', () => {
    const targets = [
      '/api/1/envelope/?sentry_key=public&sentry_version=7&sentry_client=sentry.javascript.node%2F11.12.0',
      '/api/1/store/?sentry_version=7&sentry_key=abc',
      '/api/1/store/?sentry_key=&sentry_key=second',
      '/api/1/store/?sentry_key',
      '/api/1/store/?sentry%5Fkey=encoded-name',
      '/api/1/store/?sentry_key=a+b%20c%zz',
      '/api/1/store/?other=1&&sentry_key=x%C3%A9y#frag',
      '/api/1/store/?sentry_key=k=v',
      '/api/1/store/?',
      '/api/1/store/',
      '/api/1/store/?a=1&b=2',
    ];
    for (const t of targets) {
      const url = new URL(t, 'http://localhost');
      assert.equal(queryParam(url, 'sentry_key'), url.searchParams.get('sentry_key'), t);
    }
  });
});
