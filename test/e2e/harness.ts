// Drives the packaged extension inside a real VS Code: code-server (VS Code in
// the browser with a real Node extension host) under Node 24, through
// Debian's Chromium with playwright-core. See ../shared/docs/real-vscode-testing.md.
//
// One VsCodeSession = one code-server process + one browser on a fresh user
// data dir, a fresh copy of demo/ as the workspace and the settings given.
// Every session is tracked so the root hooks (setup.ts) kill them even when a
// test fails half-way.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { codeServerArgs, installExtensionArgs } from '../../scripts/code-server-args.mjs';

export const repoRoot = resolve(__dirname, '..', '..');
export const demoDir = join(repoRoot, 'demo');
export const screenshotsDir = join(repoRoot, 'media', 'screenshots');
export const vsixPath = join(repoRoot, 'dist', 'sentry-lens.vsix');

// playwright-core lives in the code-server cache folder, not in the repo's
// node_modules, so its types are not visible to tsc here: these aliases stand
// for playwright's Page / Frame / BrowserContext / Locator.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Page = any;
export type Frame = any;
export type Locator = any;
type BrowserContext = any;

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
}

export class VsCodeSession {
  readonly page: Page;
  /** The browser dialogs (alert/confirm/prompt) seen in any frame. */
  readonly dialogs: string[] = [];
  /** The texts of VS Code modal dialogs dismissed by the harness. */
  readonly modalTexts: string[] = [];
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
    this.page = page;
    page.on('dialog', (d: any) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
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
      await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: opts.startTimeoutMs ?? 90_000 });
      // The Sentry status-bar item appears once the extension activated (lazy: on its views/commands,
      // so open the view first to make sure it activates even without a startup trigger).
      return session;
    } catch (e) {
      await context?.close().catch(() => undefined);
      killTree(server);
      throw new Error(`code-server did not start: ${e instanceof Error ? e.message : String(e)}\n${serverLog.join('').slice(-3000)}`);
    }
  }

  /** F1, the command's palette title ("Sentry: Set DSN"), then the matching entry. Retries while the workbench still learns the extension's commands. */
  async runCommand(title: string): Promise<void> {
    const page = this.page;
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const row = page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
      .first();
    let shown: string[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      this.assertAlive();
      await this.dismissModalDialogs();
      await this.dismissQuickInput();
      await page.keyboard.press('F1');
      await input.waitFor({ state: 'visible', timeout: 10_000 });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ state: 'visible', timeout: 8_000 });
        await row.click();
        return;
      } catch {
        shown = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allTextContents();
        await page.keyboard.press('Escape');
        await page.waitForTimeout(1_500);
      }
    }
    throw new Error(`the command palette never offered "${title}" (it showed: ${JSON.stringify(shown.slice(0, 6))})`);
  }

  /** Types into the open InputBox (waiting for its title when given) and presses Enter. */
  async quickInput(text: string, title?: string | RegExp): Promise<void> {
    const page = this.page;
    await this.waitForQuickInput(title);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await input.fill(text);
    // Validation runs while typing; give it a tick before accepting.
    await page.waitForTimeout(150);
    await input.press('Enter');
  }

  /** Picks the QuickPick item with this label (waiting for the picker's title when given). */
  async pickQuickItem(label: string | RegExp, title?: string | RegExp): Promise<void> {
    const page = this.page;
    await this.waitForQuickInput(title);
    const row = page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: typeof label === 'string' ? exactText(label) : label }) })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
  }

  /** The quick input widget's title and, when shown, its validation message. */
  async quickInputState(): Promise<{ title: string; message: string; visible: boolean }> {
    const w = this.page.locator('.quick-input-widget');
    const visible = await w.isVisible();
    const title = visible ? ((await w.locator('.quick-input-title').textContent()) ?? '') : '';
    const message = visible ? ((await w.locator('.quick-input-message').textContent().catch(() => '')) ?? '') : '';
    return { title: title.trim(), message: message.trim(), visible };
  }

  async waitForQuickInput(title?: string | RegExp, timeout = 15_000): Promise<void> {
    const w = this.page.locator('.quick-input-widget');
    try {
      await w.waitFor({ state: 'visible', timeout });
      if (title !== undefined) {
        await w.locator('.quick-input-title', { hasText: title }).waitFor({ state: 'visible', timeout });
      }
    } catch (e) {
      const modal = await this.modalDialogText();
      const state = await this.quickInputState().catch(() => undefined);
      throw new Error(
        `no quick input titled ${String(title)} appeared` +
          (state?.visible ? ` (the open one is titled "${state.title}")` : '') +
          (modal ? `; a dialog says: "${modal}"` : '') +
          `; notifications: ${JSON.stringify(await this.notifications())}` +
          `\n${e instanceof Error ? e.message.split('\n')[0] : ''}`,
      );
    }
  }

  /** The text of a modal dialog, if one is open (e.g. "command 'x' not found"). */
  async modalDialogText(): Promise<string> {
    const box = this.page.locator('.monaco-dialog-box');
    if (!(await box.isVisible().catch(() => false))) return '';
    return ((await box.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  /** Closes modal dialogs left by an earlier step (their texts are kept in modalTexts). */
  async dismissModalDialogs(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      const text = await this.modalDialogText();
      if (!text) return;
      this.modalTexts.push(text);
      await this.page.keyboard.press('Escape');
      await this.page.waitForTimeout(200);
    }
  }

  async dismissQuickInput(): Promise<void> {
    if (await this.page.locator('.quick-input-widget').isVisible()) {
      await this.page.keyboard.press('Escape');
      await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
    }
  }

  /** The Sentry status-bar item (id `sentry.status`). Codicons render as icons: match the words. */
  statusItem(): Locator {
    return this.page.locator('.statusbar-item[id$="sentry.status"]');
  }

  async statusBarText(): Promise<string> {
    const item = this.statusItem();
    if ((await item.count()) === 0) return '';
    return ((await item.first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async waitForStatusBar(text: RegExp, timeout = 60_000): Promise<string> {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      this.assertAlive();
      last = await this.statusBarText();
      if (text.test(last)) return last;
      await this.page.waitForTimeout(250);
    }
    throw new Error(`status bar never matched ${text} (last: "${last || '<no sentry.status item>'}")`);
  }

  /** Hovers the Sentry status-bar item and returns its tooltip text. */
  async statusBarTooltip(): Promise<string> {
    const page = this.page;
    await page.mouse.move(1, 1);
    await page.waitForTimeout(200);
    await this.statusItem().first().hover();
    const hover = page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /\S/ }).last();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const text = ((await hover.textContent()) ?? '').replace(/\s+/g, ' ').trim();
    return text;
  }

  /** The editor's cursor position as the status bar shows it: "Ln 5, Col 3". */
  async editorPosition(): Promise<string> {
    const item = this.page.locator('.statusbar-item[id="status.editor.selection"]');
    await item.waitFor({ state: 'visible', timeout: 10_000 });
    return ((await item.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  }

  async waitForEditorPosition(expected: string, timeout = 15_000): Promise<void> {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.editorPosition().catch(() => '');
      if (last === expected) return;
      await this.page.waitForTimeout(200);
    }
    throw new Error(`editor position is "${last}", expected "${expected}"`);
  }

  /** The title of the active editor tab. */
  async activeEditorTitle(): Promise<string> {
    const tab = this.page.locator('.tabs-container .tab.active').first();
    await tab.waitFor({ state: 'visible', timeout: 10_000 });
    return ((await tab.getAttribute('data-resource-name')) ?? (await tab.textContent()) ?? '').trim();
  }

  /** Clicks the activity-bar container whose aria-label starts with "Sentry" (unless already open). */
  async openSentryView(): Promise<void> {
    const page = this.page;
    const action = page.locator('.part.activitybar [aria-label^="Sentry"]').first();
    await action.waitFor({ state: 'visible', timeout: 60_000 });
    const pane = page.locator('.part.sidebar .pane-header[aria-label^="Errors"], .part.sidebar .composite.title h2[title^="Sentry"], .part.sidebar .title-label h2', {
      hasText: /Sentry|Errors/i,
    });
    if (!(await pane.first().isVisible().catch(() => false))) await action.click();
    await page.locator('.part.sidebar').waitFor({ state: 'visible', timeout: 10_000 });
  }

  private treeRows(): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row[role="treeitem"]');
  }

  /** The rows of the Sentry tree as shown: label, description, depth, expanded state (one read of the DOM). */
  async treeItems(): Promise<TreeRow[]> {
    return (await this.treeRows().evaluateAll((rows: any[]) =>
      rows.map((r) => ({
        label: (r.querySelector('.label-name')?.textContent ?? '').trim(),
        description: (r.querySelector('.label-description')?.textContent ?? '').trim(),
        level: Number(r.getAttribute('aria-level') ?? '1'),
        expanded: r.getAttribute('aria-expanded') === null ? undefined : r.getAttribute('aria-expanded') === 'true',
      })),
    )) as TreeRow[];
  }

  /** Waits until a tree row's label matches. */
  async waitForTreeItem(label: string | RegExp, timeout = 60_000): Promise<TreeRow> {
    const deadline = Date.now() + timeout;
    let seen: TreeRow[] = [];
    while (Date.now() < deadline) {
      this.assertAlive();
      seen = await this.treeItems();
      const hit = seen.find((r) => matches(r.label, label) || matches(`${r.label} ${r.description}`, label));
      if (hit) return hit;
      await this.page.waitForTimeout(300);
    }
    throw new Error(`no tree item matched ${label}; rows: ${JSON.stringify(seen.map((r) => `${r.label} | ${r.description}`))}`);
  }

  async waitForNoTreeItem(label: string | RegExp, timeout = 30_000): Promise<void> {
    const deadline = Date.now() + timeout;
    let seen: TreeRow[] = [];
    while (Date.now() < deadline) {
      seen = await this.treeItems();
      if (!seen.some((r) => matches(r.label, label))) return;
      await this.page.waitForTimeout(300);
    }
    throw new Error(`tree item ${label} is still there; rows: ${JSON.stringify(seen.map((r) => r.label))}`);
  }

  treeRow(label: string | RegExp): Locator {
    return this.treeRows().filter({ has: this.page.locator('.label-name', { hasText: typeof label === 'string' ? label : label }) }).first();
  }

  async clickTreeItem(label: string | RegExp): Promise<void> {
    await this.waitForTreeItem(label);
    const row = this.treeRow(label);
    await row.scrollIntoViewIfNeeded().catch(() => undefined);
    await row.click();
  }

  /** Expands collapsed rows (top-down, each at most once, bounded) until a row matches. */
  async expandUntil(label: string | RegExp, maxClicks = 12): Promise<TreeRow> {
    const clicked = new Set<string>();
    for (let i = 0; i < maxClicks; i++) {
      const rows = await this.treeItems();
      const hit = rows.find((r) => matches(r.label, label));
      if (hit) return hit;
      const next = rows.find((r) => r.expanded === false && !clicked.has(`${r.level}|${r.label}`));
      if (!next) break;
      clicked.add(`${next.level}|${next.label}`);
      const row = this.treeRows().filter({ has: this.page.locator('.label-name', { hasText: exactText(next.label) }) }).first();
      await row.locator('.monaco-tl-twistie').click();
      // Children may load asynchronously: wait until the row says it is expanded (or give up on it).
      await this.page
        .waitForFunction(
          `[...document.querySelectorAll('.part.sidebar .monaco-list-row[role="treeitem"]')].some((r) => (r.querySelector('.label-name')?.textContent ?? '').trim() === ${JSON.stringify(next.label)} && r.getAttribute('aria-expanded') === 'true')`,
          undefined,
          { timeout: 5_000 },
        )
        .catch(() => undefined);
      await this.page.waitForTimeout(200);
    }
    return this.waitForTreeItem(label, 5_000);
  }

  /** Right-click menu on a tree row, then the item with this label. */
  async treeItemContextMenu(row: string | RegExp, item: string | RegExp): Promise<void> {
    await this.treeRow(row).click({ button: 'right' });
    const entry = this.page.locator('.context-view').getByRole('menuitem', { name: item }).first();
    await entry.waitFor({ state: 'visible', timeout: 10_000 });
    // A menu ignores the mouse for a moment after it opens (so the opening click cannot pick an item).
    await this.page.waitForTimeout(600);
    await entry.click();
    await this.page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
  }

  /** Inline action (icon button) of a tree row by its title/aria-label. */
  async treeItemInlineAction(row: string | RegExp, action: string | RegExp): Promise<void> {
    const r = this.treeRow(row);
    await r.hover();
    const a = r.locator('.actions .action-label[aria-label]');
    const n = await a.count();
    for (let i = 0; i < n; i++) {
      const labelText = (await a.nth(i).getAttribute('aria-label')) ?? '';
      if (matches(labelText, action)) {
        await a.nth(i).click();
        return;
      }
    }
    throw new Error(`row ${row} has no inline action ${action}`);
  }

  /** The text of every notification toast currently shown. */
  async notifications(): Promise<string[]> {
    // One read of every toast at once: counting first and reading each after races a toast that hides in between.
    const texts: string[] = await this.page
      .locator('.notifications-toasts .notification-toast, .notification-list-item')
      .allTextContents();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async waitForNotification(text: RegExp, timeout = 30_000): Promise<Locator> {
    const toast = this.page.locator('.notifications-toasts .notification-toast', { hasText: text }).first();
    try {
      await toast.waitFor({ state: 'visible', timeout });
    } catch {
      throw new Error(`no notification matched ${text}; shown: ${JSON.stringify(await this.notifications())}`);
    }
    return toast;
  }

  async clearNotifications(): Promise<void> {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    const n = await toasts.count();
    for (let i = n - 1; i >= 0; i--) {
      const close = toasts.nth(i).locator('.codicon-notifications-clear, .codicon-close').first();
      await toasts.nth(i).hover().catch(() => undefined);
      await close.click({ timeout: 2_000 }).catch(() => undefined);
    }
  }

  /** The frames of every webview (the inner "active-frame" documents holding the extension's HTML). */
  webviewFrames(): Frame[] {
    return this.page.frames().filter((f: Frame) => f !== this.page.mainFrame() && /vscode-webview|webview/i.test(f.url()));
  }

  /** The content frame of a webview whose document holds this text. */
  async waitForWebviewWith(text: string | RegExp, timeout = 30_000): Promise<Frame> {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      for (const f of this.webviewFrames()) {
        const body = await f.evaluate('document.body ? document.body.innerText : ""').catch(() => '');
        if (matches(body, text)) return f;
      }
      await this.page.waitForTimeout(300);
    }
    throw new Error(`no webview showed ${text}`);
  }

  /** Everything in the DOM: the workbench page and every frame (webviews included). */
  async allDomText(): Promise<string> {
    const parts: string[] = [await this.page.content()];
    for (const f of this.page.frames()) {
      if (f === this.page.mainFrame()) continue;
      parts.push(await f.content().catch(() => ''));
    }
    return parts.join('\n');
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

  assertAlive(): void {
    if (this.exited) throw new Error(`code-server exited:\n${this.serverLog.join('').slice(-2000)}`);
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

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean | undefined;
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

function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

function exactText(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
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
