// The in-extension-host suite's entry: `run()` is what @vscode/test-electron
// calls (extensionTestsPath), and what the runner extension calls on
// activation under code-server (test/e2e/extensionHost.test.ts). It runs the
// bundled tests (tests.js beside this file) with mocha and writes the results
// as JSON to $SENTRY_LENS_EH_RESULTS when set.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type MochaType from 'mocha';

export interface SuiteResult {
  passes: number;
  failures: number;
  pending: number;
  tests: { title: string; state: string; error?: string }[];
}

export async function run(): Promise<void> {
  const Mocha = require('mocha') as typeof MochaType;
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'sentry-lens-extension-host', mocha);
  require(join(__dirname, 'tests.js'));
  const result: SuiteResult = { passes: 0, failures: 0, pending: 0, tests: [] };
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (t) => result.tests.push({ title: t.fullTitle(), state: 'passed' }));
    runner.on('fail', (t, err: Error) => result.tests.push({ title: t.fullTitle(), state: 'failed', error: err?.message }));
    runner.on('pending', (t) => result.tests.push({ title: t.fullTitle(), state: 'pending' }));
  });
  result.passes = result.tests.filter((t) => t.state === 'passed').length;
  result.failures = result.tests.filter((t) => t.state === 'failed').length;
  result.pending = result.tests.filter((t) => t.state === 'pending').length;
  const out = process.env.SENTRY_LENS_EH_RESULTS;
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
  if (result.failures > 0) throw new Error(`${result.failures} extension-host test(s) failed`);
}
