// Bundles the extension and the CLI into dist/. `vscode` stays external: the
// editor provides it. --production minifies and drops source maps for the
// packaged .vsix; --watch rebuilds on change.
import * as esbuild from 'esbuild';

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
  // Heavy modules are split out of the activation path with dynamic import()
  // in the shell; esbuild keeps them in the same file for cjs, so laziness is
  // achieved by requiring them only on first use (see src/util/lazy.ts).
};

const builds = [
  { ...common, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  {
    ...common,
    entryPoints: { cli: 'src/cli.ts' },
    outdir: 'dist',
    banner: { js: '#!/usr/bin/env node' },
  },
  // The capture listener's worker thread (src/capture/worker/workerListener.ts starts it).
  { ...common, entryPoints: { listenerWorker: 'src/capture/worker/listenerWorker.ts' }, outdir: 'dist' },
];

if (watch) {
  const contexts = await Promise.all(builds.map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[esbuild] watching');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build({ ...b, metafile: true })));
  for (const r of results) {
    for (const [file, info] of Object.entries(r.metafile.outputs)) {
      if (file.endsWith('.js')) console.log(`[esbuild] ${file} ${(info.bytes / 1024).toFixed(1)} KiB`);
    }
  }
}
