// `npm test`: on a fresh clone first installs what the tests need
// (scripts/setup.mjs: `npm ci`, the Debian packages, and for the e2e layer
// Node 24 + code-server), then type-checks and lints, then runs the test layers
// (unit, integration, e2e), each in its own mocha process, and prints one
// closing line for all of them: "total: N passed, N failed, N skipped" (the
// type-check and the lint count as one check each). Layers named on the
// command line (`npm run test:unit`) run alone, after the set-up they need.
// Nothing here imports an npm package: they may not be installed yet.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEBIAN_BROWSER,
  DEBIAN_CODE_SERVER_BUILD,
  DEBIAN_SDK,
  checkNode,
  ensureDebianPackages,
  ensureNpmDeps,
  ensureVscode,
  exitOnSetupError,
} from '../scripts/setup.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const all = ['unit', 'integration', 'e2e'];
const layers = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const chosen = layers.length ? layers : all;
for (const l of chosen) {
  if (!all.includes(l)) {
    console.error(`unknown test layer "${l}" (expected one of ${all.join(', ')})`);
    process.exit(2);
  }
}

const e2e = chosen.includes('e2e');
try {
  checkNode();
  const debian = [...DEBIAN_SDK, ...(e2e ? [...DEBIAN_BROWSER, ...DEBIAN_CODE_SERVER_BUILD] : [])];
  ensureDebianPackages(debian, 'setup', `the ${chosen.join(', ')} tests`);
  ensureNpmDeps(root, 'setup');
  if (e2e) ensureVscode('setup', { chromium: true });
} catch (e) {
  exitOnSetupError(e);
}

const totals = { passes: 0, failures: 0, pending: 0 };
let failedLayer = false;

/** A whole-project check (`npm run <script>`), counted as one passed or failed check; its output shows as it runs. */
function check(script) {
  console.log(`\n=== ${script} ===`);
  const started = Date.now();
  const args = ['run', '--silent', script];
  const res = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd: root, stdio: 'inherit', env: process.env });
  const ok = res.status === 0;
  console.log(`${script}: ${ok ? 'passed' : `failed (exit ${res.status ?? res.signal})`} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  if (ok) totals.passes += 1;
  else totals.failures += 1;
}

if (!layers.length) {
  const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
  check('typecheck');
  if (scripts.lint) check('lint');
}

const statsDir = mkdtempSync(join(tmpdir(), 'sentry-lens-stats-'));
for (const layer of chosen) {
  const statsFile = join(statsDir, `${layer}.json`);
  console.log(`\n=== ${layer} tests ===`);
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', join(root, 'test', 'mocha-layer.mjs'), layer, statsFile],
    { cwd: root, stdio: 'inherit', env: process.env },
  );
  let stats;
  try {
    stats = JSON.parse(readFileSync(statsFile, 'utf8'));
  } catch {
    stats = { passes: 0, failures: 1, pending: 0 };
    console.error(`${layer}: the layer did not finish (exit ${res.status ?? res.signal})`);
  }
  if (res.status !== 0) failedLayer = true;
  console.log(`${layer}: ${stats.passes} passed, ${stats.failures} failed, ${stats.pending} skipped`);
  totals.passes += stats.passes;
  totals.failures += stats.failures;
  totals.pending += stats.pending;
}
rmSync(statsDir, { recursive: true, force: true });
console.log(`\ntotal: ${totals.passes} passed, ${totals.failures} failed, ${totals.pending} skipped`);
process.exit(failedLayer || totals.failures > 0 ? 1 : 0);
