// Traces and logs in the real VS Code: a real @sentry/node run (demo/traced.js, spans streamed and logs on)
// sends to the listener; the trace appears in the Traces view, its waterfall shows the spans, a click on
// the error in it opens the raising line, and the Logs view shows the run's log lines with their levels.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VsCodeSession } from './harness';
import { runCaptured, startCaptureSession } from './captureSession';

describe('e2e: traces and logs from a real SDK run', function () {
  let vsc: VsCodeSession;

  before(async function () {
    const session = await startCaptureSession();
    vsc = session.vsc;
    await runCaptured(session, process.execPath, ['traced.js']);
  });

  after(async function () {
    await vsc?.close();
  });

  it('lists the trace, shows its spans in the waterfall, and opens the raising line from the error in it', async function () {
    const page = vsc.page;
    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: 'POST /checkout' }).first();
    await row.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await row.textContent()) ?? '', /3 spans · 1 error/);
    await row.click();
    const frame = await vsc.waitForWebviewWith(/apply discount/, 30_000);
    for (const name of ['POST /checkout', 'load cart', 'apply discount']) {
      await frame.locator('.row', { hasText: name }).first().waitFor({ state: 'visible', timeout: 10_000 });
    }
    await vsc.screenshot('trace-waterfall');
    await frame.locator('a.error-link', { hasText: /unknown discount code SPRING/ }).first().click();
    const lines = readFileSync(join(vsc.workspace, 'src', 'checkout.js'), 'utf8').split('\n');
    const line = lines.findIndex((l) => l.includes('throw new RangeError')) + 1;
    await vsc.waitForEditorPosition(`Ln ${line}, Col ${lines[line - 1]!.indexOf('new') + 1}`, 20_000);
    assert.match(await vsc.activeEditorTitle(), /^checkout\.js\b/);
  });

  it('shows the run\'s log lines with their levels in the Logs view, filtered by the search language', async function () {
    await vsc.runCommand('Sentry: Show Captured Logs');
    const frame = await vsc.waitForWebviewWith(/discount rejected/, 30_000);
    const text = (await frame.locator('#lines').textContent()) ?? '';
    for (const [level, body] of [['info', 'checkout started'], ['debug', 'cart loaded'], ['error', 'discount rejected'], ['warn', 'checkout finished without a discount']]) {
      await frame.locator(`.line.level-${level}`, { hasText: body }).first().waitFor({ state: 'visible', timeout: 10_000 });
    }
    assert.ok(text.includes('trace '), 'each line links its trace');
    await vsc.screenshot('logs-view');
    await frame.locator('#query').fill('level:error');
    await frame.locator('.line', { hasText: 'checkout started' }).first().waitFor({ state: 'detached', timeout: 10_000 });
    await frame.locator('.line.level-error', { hasText: 'discount rejected' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await frame.locator('#query').fill('level:nonsense');
    await frame.locator('#error', { hasText: /unknown log level "nonsense"/ }).waitFor({ state: 'visible', timeout: 10_000 });
    // A transposed key is a slip, not an attribute that quietly matches nothing.
    await frame.locator('#query').fill('levle:error');
    await frame.locator('#error', { hasText: /unknown key "levle" at position 1 for logs: did you mean level\?/ }).waitFor({ state: 'visible', timeout: 10_000 });
  });
});
