// Runs every bench/*.mjs (except this one) one after another, each in its own
// Node process with tsx registered (benches may load TypeScript sources), and
// prints their tables. Exits non-zero when one of them fails; the others still run.
//
//   node bench/run-all.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const filter = process.argv[2];
const self = basename(fileURLToPath(import.meta.url));
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.mjs') && f !== self && (!filter || f.includes(filter)))
  .sort();

if (benches.length === 0) {
  console.error(filter ? `no bench matches "${filter}"` : 'no benches in bench/');
  process.exit(2);
}
const failed = [];
for (const b of benches) {
  console.log(`\n## ${b}\n`);
  const started = Date.now();
  const res = spawnSync(process.execPath, ['--import', 'tsx', join(here, b)], { cwd: join(here, '..'), stdio: 'inherit' });
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  if (res.status !== 0) {
    failed.push(b);
    console.log(`\n${b} FAILED (exit ${res.status ?? res.signal}) after ${secs} s`);
  } else {
    console.log(`\n(${b}: ${secs} s)`);
  }
}
console.log(failed.length ? `\nbenches failed: ${failed.join(', ')}` : `\nall ${benches.length} benches ran`);
process.exit(failed.length ? 1 : 0);
