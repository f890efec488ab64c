import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { FileIndex } from '../../../../src/source/index/fileIndex';
import { makeTree, removeTree, writeTree } from '../tempTree';

describe('FileIndex', () => {
  let a: string;
  let b: string;
  before(() => {
    a = makeTree({
      'src/app/views.py': '',
      'lib/views.py': '',
      'dist/app/views.py': '',
      'node_modules/pkg/views.py': '',
      '.git/views.py': '',
      '__pycache__/views.py': '',
    });
    b = makeTree({ 'app/views.py': '', 'z/app/views.py': '' });
  });
  after(() => {
    removeTree(a);
    removeTree(b);
  });

  it('indexes every root but skips dependency, VCS and cache folders', async () => {
    const idx = new FileIndex([a, b]);
    await idx.build();
    assert.equal(idx.size, 5);
    assert.ok(idx.has(join(a, 'dist/app/views.py')));
    assert.ok(!idx.has(join(a, 'node_modules/pkg/views.py')));
    assert.ok(!idx.has(join(a, '.git/views.py')));
  });

  it('ranks by matching segments, then source over build output, then root, then depth', async () => {
    const idx = new FileIndex([a, b]);
    await idx.build();
    const m = idx.suffixMatches(['srv', 'app', 'views.py']).map((x) => [x.file.path, x.matched]);
    assert.deepEqual(m, [
      [join(a, 'src/app/views.py'), 2],
      [join(b, 'app/views.py'), 2],
      [join(b, 'z/app/views.py'), 2],
      [join(a, 'dist/app/views.py'), 2],
      [join(a, 'lib/views.py'), 1],
    ]);
    assert.deepEqual(idx.suffixMatches(['nothing.py']), []);
  });

  it('follows files created and deleted, and ignores paths outside the roots or in ignored folders', async () => {
    const idx = new FileIndex([a]);
    await idx.build();
    writeTree(a, { 'pkg/new/mod.py': '' });
    assert.equal(idx.add(join(a, 'pkg/new/mod.py')), true);
    assert.equal(idx.suffixMatches(['new', 'mod.py'])[0]?.matched, 2);
    assert.equal(idx.add(join(a, 'node_modules/x/mod.py')), false);
    assert.equal(idx.add('/elsewhere/mod.py'), false);
    assert.equal(idx.remove(join(a, 'pkg/new/mod.py')), 1);
    assert.deepEqual(idx.suffixMatches(['mod.py']), []);
    // A deleted folder removes everything under it.
    assert.equal(idx.remove(join(a, 'src')), 1);
    assert.ok(!idx.has(join(a, 'src/app/views.py')));
  });

  it('answers the same for common names (a trie over their folders) as for rare ones', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 100; i++) files[`pkg${i % 10}/mod${i}/index.ts`] = '';
    files['dist/mod7/index.ts'] = '';
    const root = makeTree(files);
    try {
      const idx = new FileIndex([root]);
      await idx.build();
      const hit = idx.bestSuffixMatches(['srv', 'pkg7', 'mod7', 'index.ts'], 3);
      assert.equal(hit.total, 101);
      assert.deepEqual(hit.top.map((m) => [m.file.path, m.matched]), [
        [join(root, 'pkg7/mod7/index.ts'), 3],
        [join(root, 'dist/mod7/index.ts'), 2],
        [join(root, 'pkg0/mod0/index.ts'), 1], // the runner-up by tie-breaks among the basename-only matches
      ]);
      // No folder of that name: every file matches by the basename only; tie-breaks pick the shallowest, then alphabetical.
      const miss = idx.bestSuffixMatches(['elsewhere', 'index.ts'], 2);
      assert.deepEqual(miss.top.map((m) => [m.file.path, m.matched]), [[join(root, 'pkg0/mod0/index.ts'), 1], [join(root, 'pkg0/mod10/index.ts'), 1]]);
      // Incremental updates reach the second-level index.
      writeTree(root, { 'extra/mod7/index.ts': '' });
      idx.add(join(root, 'extra/mod7/index.ts'));
      assert.equal(idx.bestSuffixMatches(['mod7', 'index.ts'], 10).top.filter((m) => m.matched === 2).length, 3);
      idx.remove(join(root, 'pkg7'));
      assert.deepEqual(idx.bestSuffixMatches(['pkg7', 'mod7', 'index.ts'], 1).top.map((m) => m.file.path), [join(root, 'extra/mod7/index.ts')]);
    } finally {
      removeTree(root);
    }
  });

  it('stops when aborted', async () => {
    const idx = new FileIndex([a]);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(idx.build({ signal: ac.signal }), /stop/);
  });
});
