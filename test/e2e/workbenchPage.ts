// The page side of an e2e session: what a person does in the VS Code window
// (the Sentry tree, notifications, the status bar, webviews; the command
// palette and quick inputs are QuickInputPage's), through playwright on the
// workbench page. Starting and stopping code-server and the browser is
// harness.ts's part.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Frame, type Locator, QuickInputPage, exactText, matches } from './quickInputPage';

export { type Frame, type Locator, type Page, exactText, matches } from './quickInputPage';

export interface TreeRow {
  label: string;
  description: string;
  level: number;
  expanded: boolean | undefined;
}

export class WorkbenchPage extends QuickInputPage {
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

  /** Waits for the cursor position: this text exactly ("Ln 11, Col 5"), or one a pattern matches (any column). */
  async waitForEditorPosition(expected: string | RegExp, timeout = 15_000): Promise<void> {
    const deadline = Date.now() + timeout;
    let last = '';
    while (Date.now() < deadline) {
      last = await this.editorPosition().catch(() => '');
      if (typeof expected === 'string' ? last === expected : expected.test(last)) return;
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
}
