// `npm run test:electron`: the in-extension-host suite under a desktop VS Code
// downloaded by @vscode/test-electron. Where VS Code cannot be downloaded (no
// network, as on the build machines) it stops with a message saying so; the
// same suite runs in code-server there (test/e2e/extensionHost.test.ts).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSuite, repoRoot } from './buildSuite.mjs';

const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: repoRoot, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);
const suite = await buildSuite();
const { downloadAndUnzipVSCode, runTests } = await import('@vscode/test-electron');

let executable;
try {
  executable = await downloadAndUnzipVSCode({ version: process.env.VSCODE_VERSION || 'stable', timeout: 60_000 });
} catch (e) {
  const reason = e instanceof Error ? e.message : String(e);
  console.error(
    `test:electron: could not download VS Code (${reason}).\n` +
      'This machine cannot reach update.code.visualstudio.com, so the desktop VS Code run is impossible here.\n' +
      'The same in-extension-host suite runs inside code-server with `npm run test:e2e` (extension host tests).',
  );
  process.exit(1);
}

const userData = mkdtempSync(join(tmpdir(), 'sentry-lens-electron-'));
try {
  await runTests({
    vscodeExecutablePath: executable,
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(suite, 'index.js'),
    extensionTestsEnv: { SENTRY_LENS_EH_GLOBAL_STORAGE: join(userData, 'ud', 'User', 'globalStorage') },
    launchArgs: [join(repoRoot, 'demo'), '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${join(userData, 'ud')}`],
  });
  console.log('test:electron: the extension-host suite passed');
} catch (e) {
  console.error(`test:electron: the extension-host suite failed (${e instanceof Error ? e.message : String(e)})`);
  process.exitCode = 1;
} finally {
  rmSync(userData, { recursive: true, force: true });
}
