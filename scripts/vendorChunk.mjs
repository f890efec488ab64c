// One copy of each library the lazy chunk (dist/lazy.js) and the listener
// worker (dist/listenerWorker.js) both use: dist/vendor.js holds them, and
// both bundles take them from it at run time instead of carrying their own
// copy. zod alone was 450 KiB of each. (undici stays in the lazy chunk: the
// worker makes no HTTP calls of its own; the shell holds neither.)
//
// In a bundle built with vendorPlugin(), `import ... from 'zod'` becomes a
// stub that requires ./vendor.js beside the bundle and returns its `zod`
// namespace. A vendor.js that cannot be loaded is a MissingPartError naming
// vendor.js ("reinstall Sentry Lens"), the same as a missing lazy chunk.
import * as esbuild from 'esbuild';
import { resolve } from 'node:path';

export const VENDOR_FILE = 'vendor.js';
/** The shared libraries: the import specifier and the name vendor.js exports it under. */
export const VENDOR_PACKAGES = { zod: 'zod', '@jridgewell/trace-mapping': 'traceMapping' };
/** The namespace of the stubs, so the lazy chunk's plugin can resolve their own imports as a file of src/ would. */
export const VENDOR_STUB_NAMESPACE = 'vendor-stub';
const root = resolve(import.meta.dirname, '..');
const filter = new RegExp(`^(${Object.keys(VENDOR_PACKAGES).map((p) => p.replace(/[/.]/g, '\\$&')).join('|')})$`);

/** Turns the shared libraries into requires of ./vendor.js. */
export function vendorPlugin() {
  return {
    name: 'vendor-stub',
    setup(build) {
      build.onResolve({ filter }, (args) => (args.namespace === VENDOR_STUB_NAMESPACE ? undefined : { path: args.path, namespace: VENDOR_STUB_NAMESPACE }));
      build.onResolve({ filter: /^\.\/vendor\.js$/ }, (args) => (args.namespace === VENDOR_STUB_NAMESPACE ? { path: `./${VENDOR_FILE}`, external: true } : undefined));
      build.onLoad({ filter: /.*/, namespace: VENDOR_STUB_NAMESPACE }, (args) => ({
        contents: `const { MissingPartError } = require('./src/util/missingPart');
let vendor;
try {
  vendor = require('./vendor.js');
} catch (e) {
  throw new MissingPartError(${JSON.stringify(VENDOR_FILE)}, e);
}
module.exports = vendor[${JSON.stringify(VENDOR_PACKAGES[args.path])}];`,
        resolveDir: root,
        loader: 'js',
      }));
    },
  };
}

/** Builds dist/vendor.js (into `options.outdir`): every shared library's namespace, by its export name. */
export function buildVendor(options) {
  return esbuild.build({
    ...options,
    entryPoints: { [VENDOR_FILE.replace(/\.js$/, '')]: 'vendor-entry' },
    metafile: true,
    plugins: [
      {
        name: 'vendor-entry',
        setup(build) {
          build.onResolve({ filter: /^vendor-entry$/ }, () => ({ path: 'vendor-entry', namespace: 'vendor-entry' }));
          build.onLoad({ filter: /.*/, namespace: 'vendor-entry' }, () => ({
            contents: Object.entries(VENDOR_PACKAGES)
              .map(([pkg, name]) => `export * as ${name} from ${JSON.stringify(pkg)};`)
              .join('\n'),
            resolveDir: root,
            loader: 'js',
          }));
        },
      },
    ],
  });
}
