// The .vsix holds only what runs: package.json, README, CHANGELOG, the licence,
// the bundles (the entry, the shell, its lazy chunk, the listener worker, the libraries those two share) and
// media (no sources, tests, node_modules, screenshots, source maps or the
// CLI, which is the npm package's bin), and stays well under 1 MB. Its README
// is the Marketplace page: every picture and page it links must be an
// absolute https address under the repository, leading back to a file that
// exists here.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipEntries } from '../helpers/zipEntries';
import { repoRoot, vsixPath } from './harness';

const SHIPPED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/extension.js', 'dist/shell.js', 'dist/lazy.js', 'dist/listenerWorker.js', 'dist/vendor.js'];

describe('e2e: the packaged .vsix', function () {
  it('lists only package.json, README, CHANGELOG, the licence, the five bundles and media; not the CLI (vsce ls)', function () {
    const res = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const files = res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    const unexpected = files.filter((f) => !SHIPPED.includes(f) && !(f.startsWith('media/') && !f.startsWith('media/screenshots/')));
    assert.deepEqual(unexpected, [], 'files that do not run are packaged');
    for (const f of [...SHIPPED, 'media/icon.png']) assert.ok(files.includes(f), `${f} is missing from the package`);
    assert.ok(!files.includes('dist/cli.js'), 'the CLI is the npm package’s bin, not part of the extension');
  });

  it('is under 935 KB, the size before the CLI left it', function () {
    const size = statSync(vsixPath).size;
    assert.ok(size < 935 * 1024, `the .vsix is ${(size / 1024).toFixed(0)} KiB`);
  });

  it('names its 128×128 icon in the manifest and packages the changelog', function () {
    const entries = zipEntries(readFileSync(vsixPath));
    const manifest = entries.get('extension.vsixmanifest')?.toString('utf8') ?? '';
    assert.match(manifest, /<Icon>extension\/media\/icon\.png<\/Icon>/);
    const icon = entries.get('extension/media/icon.png');
    assert.ok(icon, 'the icon is packaged');
    assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
    assert.ok(entries.has('extension/changelog.md'), 'the changelog is packaged');
  });

  it('ships a README whose pictures and pages are https links under the repository, each to a file that exists', function () {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { repository: { url: string } };
    const repo = pkg.repository.url.replace(/\.git$/, '');
    const readme = zipEntries(readFileSync(vsixPath)).get('extension/readme.md')?.toString('utf8');
    assert.ok(readme, 'the README is packaged');
    const links = [...readme.matchAll(/(!?)\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => ({ image: m[1] === '!', url: m[2]! }));
    const images = links.filter((l) => l.image);
    assert.ok(images.length >= 3, 'the Marketplace page shows the real UI');
    const docs = links.filter((l) => !l.image && l.url.startsWith(`${repo}/blob/`));
    assert.ok(docs.length >= 11, 'the Marketplace page links each feature’s page');
    for (const { image, url } of links) {
      assert.ok(url.startsWith('https://') || url.startsWith('#'), `${url} would not open from the Marketplace page`);
      const prefix = `${repo}/${image ? 'raw' : 'blob'}/HEAD/`;
      if (!url.startsWith(`${repo}/`)) continue; // another site (Sentry's docs)
      assert.ok(url.startsWith(prefix), `${url} is not under ${prefix}`);
      const file = url.slice(prefix.length).split('#')[0]!;
      assert.ok(existsSync(join(repoRoot, file)), `${url} leads to ${file}, which does not exist here`);
    }
  });
});
