// Starts and stops the packaged extension inside a real VS Code: code-server (VS Code in
// the browser with a real Node extension host) under Node 24, through
// Debian's Chromium with playwright-core. See ../shared/docs/real-vscode-testing.md.
//
// One VsCodeSession = one code-server process + one browser on a fresh user
// data dir, a fresh copy of demo/ as the workspace and the settings given.
// Every session is tracked so the root hooks (setup.ts) kill them even when a
// test fails half-way. The page helpers (palette, tree, notifications, ...)
// are in workbenchPage.ts; VsCodeSession has both.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { codeServerArgs, installExtensionArgs } from '../../scripts/code-server-args.mjs';
import { type Page, WorkbenchPage } from './workbenchPage';

export const repoRoot = resolve(__dirname, '..', '..');
export const demoDir = join(repoRoot, 'demo');
export const screenshotsDir = join(repoRoot, 'media', 'screenshots');
export const vsixPath = join(repoRoot, 'dist', 'sentry-lens.vsix');

// playwright-core lives in the code-server cache folder, not in the repo's
// node_modules, so its types are not visible to tsc here: these aliases stand
// for playwright's Page / Frame / BrowserContext / Locator.
/* eslint-disable @typescript-eslint/no-explicit-any */
type BrowserContext = any;
export { type Frame, type Locator, type Page, type TreeRow, WorkbenchPage } from './workbenchPage';

interface DepsPaths {
  node24: string;
  codeServerEntry: string;
  playwrightCore: string;
  chromium: string;
}

let depsPaths: DepsPaths | undefined;
/** Node 24, code-server and playwright-core from the cache; installs them (once, minutes) when missing. */
export function vscodeDeps(): DepsPaths {
  if (depsPaths) return depsPaths;
  const res = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'install-vscode-deps.mjs')], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (res.status !== 0) throw new Error(`could not install the real VS Code (code-server) for e2e: exit ${res.status}`);
  depsPaths = JSON.parse(res.stdout) as DepsPaths;
  return depsPaths;
}

