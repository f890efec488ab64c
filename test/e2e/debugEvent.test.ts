// Debug Event in the real VS Code: a real Python SDK run (python3 app.py in the demo) is captured; "Debug
// Event" on it starts the replay debugger; the Call Stack shows the recorded frames, the Variables view a
// frame's local with its value, the editor sits at the raising line; stopping leaves no session behind.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VsCodeSession } from './harness';
import { runCaptured, startCaptureSession } from './captureSession';

describe('e2e: Debug Event replays a captured Python error in the debugger', function () {
  let vsc: VsCodeSession;

  before(async function () {
    const session = await startCaptureSession();
    vsc = session.vsc;
    await runCaptured(session, '/usr/bin/python3', ['app.py']);
  });

  after(async function () {
    await vsc?.close();
  });

  it('shows the call stack, the frame\'s locals and the raising line, and stops cleanly', async function () {
    await vsc.waitForTreeItem(/only 3 mug left, 5 requested/);
    await vsc.treeItemContextMenu(/only 3 mug left, 5 requested/, 'Debug Event');
    const page = vsc.page;
    // The session stops at the recorded exception at once (the exception widget); Run and Debug shows by itself,
    // its Call Stack and Variables made before the stop (nothing here opens it).
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 30_000 });

    const frame = page.locator('.debug-call-stack .monaco-list-row', { hasText: /reserve/ }).first();
    await frame.waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.debug-call-stack .monaco-list-row', { hasText: /<module>/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const stack = (await page.locator('.debug-call-stack .monaco-list-row').allTextContents()).join(' | ');
    assert.ok(stack.indexOf('reserve') < stack.indexOf('<module>'), `innermost frame first: ${stack}`);

    const lines = readFileSync(join(vsc.workspace, 'inventory.py'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('raise ValueError')) + 1;
    await vsc.waitForEditorPosition(new RegExp(`^Ln ${line}, Col \\d+`), 20_000);
    assert.match(await vsc.activeEditorTitle(), /^inventory\.py\b/);

    // The top frame's Locals are open without a click.
    const locals = page.locator('.debug-variables .monaco-list-row', { hasText: /^Locals$/ }).first();
    await locals.waitFor({ state: 'visible', timeout: 20_000 });
    assert.equal(await locals.getAttribute('aria-expanded'), 'true', 'the Locals scope starts expanded');
    const available = page.locator('.debug-variables .monaco-list-row', { hasText: /available/ }).first();
    await available.waitFor({ state: 'visible', timeout: 20_000 });
    assert.match((await available.textContent()) ?? '', /available\s*[:=]?\s*3$/);
    const quantity = page.locator('.debug-variables .monaco-list-row', { hasText: /quantity/ }).first();
    assert.match((await quantity.textContent()) ?? '', /quantity\s*[:=]?\s*5$/);
    await vsc.screenshot('debug-event');

    await page.locator('.debug-toolbar [aria-label^="Stop"]').first().click();
    await page.locator('.debug-call-stack .monaco-list-row', { hasText: /reserve/ }).first().waitFor({ state: 'detached', timeout: 15_000 });
    // The debug toolbar goes with the session.
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('starts from the Debug lens on the line of the captured error', async function () {
    const page = vsc.page;
    await vsc.openSentryView();
    await vsc.expandUntil(/^reserve/);
    await vsc.clickTreeItem(/^reserve/);
    const debugLens = page.locator('.monaco-editor .codelens-decoration a', { hasText: /Debug/ }).first();
    await debugLens.waitFor({ state: 'visible', timeout: 30_000 });
    await debugLens.click();
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 30_000 });
    // Run and Debug shows by itself (a click on its icon now would close the side bar).
    await page.locator('.debug-call-stack .monaco-list-row', { hasText: /reserve/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    await page.locator('.debug-toolbar [aria-label^="Stop"]').first().click();
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 15_000 });
  });

  it('Copy for AI puts the event on the clipboard as markdown, its frame resolved to the workspace file', async function () {
    await vsc.openSentryView();
    await vsc.treeItemContextMenu(/only 3 mug left, 5 requested/, 'Copy for AI');
    const deadline = Date.now() + 15_000;
    let text = '';
    while (Date.now() < deadline && !text.includes('only 3 mug left')) {
      text = String(await vsc.page.evaluate('navigator.clipboard.readText()').catch(() => ''));
      await vsc.page.waitForTimeout(300);
    }
    assert.match(text, /^# ValueError: only 3 mug left, 5 requested/);
    const line = readFileSync(join(vsc.workspace, 'inventory.py'), 'utf8').split('\n').findIndex((l) => l.includes('raise ValueError')) + 1;
    assert.ok(text.includes(`${join(vsc.workspace, 'inventory.py')}:${line}:`), text.slice(0, 600));
    assert.ok(text.includes('raise ValueError'), 'the code at the frame');
  });
});
