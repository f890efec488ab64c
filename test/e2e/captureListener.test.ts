// Issue 3 in the real VS Code: with autoStart on a free port, a real
// @sentry/node program sends an error to the extension's local listener; the
// status bar counts it as new and the Errors tree shows it.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, VsCodeSession } from './harness';
import { nodeSdkScript, runProgram } from './sdkRun';

describe('e2e: local capture from a real SDK (issue 3)', function () {
  let vsc: VsCodeSession;
  let port = 0;
  const marker = `Inventory sync failed ${randomBytes(3).toString('hex')}`;

  before(async function () {
    port = await freePort();
    vsc = await VsCodeSession.start({
      settings: { 'sentry.capture.port': port, 'sentry.capture.autoStart': true },
    });
  });

  after(async function () {
    await vsc?.close();
  });

  it('captures an error a real @sentry/node run sends, counts it in the status bar and lists it in the tree', async function () {
    // Activation without looking at the tree (so the error stays "new"): the log says when.
    await vsc.waitForLog(/activated in [\d.]+ ms/, 60_000);
    await vsc.waitForListening(port);
    const script = join(vsc.workspace, 'capture-e2e.js');
    writeFileSync(script, nodeSdkScript(marker));
    const run = await runProgram(process.execPath, [script], vsc.workspace, { SENTRY_DSN: `http://public@127.0.0.1:${port}/1` });
    assert.equal(run.code, 0, `the SDK run failed or did not flush: ${run.stderr}`);
    const eventId = run.stdout.trim();
    assert.match(eventId, /^[0-9a-f]{32}$/);

    const status = await vsc.waitForStatusBar(/Sentry: \d+ new/);
    assert.match(status, /Sentry: 1 new/);

    await vsc.openSentryView();
    await vsc.waitForTreeItem(marker);
    await vsc.screenshot('capture-tree');
  });

  it('applies a lower sentry.capture.maxEvents at once, without a reload', async function () {
    await vsc.waitForListening(port);
    const base = `http://127.0.0.1:${port}`;
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${base}/api/1/store/?sentry_key=k`, { method: 'POST', body: JSON.stringify({ message: `bound test ${i}`, level: 'warning' }) });
      assert.equal(res.status, 200);
    }
    const count = async () => ((await (await fetch(`${base}/errors?limit=1000`)).json()) as { count: number }).count;
    assert.ok((await count()) >= 4, 'the four events (and the SDK error, when that test ran) are stored');
    // the user lowers the bound in the Settings editor
    await vsc.runCommand('Preferences: Open User Settings');
    const page = vsc.page;
    await page.locator('.settings-editor').waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(1_000); // the search box takes the focus once the editor has rendered
    await page.keyboard.type('@id:sentry.capture.maxEvents');
    const item = page.locator('.settings-editor .setting-item-contents').filter({ hasText: 'Max Events' }).first();
    await item.waitFor({ state: 'visible', timeout: 15_000 });
    const input = item.locator('input').first();
    await input.click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await vsc.waitForLog(/sentry\.capture\.maxEvents is now 2: the \d+ oldest event\(s\) were dropped/, 30_000);
    assert.equal(await count(), 2, 'the store keeps the two newest');
    const latest = (await (await fetch(`${base}/errors/latest`)).json()) as { title: string };
    assert.equal(latest.title, 'bound test 3');
  });
});
