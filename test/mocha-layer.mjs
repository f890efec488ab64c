// One test layer in one mocha process (started by run-all.mjs with tsx
// registered). Writes the layer's stats to the file named by argv[3].
import Mocha from 'mocha';
import { readdirSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [layer, statsFile] = process.argv.slice(2);
const timeouts = { unit: 10_000, integration: 60_000, e2e: 300_000 };

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.test.ts') ? [p] : [];
  });
}

const mocha = new Mocha({
  timeout: timeouts[layer],
  reporter: 'spec',
  grep: process.env.MOCHA_GREP || undefined,
});
const dir = join(root, 'test', layer);
const setup = join(dir, 'setup.ts');
if (existsSync(setup)) mocha.addFile(setup);
for (const f of walk(dir).sort()) mocha.addFile(f);
await mocha.loadFilesAsync();
const runner = mocha.run((failures) => {
  writeFileSync(statsFile, JSON.stringify(runner.stats));
  process.exitCode = failures ? 1 : 0;
});
