// Issue 5 in the real VS Code against the fake Sentry REST API (Sentry's
// published shapes, started in-process): a token set through "Set Auth Token",
// issues appear under their project, "Resolve in Sentry" removes one, a frame
// of an issue's latest event opens at the right line, and a token the server
// rejects (401) gives a clear message and a degraded status bar.
import { strict as assert } from 'node:assert';
import { type FakeFrame, type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';
import { freePort, VsCodeSession } from './harness';

const stackRoot = '/srv/shop/';
const frames: FakeFrame[] = [
  { absPath: `${stackRoot}app.js`, filename: 'app.js', function: 'main', lineNo: 19, colNo: 19, inApp: true },
  { absPath: `${stackRoot}src/checkout.js`, filename: 'src/checkout.js', function: 'checkout', lineNo: 17, colNo: 21, inApp: true },
  { absPath: `${stackRoot}src/checkout.js`, filename: 'src/checkout.js', function: 'applyDiscount', lineNo: 11, colNo: 11, inApp: true },
];

describe('e2e: Sentry REST API issues (issue 5)', function () {
  let vsc: VsCodeSession;
  let fake: FakeSentry;
  const discountTitle = 'RangeError: unknown discount code SPRING';
  const stockTitle = 'ValueError: only 3 mug left, 5 requested';
  const timeoutTitle = 'TimeoutError: payment gateway did not answer';

  before(async function () {
    fake = await startFakeSentry({
      issues: [
        { title: discountTitle, exceptionType: 'RangeError', exceptionValue: 'unknown discount code SPRING', project: 'pump-station', level: 'error', frames },
        { title: timeoutTitle, exceptionType: 'TimeoutError', exceptionValue: 'payment gateway did not answer', project: 'pump-station', level: 'warning' },
        { title: stockTitle, exceptionType: 'ValueError', exceptionValue: 'only 3 mug left, 5 requested', project: 'prime-mover', level: 'error' },
      ],
    });
    vsc = await VsCodeSession.start({
      settings: {
        'sentry.capture.port': await freePort(),
        'sentry.capture.autoStart': false,
        'sentry.api.baseUrl': fake.url,
        'sentry.api.organization': fake.state.org,
        'sentry.api.projects': fake.state.projects.map((p) => p.slug),
        'sentry.api.pollIntervalSeconds': 10,
        'sentry.codeMappings': [{ stackRoot, sourceRoot: '.' }],
      },
    });
  });

  after(async function () {
    await vsc?.close();
    await fake?.close();
  });

  it('takes the token in a password box and lists the issues under their projects', async function () {
    await vsc.waitForStatusBar(/Sentry/);
    await vsc.runCommand('Sentry: Set Auth Token');
    await vsc.waitForQuickInput('Sentry auth token');
    assert.equal(await vsc.page.locator('.quick-input-widget .quick-input-box input').getAttribute('type'), 'password');
    await vsc.quickInput(fake.token, 'Sentry auth token');
    await vsc.openSentryView();
    await vsc.expandUntil(discountTitle);
    await vsc.expandUntil(stockTitle);
    const rows = await vsc.treeItems();
    const underProject = (title: string): string | undefined => {
      const i = rows.findIndex((r) => r.label.includes(title));
      for (let j = i - 1; j >= 0; j--) if (rows[j]!.level < rows[i]!.level && fake.state.projects.some((p) => rows[j]!.label.includes(p.slug) || rows[j]!.label.includes(p.name))) return rows[j]!.label;
      return undefined;
    };
    assert.match(underProject(discountTitle) ?? '', /pump-station|Pump Station/, JSON.stringify(rows));
    assert.match(underProject(stockTitle) ?? '', /prime-mover|Prime Mover/, JSON.stringify(rows));
    assert.ok(!vsc.readLogChannel().includes(fake.token), 'the token reached the log');
    assert.ok(!(await vsc.allDomText()).includes(fake.token), 'the token reached the DOM');
  });

  it('opens a frame of an issue\'s latest event at the right line', async function () {
    await vsc.expandUntil(/applyDiscount/);
    await vsc.clickTreeItem(/applyDiscount/);
    await vsc.waitForEditorPosition('Ln 11, Col 11', 30_000);
    assert.match(await vsc.activeEditorTitle(), /^checkout\.js\b/);
    await vsc.screenshot('api-issues');
  });

  it('"Resolve in Sentry" resolves the issue on the server and removes it from the tree', async function () {
    await vsc.treeItemContextMenu(timeoutTitle, 'Resolve in Sentry');
    const deadline = Date.now() + 30_000;
    const issue = () => fake.state.issues.find((i) => i.title === timeoutTitle)!;
    while (issue().status !== 'resolved' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    assert.equal(issue().status, 'resolved', 'the server saw the resolve');
    await vsc.waitForNoTreeItem(timeoutTitle);
    await vsc.waitForTreeItem(discountTitle, 5_000);
  });

  it('a token the server rejects (401) gives a clear message and degrades the status bar', async function () {
    await vsc.clearNotifications();
    await vsc.runCommand('Sentry: Set Auth Token');
    await vsc.quickInput('sntryu_' + 'f'.repeat(64), 'Sentry auth token');
    await vsc.runCommand('Sentry: Refresh').catch(() => undefined);
    const status = await vsc.waitForStatusBar(/Sentry: API (degraded|error)/, 90_000);
    const deadline = Date.now() + 30_000;
    let said = '';
    while (Date.now() < deadline) {
      const texts = [...(await vsc.notifications()), await vsc.page.locator('.part.sidebar .pane-body .message, .part.sidebar .welcome-view-content').allTextContents().then((t: string[]) => t.join(' ')), await vsc.statusBarTooltip().catch(() => '')];
      said = texts.find((t) => /token/i.test(t) && /(401|reject|invalid|not valid|expired|revoked|unauthori[sz]ed)/i.test(t)) ?? '';
      if (said) break;
      await vsc.page.waitForTimeout(500);
    }
    assert.ok(said, `no clear message about the rejected token (status "${status}")`);
    assert.ok(!said.includes('f'.repeat(16)), 'the message echoes the token');
  });
});
