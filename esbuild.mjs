// Bundles the extension and the CLI into dist/. `vscode` stays external: the
// editor provides it. --production minifies and drops source maps for the
// packaged .vsix; --watch rebuilds on change.
import * as esbuild from 'esbuild';
import { buildSplitExtension } from './scripts/lazyChunk.mjs';
import { vendorPlugin } from './scripts/vendorChunk.mjs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {esbuild.BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  legalComments: production ? 'none' : 'inline',
  logLevel: 'warning',
  // Heavy modules are split out of the activation path with dynamic import():
  // the extension is built as an entry that only hands over, the shell it
  // requires after activate() returns, and one chunk required on first use
  // (scripts/lazyChunk.mjs).
};

const cli = {
  ...common,
  entryPoints: { cli: 'src/cli.ts' },
  outdir: 'dist',
  banner: { js: '#!/usr/bin/env node' },
};

// The capture listener's worker thread, with its /mcp (src/capture/worker/workerListener.ts starts it). It
// takes zod and trace-mapping from dist/vendor.js, as the lazy chunk does (scripts/vendorChunk.mjs).
const worker = { ...common, entryPoints: { listenerWorker: 'src/listenerWorker.ts' }, outdir: 'dist', plugins: [vendorPlugin()] };

const extension = { ...common, outdir: 'dist' };

/** Sizes of what a build wrote. */
function report(metafile) {
  for (const [file, info] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.js')) console.log(`[esbuild] ${file} ${(info.bytes / 1024).toFixed(1)} KiB`);
  }
}

if (watch) {
  // Watches everything the extension reaches (dynamic imports inlined, nothing
  // written) and redoes the split build after each change.
  const split = {
    name: 'split-on-change',
    setup(b) {
      b.onEnd(async (r) => {
        if (r.errors.length === 0) await buildSplitExtension(extension).catch((e) => console.error(`[esbuild] ${e}`));
      });
    },
  };
  const contexts = await Promise.all([
    esbuild.context(cli),
    esbuild.context(worker),
    esbuild.context({ ...extension, entryPoints: { extension: 'src/extension.ts', shell: 'src/shell.ts' }, external: ['vscode'], write: false, plugins: [split] }),
  ]);
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching');
} else {
  const [split, cliResult, workerResult] = await Promise.all([
    buildSplitExtension(extension),
    esbuild.build({ ...cli, metafile: true }),
    esbuild.build({ ...worker, metafile: true }),
  ]);
  for (const m of [split.entry, split.shell, split.chunk, split.vendor, cliResult.metafile, workerResult.metafile]) report(m);
}
