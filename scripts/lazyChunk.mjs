// Splits the extension into three files: the entry VS Code loads
// (dist/extension.js, from src/extension.ts: nothing but the hand-over), the
// shell it requires right after activate() returns (dist/shell.js, from
// src/shell.ts) and one lazy chunk (dist/lazy.js, required on first use).
// The entry is its own build, with its import('./shell') left as a require of
// dist/shell.js. esbuild cannot split CommonJS output, so the shell and the
// chunk take three builds:
//   1. the shell, with every dynamic import() made by src/ turned into a stub
//      that asks the loader for that module: this measures what the shell
//      reaches statically;
//   2. the chunk: every module the shell imports dynamically, plus what those
//      reach, except modules the shell already holds: those are taken from
//      the shell at load time, so each module (and each class, for
//      instanceof) exists once;
//   3. the shell again, now handing the chunk the modules it shares.
// The loader (src/util/chunkLoader.ts) turns a missing chunk into a clear
// MissingPartError instead of a broken view. The libraries the chunk shares
// with the listener worker come from dist/vendor.js (scripts/vendorChunk.mjs).
import * as esbuild from 'esbuild';
import { relative, resolve, sep } from 'node:path';
import { VENDOR_STUB_NAMESPACE, buildVendor, vendorPlugin } from './vendorChunk.mjs';

export const CHUNK_FILE = 'lazy.js';
export const SHELL_FILE = 'shell.js';
const root = resolve(import.meta.dirname, '..');
const srcDir = resolve(root, 'src');
const keyOf = (abs) => relative(root, abs).split(sep).join('/');

const inSrc = (abs) => abs.startsWith(srcDir + sep);

/**
 * Shell plugin: dynamic import() from src/ goes through the loader.
 * `shared` lists the modules (repo-relative keys) the chunk takes from the shell.
 */
function shellPlugin(targets, shared, inShell = new Set()) {
  return {
    name: 'lazy-shell',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || !inSrc(args.importer)) return undefined;
        const r = await build.resolve(args.path, { kind: 'import-statement', resolveDir: args.resolveDir });
        if (r.errors.length > 0 || r.external || inShell.has(r.path)) return undefined;
        targets.add(r.path);
        return { path: keyOf(r.path), namespace: 'lazy-stub' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-stub' }, (args) => ({
        contents: `module.exports = require('lazy-loader').lazyModule(${JSON.stringify(args.path)});`,
        resolveDir: root,
        loader: 'js',
      }));
      build.onResolve({ filter: /^lazy-loader$/ }, () => ({ path: 'lazy-loader', namespace: 'lazy-loader' }));
      build.onResolve({ filter: /^\.\/lazy\.js$/ }, (args) => (args.namespace === 'lazy-loader' ? { path: `./${CHUNK_FILE}`, external: true } : undefined));
      build.onLoad({ filter: /.*/, namespace: 'lazy-loader' }, () => {
        const list = [...shared].sort();
        const imports = list.map((k, i) => `import * as s${i} from ${JSON.stringify(`./${k}`)};`).join('\n');
        const table = list.map((k, i) => `${JSON.stringify(k)}: s${i}`).join(', ');
        return {
          contents: `${imports}
import { chunkLoader } from './src/util/chunkLoader';
export const lazyModule = chunkLoader(${JSON.stringify(CHUNK_FILE)}, () => require('./lazy.js'), { ${table} });`,
          resolveDir: root,
          loader: 'js',
        };
      });
    },
  };
}

/** Entry plugin: src/extension.ts's import('./shell') stays a require of the shell's own file. */
function entryPlugin() {
  return {
    name: 'lazy-entry-shell',
    setup(build) {
      build.onResolve({ filter: /^\.\/shell$/ }, (args) =>
        args.kind === 'dynamic-import' && args.importer === resolve(srcDir, 'extension.ts') ? { path: `./${SHELL_FILE}`, external: true } : undefined,
      );
    },
  };
}

