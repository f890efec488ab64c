// The in-extension-host suite (test/electron/suite, also run by
// `npm run test:electron` under a downloaded desktop VS Code) inside
// code-server's real extension host: a runner extension installed beside the
// packaged one runs it on activation and writes the results to a file.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, VsCodeSession } from './harness';

describe('e2e: extension-host suite in code-server', function () {
  let vsc: VsCodeSession | undefined;
  let dir = '';

  after(async function () {
    await vsc?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('passes every extension-host test', async function () {
    const { buildSuite } = (await import(join(repoRoot, 'test/electron/buildSuite.mjs'))) as { buildSuite(): Promise<string> };
    const suite = await buildSuite();
    dir = mkdtempSync(join(tmpdir(), 'sentry-lens-eh-'));
    const results = join(dir, 'results.json');
    const runner = join(dir, 'sentry-lens-tests.runner-0.0.1');
    mkdirSync(runner);
    writeFileSync(
      join(runner, 'package.json'),
      JSON.stringify({
        name: 'runner',
        publisher: 'sentry-lens-tests',
        version: '0.0.1',
        engines: { vscode: '^1.96.0' },
        activationEvents: ['onStartupFinished'],
        extensionDependencies: ['sentry-lens.sentry-lens'],
        main: './extension.js',
      }),
    );
    writeFileSync(
      join(runner, 'extension.js'),
      `const fs = require('fs');
exports.activate = async function (context) {
  process.env.SENTRY_LENS_EH_RESULTS = ${JSON.stringify(results)};
  process.env.SENTRY_LENS_EH_GLOBAL_STORAGE = require('path').dirname(context.globalStorageUri.fsPath);
  try {
    await require(${JSON.stringify(join(suite, 'index.js'))}).run();
  } catch (e) {
    if (!fs.existsSync(${JSON.stringify(results)})) fs.writeFileSync(${JSON.stringify(results)}, JSON.stringify({ error: String(e && e.stack || e) }));
  }
};
exports.deactivate = function () {};
`,
    );
    vsc = await VsCodeSession.start({
      extraExtensions: [runner],
      settings: { 'sentry.capture.port': await freePort(), 'sentry.capture.autoStart': false },
    });
    const deadline = Date.now() + 120_000;
    while (!existsSync(results) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    assert.ok(existsSync(results), 'the runner extension wrote no results');
    const r = JSON.parse(readFileSync(results, 'utf8')) as { error?: string; passes: number; failures: number; tests: { title: string; state: string; error?: string }[] };
    assert.equal(r.error, undefined, `the suite could not run: ${r.error}`);
    const failed = r.tests.filter((t) => t.state === 'failed');
    assert.deepEqual(failed, [], 'extension-host tests failed');
    assert.ok(r.passes >= 5, `expected the 5 extension-host tests to pass, got ${JSON.stringify(r.tests)}`);
  });
});