let packaged: string | undefined;
/** `npm run package` once per process: the e2e tests run the .vsix a person would install. */
export function packageVsix(): string {
  if (packaged) return packaged;
  const res = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, encoding: 'utf8' });
  if (res.status !== 0 || !existsSync(vsixPath)) {
    throw new Error(`npm run package failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  packaged = vsixPath;
  return packaged;
}

let installedExts: string | undefined;
/** Installs the .vsix once into a template extensions dir; each session gets a copy. */
function installedExtensionsTemplate(): string {
  if (installedExts) return installedExts;
  const vsix = packageVsix();
  const deps = vscodeDeps();
  const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-exts-'));
  tempDirs.push(dir);
  const res = spawnSync(
    deps.node24,
    [deps.codeServerEntry, ...installExtensionArgs({ userDataDir: join(dir, 'ud'), extensionsDir: join(dir, 'exts'), vsix })],
    { encoding: 'utf8', env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') }, timeout: 120_000 },
  );
  if (res.status !== 0 || !readdirSync(join(dir, 'exts')).some((n) => n.startsWith('sentry-lens.sentry-lens-'))) {
    throw new Error(`code-server --install-extension failed (exit ${res.status}):\n${res.stdout}\n${res.stderr}`);
  }
  installedExts = join(dir, 'exts');
  return installedExts;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

const sessions = new Set<VsCodeSession>();
/** The sessions still open (the root hooks screenshot them when a test fails). */
export function openSessions(): VsCodeSession[] {
  return [...sessions];
}
const tempDirs: string[] = [];

/** Kills every session still open and removes temp dirs (root after-hook; also on process exit). */
export async function closeAllSessions(): Promise<void> {
  await Promise.all([...sessions].map((s) => s.close()));
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}
process.on('exit', () => {
  for (const s of sessions) s.killNow();
});

export interface SessionOptions {
  /** Written to <ud>/User/settings.json before start. */
  settings?: Record<string, unknown>;
  /** Files added to (or replacing) the demo copy, relative path -> content. */
  files?: Record<string, string>;
  /** Unpacked extension folders copied into the extensions dir beside the packaged one (folder name = <publisher>.<name>-<version>). */
  extraExtensions?: string[];
  /** How long to wait for the workbench + extension (ms). */
  startTimeoutMs?: number;
  /** Files deleted from this session's installed copy of the extension before start (relative to its folder, e.g. 'dist/lazy.js'). */
  removeFromInstalled?: string[];
}

/** A running code-server and its browser: started, watched and stopped here; what a person does in the window is WorkbenchPage's. */
export class VsCodeSession extends WorkbenchPage {
  private exited = false;

  private constructor(
    readonly dir: string,
    readonly userDataDir: string,
    readonly workspace: string,
    readonly port: number,
    private readonly server: ChildProcess,
    private readonly context: BrowserContext,
    page: Page,
    readonly serverLog: string[],
  ) {
    super(page, () => {
      if (this.exited) throw new Error(`code-server exited:\n${this.serverLog.join('').slice(-2000)}`);
    });
    server.once('exit', () => {
      this.exited = true;
    });
  }

  static async start(opts: SessionOptions = {}): Promise<VsCodeSession> {
    const deps = vscodeDeps();
    const exts = installedExtensionsTemplate();
    const dir = mkdtempSync(join(tmpdir(), 'sentry-lens-e2e-'));
    tempDirs.push(dir);
    const workspace = join(dir, 'demo');
    cpSync(demoDir, workspace, { recursive: true, filter: (src) => !src.includes(`${'/'}node_modules`) });
    for (const [rel, content] of Object.entries(opts.files ?? {})) {
      mkdirSync(join(workspace, rel, '..'), { recursive: true });
      writeFileSync(join(workspace, rel), content);
    }
    const ud = join(dir, 'ud');
    mkdirSync(join(ud, 'User'), { recursive: true });
    const settings = JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'extensions.autoCheckUpdates': false,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        ...opts.settings,
      },
      null,
      2,
    );
    // code-server is a remote window: machine-scoped settings are read from <ud>/Machine, the rest from <ud>/User.
    writeFileSync(join(ud, 'User', 'settings.json'), settings);
    mkdirSync(join(ud, 'Machine'), { recursive: true });
    writeFileSync(join(ud, 'Machine', 'settings.json'), settings);
    cpSync(exts, join(dir, 'exts'), { recursive: true });
    registerExtensions(join(dir, 'exts'), opts.extraExtensions ?? []);
    const installed = join(dir, 'exts', readdirSync(join(dir, 'exts')).find((n) => n.startsWith('sentry-lens.sentry-lens-')) ?? 'none');
    for (const rel of opts.removeFromInstalled ?? []) {
      if (!existsSync(join(installed, rel))) throw new Error(`the installed extension holds no ${rel} to remove`);
      rmSync(join(installed, rel));
    }
    const port = await freePort();
    const serverLog: string[] = [];
    const server = spawn(
      deps.node24,
      [deps.codeServerEntry, ...codeServerArgs({ port, userDataDir: ud, extensionsDir: join(dir, 'exts'), folder: workspace })],
      {
        cwd: dir,
        env: { ...process.env, XDG_CONFIG_HOME: join(dir, 'config'), NODE_OPTIONS: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    server.stdout?.on('data', (b: Buffer) => serverLog.push(b.toString()));
    server.stderr?.on('data', (b: Buffer) => serverLog.push(b.toString()));
    const pw = createRequire(join(deps.playwrightCore, 'package.json'))('playwright-core');
    let context: BrowserContext | undefined;
    try {
      await waitForHttp(`http://127.0.0.1:${port}/healthz`, 60_000, () => server.exitCode !== null);
      context = await pw.chromium.launchPersistentContext(join(dir, 'chromium'), {
        executablePath: deps.chromium,
        headless: true,
        viewport: { width: 1400, height: 860 },
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: `http://127.0.0.1:${port}` });
      const page = context.pages()[0] ?? (await context.newPage());
      const session = new VsCodeSession(dir, ud, workspace, port, server, context, page, serverLog);
      sessions.add(session);
      // The page's first load is the slowest step on a busy machine: it shares the start's budget instead of
      // playwright's 30 s default, and waits for the document only (the workbench selector below is the real check).
      const startTimeout = opts.startTimeoutMs ?? 90_000;
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`, { timeout: startTimeout, waitUntil: 'domcontentloaded' });
      await page.waitForSelector('.monaco-workbench', { timeout: startTimeout });
      // The Sentry status-bar item appears once the extension activated (lazy: on its views/commands,
      // so open the view first to make sure it activates even without a startup trigger).
      return session;
    } catch (e) {
      await context?.close().catch(() => undefined);
      killTree(server);
      throw new Error(`code-server did not start: ${e instanceof Error ? e.message : String(e)}\n${serverLog.join('').slice(-3000)}`);
    }
  }


  /** The "Sentry" log channel as written to disk by the extension host (all of its files). */
  readLogChannel(): string {
    return this.logFiles()
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n');
  }

  /** Files of the "Sentry" log channel under <ud>/logs (exthost folders, <publisher.name>/Sentry.log). */
  logFiles(): string[] {
    return listFiles(join(this.userDataDir, 'logs')).filter((f) => /(^|\/)Sentry\.log$/.test(f));
  }

  /** Every file under <ud>/logs. */
  allLogFiles(): string[] {
    return listFiles(join(this.userDataDir, 'logs'));
  }

  async waitForLog(text: RegExp, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let log = '';
    while (Date.now() < deadline) {
      log = this.readLogChannel();
      if (text.test(log)) return log;
      await this.page.waitForTimeout(300);
    }
    throw new Error(`the Sentry log never matched ${text}; files: ${JSON.stringify(this.logFiles())}; tail: ${log.slice(-1500)}`);
  }

  /** Waits until something answers HTTP on 127.0.0.1:<port> (the extension's local listener). */
  async waitForListening(port: number, timeout = 30_000): Promise<void> {
    try {
      await waitForHttp(`http://127.0.0.1:${port}/`, timeout, () => this.exited);
    } catch (e) {
      throw new Error(`the extension's local listener never answered on 127.0.0.1:${port} (${e instanceof Error ? e.message : String(e)}); status bar: "${await this.statusBarText()}"`);
    }
  }

  settingsJson(): string {
    return readFileSync(join(this.userDataDir, 'User', 'settings.json'), 'utf8');
  }

  /**
   * PNG of the whole window. Into media/screenshots/<name>.png when
   * SENTRY_LENS_SCREENSHOTS=1 (scripts/screenshots.mjs), else into the session's temp dir.
   */
  async screenshot(name: string, opts: { keepHover?: boolean } = {}): Promise<string> {
    if (!opts.keepHover) {
      // Park the mouse on the empty activity-bar gap so no hover covers the picture.
      await this.page.mouse.move(25, 600);
      await this.page.waitForTimeout(300);
    }
    const dir = process.env.SENTRY_LENS_SCREENSHOTS === '1' ? screenshotsDir : join(this.dir, 'shots');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  killNow(): void {
    killTree(this.server);
  }

  async close(): Promise<void> {
    if (!sessions.delete(this)) return;
    await this.context.close().catch(() => undefined);
    killTree(this.server);
    await new Promise<void>((r) => {
      if (this.server.exitCode !== null || this.server.signalCode !== null) return r();
      const t = setTimeout(r, 5_000);
      this.server.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  }
}

/**
 * Copies unpacked extensions into an extensions dir and lists every extension
 * in its extensions.json with this dir's paths (an extension folder missing
 * from that file is "marked as removed" at start).
 */
function registerExtensions(extsDir: string, extras: string[]): void {
  const file = join(extsDir, 'extensions.json');
  type Entry = { identifier: { id: string }; version: string; location: Record<string, unknown>; relativeLocation: string; metadata?: Record<string, unknown> };
  const entries = (existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : []) as Entry[];
  for (const extra of extras) {
    const folder = basename(extra);
    cpSync(extra, join(extsDir, folder), { recursive: true });
    const pkg = JSON.parse(readFileSync(join(extra, 'package.json'), 'utf8')) as { publisher: string; name: string; version: string };
    entries.push({
      identifier: { id: `${pkg.publisher}.${pkg.name}` },
      version: pkg.version,
      location: {},
      relativeLocation: folder,
      metadata: { installedTimestamp: Date.now(), pinned: true, source: 'vsix' },
    });
  }
  for (const e of entries) {
    const path = join(extsDir, e.relativeLocation);
    e.location = { $mid: 1, fsPath: path, external: `file://${path}`, path, scheme: 'file' };
  }
  writeFileSync(file, JSON.stringify(entries));
}

function killTree(child: ChildProcess): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, 'SIGKILL'); // the whole group: code-server + its extension host
  } catch {
    try {
      child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    try {
      return statSync(p).isDirectory() ? listFiles(p) : [p];
    } catch {
      return [];
    }
  });
}

async function waitForHttp(url: string, timeout: number, dead: () => boolean): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    if (dead()) throw new Error('code-server exited during start');
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.status < 500) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
