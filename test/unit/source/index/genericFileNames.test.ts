import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { FrameResolver } from '../../../../src/source/resolver/frameResolver';
import { makeTree, removeTree } from '../tempTree';

// A frame from outside the workspace whose only tie to a workspace file is a name every package
// has (`__init__.py`, `index.js`) is not that file, even when the SDK marked it in-app.
describe('FrameResolver and generic file names', () => {
  const trees: string[] = [];
  after(() => trees.forEach(removeTree));

  async function resolverOver(files: Record<string, string>): Promise<{ root: string; r: FrameResolver }> {
    const root = makeTree(files, 'sentry-lens-generic-');
    trees.push(root);
    const r = new FrameResolver({ roots: [root], mappings: [] });
    await r.buildIndex();
    return { root, r };
  }

  it("does not send an in-app stdlib package frame to the workspace's pkg/__init__.py", async () => {
    const { r } = await resolverOver({ 'pkg/__init__.py': 'x = 1\n', 'pkg/core.py': '' });
    // The path of a Python this machine does not have: the absolute path cannot be opened here.
    const res = await r.resolve({ absPath: '/usr/lib/python3.99/json/__init__.py', filename: 'json/__init__.py', module: 'json', lineno: 1, inApp: true });
    assert.equal(res.file, null, `chose ${res.file}`);
    const tried = res.candidates.find((c) => c.path.endsWith(join('pkg', '__init__.py')));
    assert.ok(tried, 'the workspace file is still listed as a candidate');
    assert.match(tried.rejected ?? '', /only the generic file name __init__\.py matches/);
  });

  it('does not send an in-app index.js from another folder to src/index.js', async () => {
    const { r } = await resolverOver({ 'src/index.js': 'a\n' });
    const res = await r.resolve({ absPath: '/srv/shop/lib/index.js', lineno: 1, inApp: true });
    assert.equal(res.file, null, `chose ${res.file}`);
  });

  it('still takes a generic name when its parent folder matches too', async () => {
    const { root, r } = await resolverOver({ 'pkg/__init__.py': 'x = 1\n', 'json/__init__.py': 'y = 2\n' });
    const res = await r.resolve({ absPath: '/usr/lib/python3.99/json/__init__.py', filename: 'json/__init__.py', module: 'json', lineno: 1, inApp: true });
    assert.equal(res.file, join(root, 'json/__init__.py'));
  });

  it('still takes a generic name at the workspace root, where no parent folder can be compared (/app/index.js)', async () => {
    const { root, r } = await resolverOver({ 'index.js': 'a\n', 'package.json': '{}' });
    const res = await r.resolve({ absPath: '/app/index.js', lineno: 1, inApp: true });
    assert.equal(res.file, join(root, 'index.js'));
  });

  it('still takes a relative generic path (the frame names no folder outside the workspace)', async () => {
    const { root, r } = await resolverOver({ 'pkg/__init__.py': 'x = 1\n' });
    const res = await r.resolve({ filename: '__init__.py', lineno: 1, inApp: true });
    assert.equal(res.file, join(root, 'pkg/__init__.py'));
  });

  it('still takes a name that is not generic on its name alone (the workspace may be laid out differently)', async () => {
    const { root, r } = await resolverOver({ 'pkg/billing.py': '' });
    const res = await r.resolve({ absPath: '/srv/other/billing.py', lineno: 1, inApp: true });
    assert.equal(res.file, join(root, 'pkg/billing.py'));
  });
});
