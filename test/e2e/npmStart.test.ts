// The README's first command, `npm start`, as a newcomer runs it: in the
// browser path it packages the extension, serves the real VS Code with the
// demo workspace and prints the address; that address shows the workbench with
// the demo's files and the extension's status-bar item, and Ctrl-C stops it
// and removes its temporary folder. With a desktop `code` on PATH it builds
// and hands the demo to `code --extensionDevelopmentPath` instead: no desktop
// VS Code can run here, so a stand-in `code` records what it was given.
import { strict as assert } from 'node:assert';
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, repoRoot, vscodeDeps } from './harness';

/** Runs `npm start -- ...args` in its own process group; collects its output. */
function npmStart(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  let out = '';
  const child = spawn('npm', ['start', '--silent', '--', ...args], { cwd: repoRoot, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

async function waitForOutput(run: { output: () => string; exited: Promise<number | null> }, re: RegExp, timeout: number): Promise<RegExpExecArray> {
  let done = false;
  void run.exited.then(() => (done = true));
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    const m = re.exec(run.output());
    if (m) return m;
    if (done) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`npm start never printed ${re}${done ? ' (it exited)' : ''}; it printed:\n${run.output().slice(-3000)}`);
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

describe('e2e: npm start, the README\'s command that runs the product', function () {
  it('serves the real VS Code with the demo workspace and the extension, and stops on Ctrl-C', async function () {
    const deps = vscodeDeps();
    const port = await freePort();
    const tmp = mkdtempSync(join(tmpdir(), 'sentry-lens-npm-start-'));
    // A PATH without a desktop `code`, so the browser path runs whatever this machine has.
    const run = npmStart(['--port', String(port)], { ...process.env, SENTRY_LENS_BROWSER: '1', TMPDIR: tmp });
    const pw = createRequire(join(deps.playwrightCore, 'package.json'))('playwright-core');
    let browser: { close(): Promise<void>; newPage(): Promise<any> } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      const m = await waitForOutput(run, /Open (http:\/\/127\.0\.0\.1:(\d+)\/\?folder=\S+)/, 240_000);
      assert.equal(Number(m[2]), port, 'the port asked for with --port');
      assert.match(decodeURIComponent(m[1]!), /folder=.*\/demo$/);
      assert.equal(readFileSync(join(repoRoot, 'dist', 'sentry-lens.vsix')).subarray(0, 2).toString('latin1'), 'PK', 'it packaged the extension');
      browser = await pw.chromium.launch({ executablePath: deps.chromium, headless: true, args: ['--no-sandbox', '--disable-gpu'] });
      const page = await browser!.newPage();
      await page.goto(m[1]);
      await page.waitForSelector('.monaco-workbench', { timeout: 90_000 });
      // The demo's files in the Explorer, and the extension's status-bar item once it activated on startup.
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'app.js' }).first().waitFor({ state: 'visible', timeout: 60_000 });
      const status = page.locator('.statusbar-item[id$="sentry.status"]');
      await status.waitFor({ state: 'visible', timeout: 60_000 });
      assert.match(((await status.textContent()) ?? '').replace(/\s+/g, ' '), /Sentry/);
    } finally {
      await browser?.close().catch(() => undefined);
      // Ctrl-C in a terminal signals the whole foreground group.
      signalGroup(run.child, 'SIGINT');
      const code = await Promise.race([run.exited, new Promise<'hung'>((r) => setTimeout(() => r('hung'), 30_000))]);
      if (code === 'hung') signalGroup(run.child, 'SIGKILL');
      // npm may end before the script it ran has cleaned up: give that a moment.
      const leftover = () => readdirSync(tmp).filter((n) => n.startsWith('sentry-lens-start-'));
      for (let i = 0; i < 40 && leftover().length; i++) await new Promise((r) => setTimeout(r, 250));
      const left = leftover();
      rmSync(tmp, { recursive: true, force: true });
      assert.notEqual(code, 'hung', `npm start did not stop on Ctrl-C:\n${run.output().slice(-2000)}`);
      assert.deepEqual(left, [], 'npm start left its temporary folder behind');
    }
  });

  it('with a desktop `code` on PATH, builds and opens the demo with the extension under development', async function () {
    const bin = mkdtempSync(join(tmpdir(), 'sentry-lens-fake-code-'));
    try {
      const record = join(bin, 'args.json');
      // Stands in for the desktop VS Code: records its arguments, exits 3 so the exit code can be followed.
      writeFileSync(join(bin, 'code'), `#!/usr/bin/env node\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\nprocess.exit(3);\n`);
      chmodSync(join(bin, 'code'), 0o755);
      const env: NodeJS.ProcessEnv = { ...process.env, PATH: `${bin}:${process.env.PATH}` };
      delete env.SENTRY_LENS_BROWSER;
      const run = npmStart([], env);
      const code = await run.exited;
      assert.ok(existsSync(record), `the desktop code was not started:\n${run.output()}`);
      assert.deepEqual(JSON.parse(readFileSync(record, 'utf8')), [`--extensionDevelopmentPath=${repoRoot}`, join(repoRoot, 'demo')]);
      assert.ok(existsSync(join(repoRoot, 'dist', 'extension.js')), 'it built the extension first');
      assert.equal(code, 3, "npm start ends with the editor's exit code");
    } finally {
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
