// Issue 13 in the real VS Code, on the demo workspace: a stack trace printed by
// `node crash.js` run from another folder (as a container would) opens the
// workspace file from the integrated terminal and from Sentry: Open Stack
// Trace…; the CodeLens shows on the line of a captured error.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, VsCodeSession } from './harness';
import { runProgram } from './sdkRun';

/** Runs demo/crash.js from a copy under /tmp/…/srv/app, then deletes the copy: the printed paths exist nowhere here. */
function containerTrace(workspace: string): { trace: string; printedDir: string } {
  const base = mkdtempSync(join(tmpdir(), 'sentry-lens-container-'));
  const app = join(base, 'srv', 'app');
  mkdirSync(app, { recursive: true });
  cpSync(join(workspace, 'crash.js'), join(app, 'crash.js'));
  cpSync(join(workspace, 'src'), join(app, 'src'), { recursive: true });
  const r = spawnSync(process.execPath, ['crash.js'], { cwd: app, encoding: 'utf8' });
  rmSync(base, { recursive: true, force: true });
  assert.notEqual(r.status, 0);
  return { trace: r.stderr, printedDir: app };
}

/** The 1-based line and column V8 printed for a function in the trace. */
function printedAt(trace: string, fn: string): { line: number; col: number } {
  const m = new RegExp(`at ${fn} \\(.*checkout\\.js:(\\d+):(\\d+)\\)`).exec(trace);
  assert.ok(m, `the trace has a frame for ${fn}:\n${trace}`);
  return { line: Number(m[1]), col: Number(m[2]) };
}

/** Hover, then Ctrl+click, as a person follows a link in the editor or the terminal. */
async function ctrlClick(vsc: VsCodeSession, x: number, y: number): Promise<void> {
  const page = vsc.page;
  await page.mouse.move(x, y);
  await page.waitForTimeout(600);
  await page.keyboard.down('Control');
  await page.mouse.move(x + 1, y);
  await page.waitForTimeout(400);
  if (process.env.E2E_DEBUG_SHOT) await page.screenshot({ path: process.env.E2E_DEBUG_SHOT });
  await page.mouse.down();
  await page.mouse.up();
  await page.keyboard.up('Control');
}

