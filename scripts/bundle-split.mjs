// What ends up where: builds the extension as `npm run package` does (without
// writing) and prints, for the entry (dist/extension.js, loaded at
// activation), the shell (dist/shell.js, required right after activate()
// returns), the lazy chunk (dist/lazy.js, first use), the listener worker
// (dist/listenerWorker.js) and the libraries those two share
// (dist/vendor.js), the biggest inputs by bytes in the output, and the
// modules the chunk takes from the shell.
//
//   node scripts/bundle-split.mjs [--top N]   (default 25)
import * as esbuild from 'esbuild';
import { buildSplitExtension } from './lazyChunk.mjs';
import { vendorPlugin } from './vendorChunk.mjs';

const topArg = process.argv.indexOf('--top');
const TOP = topArg > 0 ? Number(process.argv[topArg + 1]) : 25;

const options = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  outdir: 'dist',
  write: false,
  logLevel: 'warning',
};
const [split, worker] = await Promise.all([
  buildSplitExtension(options),
  esbuild.build({ ...options, entryPoints: { listenerWorker: 'src/listenerWorker.ts' }, metafile: true, plugins: [vendorPlugin()] }),
]);

/** Inputs grouped by package (node_modules) or by file (src). */
function groups(metafile) {
  const out = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined) ?? Object.values(metafile.outputs)[0];
  const by = new Map();
  for (const [file, info] of Object.entries(out.inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = m ? m[1] : file;
    by.set(key, (by.get(key) ?? 0) + info.bytesInOutput);
  }
  return { total: out.bytes, rows: [...by].sort((a, b) => b[1] - a[1]) };
}

for (const [name, meta] of [
  ['dist/extension.js (activation)', split.entry],
  ['dist/shell.js (right after activate() returns)', split.shell],
  ['dist/lazy.js (first use)', split.chunk],
  ['dist/listenerWorker.js (the listener thread)', worker.metafile],
  ['dist/vendor.js (shared by the lazy chunk and the worker)', split.vendor],
]) {
  const { total, rows } = groups(meta);
  console.log(`\n${name}: ${(total / 1024).toFixed(1)} KiB`);
  for (const [k, v] of rows.slice(0, TOP)) console.log(`  ${(v / 1024).toFixed(1).padStart(8)} KiB  ${k}`);
}
console.log(`\ntaken from the shell by the chunk (${split.shared.length}): ${split.shared.join(', ')}`);
