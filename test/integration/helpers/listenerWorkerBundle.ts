import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildVendor, vendorPlugin } from '../../../scripts/vendorChunk.mjs';

let built: Promise<string> | undefined;

/**
 * The listener worker bundled as esbuild.mjs bundles it for the .vsix (once per
 * test run): dist/listenerWorker.js with the libraries it shares with the lazy
 * chunk in a vendor.js beside it.
 */
export function listenerWorkerBundle(): Promise<string> {
  built ??= (async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sentry-lens-worker-'));
    const options: esbuild.BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', outdir, logLevel: 'warning' };
    await Promise.all([esbuild.build({ ...options, entryPoints: { listenerWorker: join(__dirname, '../../../src/listenerWorker.ts') }, plugins: [vendorPlugin()] }), buildVendor(options)]);
    return join(outdir, 'listenerWorker.js');
  })();
  return built;
}
