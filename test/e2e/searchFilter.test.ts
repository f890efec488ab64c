// Issue 11 in the real VS Code: a real Python SDK run sends errors with
// provider, database, payment, authentication and cache contexts to the
// extension's listener; an OR query over context keys typed into
// "Sentry: Filter Errors" narrows the tree, the filter offers the values the
// events carried, and a malformed query shows its error with its position.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { PYTHON_CONTEXT_SCRIPT } from '../helpers/contextSdkScripts';
import type { VsCodeSession } from './harness';
import { runCaptured, startCaptureSession } from './captureSession';

const CHECKOUT = /CheckoutError: card declined for order 1001/;
const REFUND = /PaymentDeclined: refund rejected by adyen/;
const TIMEOUT = /DatabaseTimeout: query exceeded 5s on orders/;
const CACHE = /CacheUnavailable: redis connection refused/;

describe('e2e: Sentry search in the tree filter (issue 11)', function () {
  let vsc: VsCodeSession;

  before(async function () {
    const session = await startCaptureSession({ activate: 'log' });
    vsc = session.vsc;
    const script = join(vsc.workspace, 'context_errors.py');
    writeFileSync(script, PYTHON_CONTEXT_SCRIPT);
    await runCaptured(session, '/usr/bin/python3', [script, session.dsn], { PYTHONDONTWRITEBYTECODE: '1' });
    await vsc.openSentryView();
    for (const t of [CHECKOUT, REFUND, TIMEOUT, CACHE]) await vsc.waitForTreeItem(t);
  });

  after(async function () {
    await vsc?.close();
  });

  /** "Sentry: Filter Errors" with this text typed into its box; the box, to type on. */
  async function openFilter(text: string) {
    await vsc.runCommand('Sentry: Filter Errors');
    await vsc.waitForQuickInput('Sentry: Filter Errors');
    assert.ok(await vsc.fillQuickInput(text), `the filter box kept "${text}"`);
    return vsc.page.locator('.quick-input-widget .quick-input-box input');
  }

  it('filters the tree with a typed OR query over context keys, suggesting the values seen', async function () {
    const input = await openFilter('context.payment.provider:');
    const page = vsc.page;
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row .label-name');
    await rows.filter({ hasText: /^adyen$/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const offered = await rows.allTextContents();
    for (const v of ['stripe', 'adyen', 'paypal']) assert.ok(offered.some((t: string) => t.trim() === v), `the values seen are offered: ${JSON.stringify(offered)}`);
    await vsc.pickQuickItem('stripe');
    await page.waitForTimeout(300);
    assert.equal(await input.inputValue(), 'context.payment.provider:stripe ', 'choosing a value completes the query');
    await input.press('End');
    await page.keyboard.type('OR context.cache.system:memcached');
    await page.waitForTimeout(300);
    await input.press('Enter');

    await vsc.waitForNoTreeItem(REFUND);
    await vsc.waitForNoTreeItem(CACHE);
    await vsc.waitForTreeItem(CHECKOUT);
    await vsc.waitForTreeItem(TIMEOUT);
    assert.match(await vsc.allDomText(), /Filter: context\.payment\.provider:stripe OR context\.cache\.system:memcached/);
    await vsc.screenshot('search-filter-or');
  });

  it('shows a malformed query\'s error, with its position, in the filter box and keeps the filter', async function () {
    const input = await openFilter('context.payment.provider:stripe OR');
    const page = vsc.page;
    const error = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: '"OR" at position 33 needs a term after it' });
    await error.first().waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
    await page.waitForTimeout(500);
    assert.ok((await vsc.quickInputState()).visible, 'Enter does not apply a malformed query');
    await input.fill('enviroment:production');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'unknown key "enviroment" at position 1 for events: did you mean environment?' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await vsc.screenshot('search-filter-error');
    await vsc.dismissQuickInput();
    // The filter applied before is still the one in force.
    await vsc.waitForNoTreeItem(REFUND);
    await vsc.waitForTreeItem(CHECKOUT);
  });

  it('refuses a transposed key with "did you mean", offers its fix, and says so when a bare name is read as a tag', async function () {
    const input = await openFilter('levle:error');
    const page = vsc.page;
    const rows = page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    await rows.filter({ hasText: 'unknown key "levle" at position 1 for events: did you mean level?' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    // The fix is offered, and choosing it corrects the query in place.
    await rows.filter({ hasText: /instead of levle/ }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await vsc.pickQuickItem('level');
    await page.waitForTimeout(300);
    assert.equal(await input.inputValue(), 'level:error');
    // A bare name far from every key still applies, as the tag of that name, and the box says so.
    await input.fill('provider:stripe');
    await rows.filter({ hasText: '"provider" is not one of the event keys: read as the tag provider' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await input.press('Enter');
    await vsc.waitForNoTreeItem(REFUND);
    await vsc.waitForNoTreeItem(CACHE);
    await vsc.waitForTreeItem(CHECKOUT);
    assert.match(await vsc.allDomText(), /read as the tag provider/);
  });
});
