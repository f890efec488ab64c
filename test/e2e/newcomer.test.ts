// What a newcomer meets in the first fifteen minutes, in the real VS Code:
// the "Get started" walkthrough ticks each step off when the real thing
// happens; the context lines of a frame with no local file never reach the
// Problems panel (while a real file with the same text does) and keep their
// colours; hovers show a release as text, not a mailto: link; a failed send
// offers a way out, and new errors outrank the old failure in the status bar.
import { strict as assert } from 'node:assert';
import { randomBytes } from 'node:crypto';
import { type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';
import { frameDocumentText } from '../../src/ui/frames/frameDocumentText';
import { answerCreateIssue } from './createIssueForm';
import { freePort, type Locator, VsCodeSession } from './harness';

const FRAME = {
  filename: '/srv/app/lib/nothere.js',
  abs_path: '/srv/app/lib/nothere.js',
  function: 'computeTotal',
  lineno: 12,
  colno: 40,
  in_app: true,
  pre_context: ['function computeTotal(order) {', '  // sum the prices'],
  context_line: '  const total = order.items.reduce((s, i) => s + i.price, 0);',
  post_context: ['  return total;', '}'],
};

/** The same numbered excerpt as a real workspace file: the TypeScript server reports it, which shows it is running. */
const EXCERPT_AS_FILE = frameDocumentText(
  { absPath: FRAME.abs_path, lineno: FRAME.lineno, contextLine: FRAME.context_line, preContext: FRAME.pre_context, postContext: FRAME.post_context },
  'No workspace file matches this frame.',
).text;

describe('e2e: a newcomer\'s first fifteen minutes (issue 15)', function () {
  let vsc: VsCodeSession;
  let fake: FakeSentry;
  let port = 0;
  const marker = randomBytes(3).toString('hex');
  const title = `TypeError: order.items is undefined ${marker}`;

  before(async function () {
    port = await freePort();
    fake = await startFakeSentry({ issues: [{ title: 'TimeoutError: payment gateway did not answer', exceptionType: 'TimeoutError', exceptionValue: 'payment gateway did not answer', project: 'pump-station', level: 'warning' }] });
    vsc = await VsCodeSession.start({
      settings: {
        'sentry.capture.port': port,
        'sentry.capture.autoStart': true,
        'sentry.problems.enabled': true,
        'sentry.api.baseUrl': fake.url,
        'sentry.api.organization': fake.state.org,
        'sentry.api.projects': fake.state.projects.map((p) => p.slug),
      },
      files: { 'excerpt-as-file.js': EXCERPT_AS_FILE },
    });
    await vsc.openSentryView();
    await vsc.waitForListening(port);
  });

  after(async function () {
    await vsc?.close();
    await fake?.close();
  });

  /** A step's checkbox in the open walkthrough. */
  const step = (id: string): Locator => vsc.page.locator(`[data-done-step-id$="#${id}"]`).first();
  const stepDone = async (id: string, timeout = 20_000): Promise<void> => {
    if (!(await step(id).isVisible().catch(() => false))) await vsc.runCommand('Sentry: Get Started');
    await vsc.page.locator(`[data-done-step-id$="#${id}"][aria-checked="true"]`).first().waitFor({ state: 'attached', timeout });
  };

  /** Posts an event to the local listener the way an SDK's store endpoint does. */
  async function capture(event: Record<string, unknown>): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${port}/api/1/store/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sentry-auth': 'Sentry sentry_version=7, sentry_key=public, sentry_client=e2e/1.0' },
      body: JSON.stringify({ event_id: randomBytes(16).toString('hex'), timestamp: Date.now() / 1000, platform: 'node', level: 'error', ...event }),
    });
    assert.equal(res.status, 200, await res.text());
  }

  it('opens the walkthrough from the palette with its five steps, none done yet', async function () {
    await vsc.runCommand('Sentry: Get Started');
    await vsc.page.getByText('Get started with Sentry Lens').first().waitFor({ state: 'visible', timeout: 30_000 });
    for (const id of ['copyLocalDsn', 'runSample', 'openFrame', 'sendTestEvent', 'connectSentry']) {
      await step(id).waitFor({ state: 'attached', timeout: 10_000 });
      assert.equal(await step(id).getAttribute('aria-checked'), 'false', `${id} is not done before it was done`);
    }
    await vsc.screenshot('walkthrough');
    await vsc.runCommand('Sentry: Copy Local DSN');
    await stepDone('copyLocalDsn');
  });

  it('shows a frame with no local file as coloured context lines that never reach the Problems panel', async function () {
    await capture({ release: 'demo-shop@1.0.0', environment: 'production', exception: { values: [{ type: 'TypeError', value: `order.items is undefined ${marker}`, stacktrace: { frames: [FRAME] } }] } });
    await stepDone('runSample');
    await vsc.openSentryView();
    await vsc.waitForTreeItem(title);
    await vsc.expandUntil(/^computeTotal/);
    await vsc.clickTreeItem(/^computeTotal/);
    await vsc.page.locator('.tabs-container .tab', { hasText: /^nothere\.js/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
    const mode = vsc.page.locator('[id="status.editor.mode"]').first();
    await mode.waitFor({ state: 'visible', timeout: 15_000 });
    assert.match((await mode.textContent()) ?? '', /Sentry Frame Context/);
    // Coloured: the numbers, the header comment and the JavaScript keywords are tokens of their own.
    let classes = new Set<string>();
    for (const deadline = Date.now() + 20_000; Date.now() < deadline && classes.size < 3; await vsc.page.waitForTimeout(500)) {
      const all: string[] = await vsc.page
        .locator('.editor-instance .monaco-editor .view-lines .view-line span span')
        .evaluateAll((spans: Array<{ className: string }>) => spans.map((s) => s.className));
      classes = new Set(all.filter((c) => /^mtk\d+/.test(c)));
    }
    await vsc.screenshot('frame-context');
    assert.ok(classes.size >= 3, `the excerpt is coloured (token classes: ${[...classes].join(' ')})`);

    // The same text in a real .js file: the TypeScript server reports it; the excerpt stays out.
    await vsc.goToFile('excerpt-as-file.js');
    await vsc.page.keyboard.press('Control+Shift+M');
    const panel = vsc.page.locator('.markers-panel');
    await panel.waitFor({ state: 'visible', timeout: 15_000 });
    await panel.locator('.monaco-list-row', { hasText: 'excerpt-as-file.js' }).first().waitFor({ state: 'visible', timeout: 90_000 });
    await vsc.page.waitForTimeout(3_000);
    const problems = ((await panel.textContent()) ?? '').replace(/\s+/g, ' ');
    assert.match(problems, /excerpt-as-file\.js.*(';' expected|Expression expected)/, 'the TypeScript server is running and reports the file');
    assert.ok(!problems.includes('nothere.js'), `the excerpt has problems: ${problems}`);
    await vsc.screenshot('frame-context-problems');
    await vsc.runCommand('View: Hide Panel').catch(() => undefined);
    await stepDone('openFrame');
  });

  it('shows the release in the issue hover as text, not as a mailto: link', async function () {
    await vsc.openSentryView();
    const row = vsc.treeRow(title);
    await vsc.page.mouse.move(1, 1);
    await row.locator('.label-name').hover();
    const hover = vsc.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: /demo-shop@1\.0\.0/ }).last();
    await hover.waitFor({ state: 'visible', timeout: 15_000 });
    assert.equal(await hover.locator('a[href^="mailto:"]').count(), 0, 'the release became a mailto: link');
    assert.equal(await hover.locator('a').count(), 0, 'event text became a link');
    assert.match((await hover.textContent()) ?? '', /Releases: demo-shop@1\.0\.0/);
    const rowText = await vsc.waitForTreeItem(title);
    assert.match(rowText.label, /^×1 · .* — TypeError/, 'count and age lead the row');
    await vsc.page.mouse.move(1, 1);
    // Close the walkthrough and the frames: a walkthrough page that moves to its next step takes the focus from the palette.
    await vsc.page.keyboard.press('Control+K');
    await vsc.page.keyboard.press('W');
    await vsc.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  });

  it('offers Show Log, Set DSN and Use Local Capture when the DSN refuses the connection, then sends there', async function () {
    const closed = await freePort();
    await vsc.runCommand('Sentry: Set DSN');
    await vsc.quickInput(`http://k3y9@127.0.0.1:${closed}/7`, 'Sentry DSN');
    await vsc.clearNotifications();
    await createIssue(vsc, `Checkout failed ${marker}`);
    const toast = await vsc.waitForNotification(/connection refused/i);
    for (const b of ['Show Log', 'Set DSN', 'Use Local Capture']) {
      assert.equal(await toast.locator('.monaco-button', { hasText: b }).count(), 1, `the notification offers ${b}`);
    }
    await vsc.waitForStatusBar(/Sentry: send failed/);
    assert.ok(!vsc.readLogChannel().includes('k3y9'), 'the log shows no part of the DSN key');
    await toast.locator('.monaco-button', { hasText: 'Use Local Capture' }).click();
    await vsc.waitForNotification(/Sentry event sent: [0-9a-f]{32}/);
    await stepDone('sendTestEvent');
  });

  it('lets new errors outrank an older send failure, which stays in the tooltip', async function () {
    await vsc.clearNotifications();
    await createIssue(vsc, `Checkout failed again ${marker}`);
    await vsc.waitForNotification(/connection refused/i);
    await vsc.waitForStatusBar(/Sentry: send failed/);
    // The Errors view hidden (the Explorer in its place): new errors count.
    await vsc.page.locator('.part.activitybar [aria-label^="Explorer"]').first().click();
    await vsc.page.locator('.part.sidebar .explorer-folders-view, .part.sidebar [id="workbench.view.explorer"]').first().waitFor({ state: 'visible', timeout: 15_000 });
    await capture({ exception: { values: [{ type: 'RangeError', value: `new after the failure ${marker}` }] } });
    await vsc.waitForStatusBar(/Sentry: \d+ new/);
    assert.match(await vsc.statusBarTooltip(), /Last send: failed at .*connection refused/);
    await vsc.screenshot('status-new-errors-over-failure', { keepHover: true });
  });

  it('ticks off "Connect Sentry" once the token and organization are set', async function () {
    await vsc.runCommand('Sentry: Set Auth Token');
    await vsc.quickInput(fake.token, 'Sentry auth token');
    await stepDone('connectSentry', 60_000);
  });
});

/** Create Issue with the plain-message template, to the DSN that is set. */
async function createIssue(vsc: VsCodeSession, message: string): Promise<void> {
  await vsc.runCommand('Sentry: Create Issue');
  await answerCreateIssue(vsc, { template: 'Plain message', message, level: 'error', environment: '', platform: 'node', tags: '', extra: '' });
}
