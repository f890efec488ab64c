// Issue 4 in the real VS Code, on the demo workspace: a real SDK run raises an
// error in a demo file; it appears in the tree; a click on its top in-app
// frame opens the file at the right line and column; a hostile message in the
// details webview stays inert; the Problems panel lists the error.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VsCodeSession } from './harness';
import { type CaptureSession, runCaptured, startCaptureSession } from './captureSession';
import { nodeSdkScript } from './sdkRun';

/** Where V8 reports the throw in demo/src/checkout.js: the `new` of `throw new RangeError`. */
function throwPosition(file: string): { line: number; col: number } {
  const lines = readFileSync(file, 'utf8').split('\n');
  const idx = lines.findIndex((l) => l.includes('throw new RangeError'));
  assert.ok(idx >= 0, 'the demo throws a RangeError');
  return { line: idx + 1, col: lines[idx]!.indexOf('new') + 1 };
}

describe('e2e: demo workspace, frames, details and Problems (issue 4)', function () {
  let session: CaptureSession;
  let vsc: VsCodeSession;
  const hostile = '<img src=x onerror=alert(1)>';

  before(async function () {
    session = await startCaptureSession({ settings: { 'sentry.problems.enabled': true } });
    vsc = session.vsc;
    const run = await runCaptured(session, process.execPath, ['app.js']);
    assert.match(run.stderr, /sent to Sentry as [0-9a-f]{32}/);
  });

  after(async function () {
    await vsc?.close();
  });

  it('lists the demo error and opens its top in-app frame at the line and column that raised it', async function () {
    await vsc.waitForTreeItem(/unknown discount code SPRING/);
    await vsc.expandUntil(/applyDiscount/);
    await vsc.clickTreeItem(/applyDiscount/);
    const { line, col } = throwPosition(join(vsc.workspace, 'src', 'checkout.js'));
    await vsc.waitForEditorPosition(`Ln ${line}, Col ${col}`);
    assert.match(await vsc.activeEditorTitle(), /^checkout\.js\b/);
    await vsc.screenshot('tree-and-editor');
  });

  it('opens the top in-app frame of a real Python SDK run (python3 app.py) at the raising line', async function () {
    await runCaptured(session, '/usr/bin/python3', ['app.py']);
    await vsc.waitForTreeItem(/only 3 mug left, 5 requested/);
    await vsc.expandUntil(/^reserve/);
    await vsc.clickTreeItem(/^reserve/);
    const lines = readFileSync(join(vsc.workspace, 'inventory.py'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('raise ValueError')) + 1;
    await vsc.waitForEditorPosition(new RegExp(`^Ln ${line}, Col \\d+`));
    assert.match(await vsc.activeEditorTitle(), /^inventory\.py\b/);
  });

  it('lists the error in the Problems panel', async function () {
    await vsc.page.keyboard.press('Control+Shift+M');
    const panel = vsc.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    await panel.locator('.monaco-list-row', { hasText: /unknown discount code SPRING/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await vsc.screenshot('problems');
  });

  it('shows a hostile message in the details webview as inert text', async function () {
    const script = join(vsc.workspace, 'hostile.js');
    writeFileSync(script, nodeSdkScript(hostile));
    await runCaptured(session, process.execPath, [script]);
    await vsc.waitForTreeItem(hostile);
    await vsc.clickTreeItem(hostile);
    let frame;
    try {
      frame = await vsc.waitForWebviewWith(hostile, 5_000);
    } catch {
      // A click may only select the row: ask for the details explicitly.
      await vsc.treeItemContextMenu(hostile, 'Open Event Details');
      frame = await vsc.waitForWebviewWith(hostile, 30_000);
    }
    const tab = vsc.page.locator('.tabs-container .tab', { hasText: /^Sentry Event: / }).first();
    await tab.waitFor({ state: 'visible', timeout: 10_000 });
    assert.equal(await frame.locator('img').count(), 0, 'an <img> element was created from the message');
    assert.equal(await frame.locator('[onerror]').count(), 0, 'an onerror attribute reached the DOM');
    await vsc.page.waitForTimeout(1000);
    assert.deepEqual(vsc.dialogs, [], 'a dialog fired');
    await vsc.runCommand('View: Hide Panel').catch(() => undefined);
    await vsc.screenshot('details');
  });

  it('shows breadcrumb times in the details as local time of day, the raw value in the hover', async function () {
    const message = 'checkout failed after the cart was loaded';
    const script = join(vsc.workspace, 'crumbs.js');
    writeFileSync(
      script,
      nodeSdkScript(message).replace(
        'function failingStep() {',
        "Sentry.addBreadcrumb({ category: 'cart', message: 'added 3 mugs', level: 'info' });\nfunction failingStep() {",
      ),
    );
    await runCaptured(session, process.execPath, [script]);
    await vsc.waitForTreeItem(message);
    await vsc.treeItemContextMenu(message, 'Open Event Details');
    const frame = await vsc.waitForWebviewWith(/added 3 mugs/, 30_000);
    // The Breadcrumbs section starts folded, as a person finds it.
    await frame.locator('#breadcrumbs > summary').click();
    const time = frame.locator('table.crumbs tr', { hasText: 'added 3 mugs' }).locator('time').first();
    await time.waitFor({ state: 'visible', timeout: 10_000 });
    // Captured seconds ago: today, so the time of day alone; the value the SDK sent (epoch seconds) in the hover.
    assert.match((await time.textContent()) ?? '', /^\d\d:\d\d:\d\d\.\d{3}$/);
    const raw = (await time.getAttribute('title')) ?? '';
    assert.match(raw, /^\d{10}(\.\d+)?$/);
    const shown = new Date(Number(raw) * 1000);
    const expected = [shown.getHours(), shown.getMinutes(), shown.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
    assert.equal(((await time.textContent()) ?? '').slice(0, 8), expected, 'the local time of the value sent');
  });
});
