// The .vsix holds only what runs: package.json, README, the bundles (the entry, the shell, its lazy chunk, the CLI) and
// media (no sources, tests, node_modules, screenshots or source maps), and stays under 1 MB.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { repoRoot, vsixPath } from './harness';

describe('e2e: the packaged .vsix', function () {
  it('lists only package.json, README, dist/extension.js, dist/shell.js, dist/lazy.js, dist/cli.js and media (vsce ls)', function () {
    const res = spawnSync('npx', ['vsce', 'ls', '--no-dependencies'], { cwd: repoRoot, encoding: 'utf8' });
    assert.equal(res.status, 0, res.stderr);
    const files = res.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    const unexpected = files.filter(
      (f) => !['package.json', 'README.md', 'LICENSE', 'LICENSE.md', 'CHANGELOG.md', 'dist/extension.js', 'dist/shell.js', 'dist/lazy.js', 'dist/cli.js', 'dist/listenerWorker.js'].includes(f) && !(f.startsWith('media/') && !f.startsWith('media/screenshots/')),
    );
    assert.deepEqual(unexpected, [], 'files that do not run are packaged');
    for (const f of ['package.json', 'README.md', 'dist/extension.js', 'dist/shell.js', 'dist/lazy.js', 'dist/cli.js']) assert.ok(files.includes(f), `${f} is missing from the package`);
  });

  it('is under 1 MB', function () {
    const size = statSync(vsixPath).size;
    assert.ok(size < 1024 * 1024, `the .vsix is ${(size / 1024).toFixed(0)} KiB`);
  });
});
