// Bundles the in-extension-host suite (test/electron/suite) into
// out/electron-suite/{index,tests}.js: CommonJS for the extension host,
// `vscode` and `mocha` external (mocha resolves from the repo's node_modules).
import * as esbuild from 'esbuild';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const suiteOut = join(repoRoot, 'out', 'electron-suite');

export async function buildSuite() {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'mocha'], logLevel: 'warning', sourcemap: 'inline' };
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'test/electron/suite/index.ts')], outfile: join(suiteOut, 'index.js') });
  await esbuild.build({ ...common, entryPoints: [join(repoRoot, 'test/electron/suite/extension.test.ts')], outfile: join(suiteOut, 'tests.js') });
  return suiteOut;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  console.log(await buildSuite());
}
