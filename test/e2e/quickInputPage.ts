// The command palette, quick inputs (InputBox / QuickPick), modal dialogs and
// notification texts of the VS Code window, through playwright on the
// workbench page; WorkbenchPage adds the rest of the window.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type Page = any;
export type Frame = any;
export type Locator = any;

export class QuickInputPage {
  /** The browser dialogs (alert/confirm/prompt) seen in any frame. */
  readonly dialogs: string[] = [];
  /** The texts of VS Code modal dialogs dismissed by the harness. */
  readonly modalTexts: string[] = [];

  /** `checkAlive` throws when the process behind the page is gone (waits stop early with its output). */
  constructor(
    readonly page: Page,
    private readonly checkAlive: () => void = () => undefined,
  ) {
    page.on('dialog', (d: any) => {
      this.dialogs.push(`${d.type()}: ${d.message()}`);
      void d.dismiss().catch(() => undefined);
    });
  }

  assertAlive(): void {
    this.checkAlive();
  }

  /**
   * F1, the command's palette title ("Sentry: Set DSN"), then the matching entry. The whole
   * open + fill + select is tried again when a step is lost: the palette did not open (focus
   * was in a webview), the typed text was replaced as the palette finished opening, the entry
   * did not appear yet (the workbench still learns the extension's commands), or the click
   * landed while the list re-rendered.
   */
  async runCommand(title: string): Promise<void> {
    const page = this.page;
    const typed = `>${title}`;
    const row = page
      .locator('.quick-input-widget .quick-input-list .monaco-list-row')
      .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
      .first();
    let lost = 'nothing tried';
    for (let attempt = 0; attempt < 4; attempt++) {
      if (attempt > 0) await page.waitForTimeout(1_500);
      this.assertAlive();
      await this.dismissModalDialogs();
      await this.dismissQuickInput();
      await page.keyboard.press('F1');
      if (!(await this.fillQuickInput(typed, 10_000))) {
        lost = `the palette did not take the text (it holds "${await this.quickInputValue()}")`;
        continue;
      }
      try {
        await row.waitFor({ state: 'visible', timeout: 8_000 });
      } catch {
        const shown = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name').allTextContents();
        lost = `it showed ${JSON.stringify(shown.slice(0, 6))} for "${await this.quickInputValue()}"`;
        continue;
      }
      await row.click().catch(() => undefined);
      // Taken: the palette closed, or the command's own input replaced the typed text.
      if (await this.waitForQuickInputValueNot(typed, 3_000)) return;
      lost = 'the entry was shown but choosing it did not run it';
    }
    throw new Error(`the command palette never ran "${title}" (${lost})`);
  }

  /** Quick Open (Go to File) with this text, then the entry whose row holds `row` (by default the text): the editor opens it. */
  async goToFile(text: string, row: string = text): Promise<void> {
    const entry = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: row }).first();
    for (let attempt = 0; ; attempt++) {
      await this.runCommand('Go to File...');
      const filled = await this.fillQuickInput(text, 10_000);
      const shown = filled && (await entry.waitFor({ state: 'visible', timeout: 15_000 }).then(() => true, () => false));
      if (shown) break;
      if (attempt === 2) throw new Error(`Go to File never offered "${row}" for "${text}" (it holds "${await this.quickInputValue()}")`);
    }
    await this.page.locator('.quick-input-widget .quick-input-box input').press('Enter');
  }

  /** Fills the quick input once it shows and checks the text stayed (an opening widget may reset it); false when it never did. */
  async fillQuickInput(text: string, timeout = 10_000): Promise<boolean> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const visible = await input.waitFor({ state: 'visible', timeout }).then(() => true, () => false);
    if (!visible) return false;
    for (let i = 0; i < 3; i++) {
      await input.fill(text).catch(() => undefined);
      await this.page.waitForTimeout(100);
      if ((await this.quickInputValue()) === text) return true;
    }
    return false;
  }

  /** The text in the quick input ('' when none is open). */
  async quickInputValue(): Promise<string> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    if (!(await input.isVisible().catch(() => false))) return '';
    return ((await input.inputValue({ timeout: 1_000 }).catch(() => '')) as string) ?? '';
  }

  private async waitForQuickInputValueNot(text: string, timeout: number): Promise<boolean> {
    const deadline = Date.now() + timeout;
    do {
      if ((await this.quickInputValue()) !== text) return true;
      await this.page.waitForTimeout(150);
    } while (Date.now() < deadline);
    return false;
  }

  /** Types into the open InputBox (waiting for its title when given) and presses Enter. */
  async quickInput(text: string, title?: string | RegExp): Promise<void> {
    const page = this.page;
    await this.waitForQuickInput(title);
    const input = page.locator('.quick-input-widget .quick-input-box input');
    // The text must still be there when Enter accepts it (an input box that just opened may reset it).
    if (!(await this.fillQuickInput(text))) throw new Error(`the quick input titled ${String(title)} did not keep the text typed (it holds "${await this.quickInputValue()}")`);
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

  /** The text of every notification toast currently shown. */
  async notifications(): Promise<string[]> {
    // One read of every toast at once: counting first and reading each after races a toast that hides in between.
    const texts: string[] = await this.page
      .locator('.notifications-toasts .notification-toast, .notification-list-item')
      .allTextContents();
    return texts.map((t) => t.replace(/\s+/g, ' ').trim());
  }
}

export function matches(text: string, pattern: string | RegExp): boolean {
  return typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
}

export function exactText(s: string): RegExp {
  return new RegExp(`^\\s*${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}