/** Chunk plugin: modules the shell holds resolve to the shell's copy. */
function chunkPlugin(targets, shellModules, shared) {
  return {
    name: 'lazy-chunk',
    setup(build) {
      build.onResolve({ filter: /^lazy-entry$/ }, () => ({ path: 'lazy-entry', namespace: 'lazy-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'lazy-entry' }, () => {
        const mods = [...targets].sort().map((abs) => `  ${JSON.stringify(keyOf(abs))}: () => require(${JSON.stringify(abs)}),`);
        return {
          contents: `const shell = require('lazy-shared-table');
exports.init = (modules) => { Object.defineProperties(shell, Object.getOwnPropertyDescriptors(modules)); };
exports.modules = {
${mods.join('\n')}
};`,
          resolveDir: root,
          loader: 'js',
        };
      });
      build.onResolve({ filter: /^lazy-shared-table$/ }, () => ({ path: 'lazy-shared-table', namespace: 'lazy-shared' }));
      build.onResolve({ filter: /.*/ }, async (args) => {
        // A vendor stub's own import (the MissingPartError class) is the shell's, as a file of src/ would have it.
        const fromSrc = (args.namespace === 'file' && inSrc(args.importer)) || args.namespace === VENDOR_STUB_NAMESPACE;
        if (!fromSrc) return undefined;
        if (args.pluginData === 'lazy-skip') return undefined;
        const r = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'lazy-skip' });
        if (r.errors.length > 0 || r.external || !shellModules.has(r.path)) return undefined;
        shared.add(keyOf(r.path));
        return { path: keyOf(r.path), namespace: 'lazy-shared' };
      });
      build.onLoad({ filter: /.*/, namespace: 'lazy-shared' }, (args) => ({
        contents:
          args.path === 'lazy-shared-table'
            ? 'module.exports = {};'
            : `module.exports = require('lazy-shared-table')[${JSON.stringify(args.path)}];`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/**
 * Builds dist/extension.js, the entry VS Code loads, from `options`.
 * dynamic-import is off so its import() of the shell and of vscode become
 * require(), as in the rest of the CommonJS build.
 */
export function buildEntry(options) {
  return esbuild.build({
    ...options,
    entryPoints: { extension: 'src/extension.ts' },
    external: ['vscode'],
    supported: { 'dynamic-import': false },
    metafile: true,
    plugins: [entryPlugin()],
  });
}

/**
 * Builds dist/extension.js, dist/shell.js, dist/lazy.js and dist/vendor.js
 * from `options` (the shared esbuild options). Returns the metafiles, so
 * callers can check that the entry holds only the hand-over, that zod and
 * undici stay out of the shell, that zod is only in vendor.js and that no
 * module is in two files.
 */
export async function buildSplitExtension(options) {
  const entry = buildEntry(options);
  const base = { ...options, entryPoints: { [SHELL_FILE.replace(/\.js$/, '')]: 'src/shell.ts' }, external: ['vscode'], metafile: true };
  const targets = new Set();
  const probe = await esbuild.build({ ...base, write: false, plugins: [shellPlugin(targets, new Set())] });
  const shellModules = new Set();
  for (const out of Object.values(probe.metafile.outputs)) {
    for (const input of Object.keys(out.inputs)) if (input.startsWith('src/')) shellModules.add(resolve(root, input));
  }
  // A dynamic import of a module the shell holds anyway needs no chunk.
  for (const t of targets) if (shellModules.has(t)) targets.delete(t);
  const shared = new Set();
  const chunk = await esbuild.build({
    ...options,
    entryPoints: { [CHUNK_FILE.replace(/\.js$/, '')]: 'lazy-entry' },
    external: ['vscode'],
    metafile: true,
    plugins: [vendorPlugin(), chunkPlugin(targets, shellModules, shared)],
  });
  const [shell, vendor] = await Promise.all([esbuild.build({ ...base, plugins: [shellPlugin(new Set(), shared, shellModules)] }), buildVendor(options)]);
  return { entry: (await entry).metafile, shell: shell.metafile, chunk: chunk.metafile, vendor: vendor.metafile, shared: [...shared].sort() };
}
