// The start most e2e files share: a real VS Code window whose extension
// captures locally on a free port, and real SDK programs (a person's app) run
// in its workspace against that listener.
import { strict as assert } from 'node:assert';
import { freePort, VsCodeSession } from './harness';
import { type SdkRunResult, runProgram } from './sdkRun';

export interface CaptureSession {
  vsc: VsCodeSession;
  port: number;
  /** The DSN of the window's listener, as a program is given it. */
  dsn: string;
}

/**
 * Starts the window with local capture on (more settings may be added) and
 * waits until its listener answers. `activate: 'view'` opens the Sentry view,
 * which activates the extension; `'log'` waits for the activation in the log
 * without looking at the tree (so captured errors stay "new").
 */
export async function startCaptureSession(opts: { settings?: Record<string, unknown>; activate?: 'view' | 'log' } = {}): Promise<CaptureSession> {
  const port = await freePort();
  const vsc = await VsCodeSession.start({ settings: { 'sentry.capture.port': port, 'sentry.capture.autoStart': true, ...opts.settings } });
  if (opts.activate === 'log') await vsc.waitForLog(/activated in [\d.]+ ms/, 60_000);
  else await vsc.openSentryView();
  await vsc.waitForListening(port);
  return { vsc, port, dsn: `http://public@127.0.0.1:${port}/1` };
}

/** Runs a program in the window's workspace with SENTRY_DSN set to its listener; fails the test unless it exits 0. */
export async function runCaptured(s: CaptureSession, cmd: string, args: string[], env: Record<string, string> = {}): Promise<SdkRunResult> {
  const run = await runProgram(cmd, args, s.vsc.workspace, { SENTRY_DSN: s.dsn, ...env });
  assert.equal(run.code, 0, `${cmd} ${args.join(' ')} failed: ${run.stderr}`);
  return run;
}
