import { strict as assert } from 'node:assert';
import { moduleSegments, normalizeFramePath, stripFramePrefixes } from '../../../../src/source/index/pathNormalize';

describe('normalizeFramePath', () => {
  const cases: Array<[string, string, boolean]> = [
    ['app:///dist/bundle.js', 'dist/bundle.js', false],
    ['app://dist/bundle.js', 'dist/bundle.js', false],
    ['webpack://my-app/./src/components/App.tsx', 'src/components/App.tsx', false],
    ['webpack:///./src/index.ts', 'src/index.ts', false],
    ['webpack-internal:///./src/pages/index.tsx', 'src/pages/index.tsx', false],
    ['webpack-internal:///(app-pages-browser)/./src/app/page.tsx', 'src/app/page.tsx', false],
    ['file:///home/me/proj/src/a.js', '/home/me/proj/src/a.js', true],
    ['file:///C:/Users/me/proj/a.js', 'C:/Users/me/proj/a.js', true],
    ['~/src/a.js', 'src/a.js', false],
    ['./src/a.js', 'src/a.js', false],
    ['https://example.com:8080/static/js/main.js?v=3#x', '/static/js/main.js', false],
    ['C:\\Users\\me\\proj\\app\\views.py', 'C:/Users/me/proj/app/views.py', true],
    ['/srv/app/main.py', '/srv/app/main.py', true],
    ['app/views.py', 'app/views.py', false],
    ['  /srv/app/main.py  ', '/srv/app/main.py', true],
    ['/srv/app/chunk.js?v=3#L1', '/srv/app/chunk.js', true],
    ['C:\\proj\\app.js?x', 'C:/proj/app.js', true],
    ['(rsc)/./src/app/page.tsx', 'src/app/page.tsx', false],
    ['/srv/odd://name.js', '/srv/odd://name.js', true],
    ['not a url://x/y.js', 'not a url://x/y.js', false],
  ];
  for (const [raw, path, absolute] of cases) {
    it(`strips ${raw}`, () => {
      assert.deepEqual(stripFramePrefixes(raw), { path, absolute });
    });
  }

  it('drops . and .. segments and finds vendored folders', () => {
    const p = normalizeFramePath('webpack-internal:///../../spotlight/packages/core/dist/x.js');
    assert.deepEqual(p.segments, ['spotlight', 'packages', 'core', 'dist', 'x.js']);
    const v = normalizeFramePath('/app/node_modules/express/lib/router/index.js');
    assert.deepEqual(v.vendored, { dir: 'node_modules', rest: ['express', 'lib', 'router', 'index.js'] });
    assert.equal(normalizeFramePath('/usr/lib/python3/dist-packages/requests/api.py').vendored?.dir, 'dist-packages');
    assert.equal(normalizeFramePath('/src/app.js').vendored, undefined);
  });
});

describe('moduleSegments', () => {
  it('turns a Java class into its package folder and the file name', () => {
    assert.deepEqual(moduleSegments('io.sentry.example.Sidebar', 'Sidebar.java'), ['io', 'sentry', 'example', 'Sidebar.java']);
    assert.deepEqual(moduleSegments('io.sentry.example.Sidebar$Inner', 'Sidebar.java'), ['io', 'sentry', 'example', 'Sidebar.java']);
    assert.deepEqual(moduleSegments('com.acme.UtilKt', 'Util.kt'), ['com', 'acme', 'Util.kt']);
  });
  it('turns a Python module into its path, packages included', () => {
    assert.deepEqual(moduleSegments('app.services.billing', 'billing.py'), ['app', 'services', 'billing.py']);
    assert.deepEqual(moduleSegments('app.services', '__init__.py'), ['app', 'services', '__init__.py']);
  });
  it('says nothing for __main__, a missing module or a missing basename', () => {
    assert.equal(moduleSegments('__main__', 'main.py'), undefined);
    assert.equal(moduleSegments(undefined, 'main.py'), undefined);
    assert.equal(moduleSegments('a.b', undefined), undefined);
  });
});
