// Runs the test layers (unit, integration, e2e by default; or those named on
// the command line), each in its own mocha process, and prints one closing
// line for all of them: "total: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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

const statsDir = mkdtempSync(join(tmpdir(), 'sentry-lens-stats-'));
const totals = { passes: 0, failures: 0, pending: 0 };
let failedLayer = false;
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
