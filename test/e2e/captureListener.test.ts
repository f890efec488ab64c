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
});