describe('e2e: stack traces anywhere (issue 13)', function () {
  let vsc: VsCodeSession;
  let port = 0;

  before(async function () {
    port = await freePort();
    vsc = await VsCodeSession.start({
      settings: {
        'sentry.capture.port': port,
        'sentry.capture.autoStart': true,
        'terminal.integrated.gpuAcceleration': 'off',
        'terminal.integrated.fontFamily': 'monospace',
      },
    });
    await vsc.openSentryView();
    await vsc.waitForListening(port);
  });

  after(async function () {
    await vsc?.close();
  });

  it('Open Stack Trace: a pasted trace with a container path opens the workspace file at the printed line and column', async function () {
    const { trace } = containerTrace(vsc.workspace);
    const at = printedAt(trace, 'applyDiscount');
    // (Evaluated in the page, as text: this file is type-checked without the DOM library.)
    await vsc.page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(trace)})`);
    await vsc.runCommand('Sentry: Open Stack Trace…');
    await vsc.pickQuickItem('applyDiscount', 'Open Stack Trace');
    await vsc.waitForEditorPosition(`Ln ${at.line}, Col ${at.col}`);
    assert.match(await vsc.activeEditorTitle(), /^checkout\.js\b/);

    // The trace's document: its frames are links; Ctrl+click on the `checkout` frame follows it.
    const stackTab = vsc.page.locator('.tabs-container .tab', { hasText: /Stack Trace 1/ }).first();
    await stackTab.click();
    const outer = printedAt(trace, 'checkout');
    // The tokenizer may split a link into several spans: take the first span of the link on the `at checkout (` line.
    const row = vsc.page.locator('.monaco-editor .view-line', { hasText: `at checkout (` }).first();
    const link = row.locator('.detected-link').first();
    await link.waitFor({ state: 'visible', timeout: 15_000 });
    const lb = await link.boundingBox();
    assert.ok(lb, 'the link is on screen');
    await ctrlClick(vsc, lb.x + Math.min(20, lb.width / 2), lb.y + lb.height / 2);
    await vsc.waitForEditorPosition(`Ln ${outer.line}, Col ${outer.col}`);
    assert.match(await vsc.activeEditorTitle(), /^checkout\.js\b/);
  });

  it('terminal: Ctrl+click on a frame printed by `node crash.js` run from another folder opens the workspace file', async function () {
    const { trace } = containerTrace(vsc.workspace);
    const at = printedAt(trace, 'applyDiscount');
    await vsc.runCommand('Terminal: Create New Terminal');
    const terminal = vsc.page.locator('.terminal-wrapper.active .xterm-rows');
    await terminal.waitFor({ state: 'visible', timeout: 30_000 });
    await vsc.page.waitForTimeout(1_500);
    // A tall terminal, so the whole trace stays in view; an empty first command lets the shell settle.
    await vsc.runCommand('View: Toggle Maximized Panel');
    await vsc.runCommand('Terminal: Focus Terminal');
    await vsc.page.keyboard.press('Enter');
    await vsc.page.waitForTimeout(1_000);
    // The same run, in the terminal: the copy is removed afterwards, so only the resolver can find the file.
    const cmd = 'D=$(mktemp -d) && mkdir -p $D/srv/app && cp -r crash.js src $D/srv/app && (cd $D/srv/app && node crash.js); rm -rf $D';
    await vsc.page.keyboard.type(cmd);
    await vsc.page.keyboard.press('Enter');
    await terminal.locator(':scope > div', { hasText: /^Node\.js v/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await vsc.page.waitForTimeout(500);
    // Where the path after `at applyDiscount (` is drawn: a DOM Range over the row's text.
    const point = (await vsc.page.evaluate(`(() => {
      const rows = [...document.querySelectorAll('.terminal-wrapper.active .xterm-rows > div')];
      const row = rows.find((r) => r.textContent.includes('at applyDiscount ('));
      if (!row) return null;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      let node;
      while ((node = walker.nextNode())) {
        const i = node.textContent.indexOf('(/');
        if (i < 0) continue;
        const range = document.createRange();
        range.setStart(node, i + 5);
        range.setEnd(node, i + 6);
        const r = range.getBoundingClientRect();
        return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      }
      return null;
    })()`)) as { x: number; y: number } | null;
    assert.ok(point, 'the printed frame is on screen');
    await ctrlClick(vsc, point.x, point.y);
    await vsc.waitForEditorPosition(`Ln ${at.line}, Col ${at.col}`, 20_000);
    assert.match(await vsc.activeEditorTitle(), /^checkout\.js\b/);
  });

  it('CodeLens: on the line of a captured error, follows an unsaved edit, opens the event, and goes when the error is resolved', async function () {
    const run = await runProgram(process.execPath, ['app.js'], vsc.workspace, { SENTRY_DSN: `http://public@127.0.0.1:${port}/1` });
    assert.equal(run.code, 0, `node app.js failed: ${run.stderr}`);
    await vsc.waitForTreeItem(/unknown discount code SPRING/);
    await vsc.expandUntil(/applyDiscount/);
    await vsc.clickTreeItem(/applyDiscount/);
    const lines = readFileSync(join(vsc.workspace, 'src', 'checkout.js'), 'utf8').split('\n');
    const throwLine = lines.findIndex((l) => l.includes('throw new RangeError')) + 1;
    await vsc.waitForEditorPosition(`Ln ${throwLine}, Col ${lines[throwLine - 1]!.indexOf('new') + 1}`);
    const lens = vsc.page.locator('.monaco-editor .codelens-decoration', { hasText: /Sentry: 1 event, last .*unknown discount code SPRING/ }).first();
    await lens.waitFor({ state: 'visible', timeout: 30_000 });
    // The lens sits right above the throw: the view line after it holds `throw new RangeError`.
    const throwRow = vsc.page.locator('.monaco-editor .view-line', { hasText: 'throw new RangeError' }).first();
    const assertAboveThrow = async () => {
      const lensBox = await lens.boundingBox();
      const rowBox = await throwRow.boundingBox();
      assert.ok(lensBox && rowBox && rowBox.y > lensBox.y && rowBox.y - lensBox.y < 2 * rowBox.height + 4, `lens at ${lensBox?.y}, line at ${rowBox?.y}`);
    };
    await assertAboveThrow();
    await vsc.screenshot('codelens');

    // An unsaved edit (three new lines at the top) moves the throw down: the lens follows it.
    await vsc.page.keyboard.press('Control+Home');
    for (let i = 0; i < 3; i++) await vsc.page.keyboard.press('Enter');
    await vsc.waitForEditorPosition('Ln 4, Col 1');
    await vsc.page.waitForTimeout(1_500);
    await assertAboveThrow();
    const lensLine = await vsc.page.evaluate(
      `(() => { const l = document.querySelector('.monaco-editor .codelens-decoration'); const rows = [...document.querySelectorAll('.monaco-editor .view-line')]; const below = rows.filter((r) => r.getBoundingClientRect().y > l.getBoundingClientRect().y).sort((a, b) => a.getBoundingClientRect().y - b.getBoundingClientRect().y)[0]; return below ? below.textContent : ''; })()`,
    );
    assert.match(String(lensLine).replace(/\u00a0/g, ' '), /throw new RangeError/);

    // A click on the lens opens the event.
    await lens.locator('a').first().click();
    await vsc.waitForWebviewWith(/unknown discount code SPRING/);

    // Marked resolved, the error leaves the editor.
    await vsc.treeItemContextMenu(/unknown discount code SPRING/, 'Mark Resolved');
    await vsc.page.locator('.tabs-container .tab', { hasText: /checkout\.js/ }).first().click();
    await vsc.page.locator('.monaco-editor .codelens-decoration', { hasText: /Sentry:/ }).first().waitFor({ state: 'detached', timeout: 30_000 });
    await vsc.runCommand('File: Revert File');
  });

  it('Next / Previous Frame of the Latest Event step through its in-app frames, innermost first', async function () {
    const file = join(vsc.workspace, 'src', 'checkout.js');
    const lines = readFileSync(file, 'utf8').split('\n');
    const throwLine = lines.findIndex((l) => l.includes('throw new RangeError')) + 1;
    const callLine = lines.findIndex((l) => l.includes('return Math.round(applyDiscount(')) + 1;
    await vsc.runCommand('Sentry: Next Frame of the Latest Event');
    await vsc.waitForEditorPosition(`Ln ${throwLine}, Col ${lines[throwLine - 1]!.indexOf('new') + 1}`);
    await vsc.runCommand('Sentry: Next Frame of the Latest Event');
    await vsc.waitForEditorPosition(`Ln ${callLine}, Col ${lines[callLine - 1]!.indexOf('applyDiscount(') + 1}`);
    await vsc.runCommand('Sentry: Previous Frame of the Latest Event');
    await vsc.waitForEditorPosition(`Ln ${throwLine}, Col ${lines[throwLine - 1]!.indexOf('new') + 1}`);
  });
});
