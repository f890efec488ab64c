// The test-only extension (test/e2e/extensions/…agent-probe…) that calls the
// language-model tools through vscode.lm.invokeTool as an agent would, and
// reading what one run of it answered.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { VsCodeSession } from './harness';

/** The probe's folder, for VsCodeSession.start's extraExtensions. */
export const AGENT_PROBE = join(__dirname, 'extensions', 'sentry-lens-tests.agent-probe-0.0.1');

/** What the probe wrote: the tools VS Code lists, each tool's answer by name, and what went wrong. */
export interface ProbeResults {
  tools: string[];
  calls: Record<string, string>;
  error?: string;
}

/** Runs the probe's command in the window and reads what it wrote. */
export async function invokeAgentTools(vsc: VsCodeSession): Promise<ProbeResults> {
  const results = join(vsc.dir, 'exts', basename(AGENT_PROBE), 'results.json');
  rmSync(results, { force: true });
  await vsc.runCommand('Sentry Lens Probe: Invoke the Agent Tools');
  const deadline = Date.now() + 60_000;
  while (!existsSync(results) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  assert.ok(existsSync(results), 'the probe extension wrote no results');
  return JSON.parse(readFileSync(results, 'utf8')) as ProbeResults;
}
