import * as esbuild from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

let built: Promise<string> | undefined;

/** The listener worker bundled as esbuild.mjs bundles it for the .vsix (once per test run). */
export function listenerWorkerBundle(): Promise<string> {
  built ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'sentry-lens-worker-')), 'listenerWorker.js');
    await esbuild.build({
      entryPoints: [join(__dirname, '../../../src/listenerWorker.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      logLevel: 'warning',
    });
    return outfile;
  })();
  return built;
}
