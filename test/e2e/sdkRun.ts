// Runs a real Sentry SDK program as a child process (the way a person runs
// their app), with the repo's node_modules visible so `@sentry/node` resolves
// from a workspace copied to a temp folder.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './harness';

export interface SdkRunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runProgram(cmd: string, args: string[], cwd: string, env: Record<string, string>, timeoutMs = 60_000): Promise<SdkRunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd,
      env: { ...process.env, NODE_OPTIONS: '', NODE_PATH: join(repoRoot, 'node_modules'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${cmd} ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A small @sentry/node program that captures one Error with this message and flushes. */
export function nodeSdkScript(errorMessage: string): string {
  return `
const Sentry = require('@sentry/node');
Sentry.init({ dsn: process.env.SENTRY_DSN, environment: 'e2e', tracesSampleRate: 0 });
function failingStep() {
  throw new Error(${JSON.stringify(errorMessage)});
}
try {
  failingStep();
} catch (e) {
  const id = Sentry.captureException(e);
  console.log(id);
}
Sentry.flush(5000).then((ok) => process.exit(ok ? 0 : 3));
`;
}
