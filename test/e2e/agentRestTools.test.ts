// search_issues and get_issue as language-model tools in the real VS Code: a test-only extension
// (test/e2e/extensions/…agent-probe…) calls them through vscode.lm.invokeTool as an agent would,
// first with no token (the answer says how to configure the API), then with the token set through
// "Set Auth Token" against the fake Sentry: the issues listed, and an issue's latest event with its
// frame resolved through the code mappings to the workspace file and the code there. The window
// listener's own /mcp answers the same two tools alike, before and after the token is set, and
// after it is cleared.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { type FakeFrame, type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';
import { AGENT_PROBE, invokeAgentTools } from './agentProbe';
import { freePort, VsCodeSession } from './harness';
import { listenerMcpCall, listenerMcpRpc } from './listenerMcp';

const stackRoot = '/srv/shop/';
const frames: FakeFrame[] = [
  { absPath: `${stackRoot}src/checkout.js`, filename: 'src/checkout.js', function: 'checkout', lineNo: 17, colNo: 21, inApp: true },
  { absPath: `${stackRoot}src/checkout.js`, filename: 'src/checkout.js', function: 'applyDiscount', lineNo: 11, colNo: 11, inApp: true },
];

describe('e2e: the REST tools (search_issues, get_issue) through vscode.lm.invokeTool', function () {
  let vsc: VsCodeSession;
  let fake: FakeSentry;
  let port = 0;
  const title = 'RangeError: unknown discount code SPRING';

  before(async function () {
    fake = await startFakeSentry({
      issues: [{ title, exceptionType: 'RangeError', exceptionValue: 'unknown discount code SPRING', project: 'pump-station', level: 'error', frames }, { project: 'prime-mover', level: 'warning' }],
    });
    port = await freePort();
    vsc = await VsCodeSession.start({
      extraExtensions: [AGENT_PROBE],
      settings: {
        'sentry.capture.port': port,
        'sentry.capture.autoStart': true,
        'sentry.api.baseUrl': fake.url,
        'sentry.api.organization': fake.state.org,
        'sentry.codeMappings': [{ stackRoot, sourceRoot: '.' }],
      },
    });
    await vsc.waitForStatusBar(/Sentry/);
    await vsc.waitForListening(port);
  });

  after(async function () {
    await vsc?.close();
    await fake?.close();
  });

  it('without a token: the tools are there and say how to configure the API', async function () {
    const r = await invokeAgentTools(vsc);
    assert.equal(r.error, undefined, r.error);
    for (const t of ['search_issues', 'get_issue']) assert.ok(r.tools.includes(`sentry-lens_${t}`), `${t}: ${r.tools.join(', ')}`);
    assert.match(r.calls.search_issues ?? '', /^Error: The Sentry REST API is not configured, so Sentry's issues cannot be read\. Run "Sentry: Set Auth Token"/);
    assert.equal(r.calls.get_issue, undefined);
    const list = (await listenerMcpRpc(port, 1, 'tools/list')) as { tools: Array<{ name: string }> };
    for (const t of ['search_issues', 'get_issue']) assert.ok(list.tools.some((x) => x.name === t), `${t} is not listed by the window's /mcp`);
    const mcp = await listenerMcpCall(port, 'search_issues', {});
    assert.equal(mcp.isError, true, mcp.text);
    assert.equal(`Error: ${mcp.text}`, r.calls.search_issues, "the window's /mcp and the language-model tool say the same");
  });

  it('with the token: the issues, then the latest event with its frame resolved to the workspace file and the code there', async function () {
    await vsc.runCommand('Sentry: Set Auth Token');
    await vsc.waitForQuickInput('Sentry auth token');
    await vsc.quickInput(fake.token, 'Sentry auth token');
    const deadline = Date.now() + 30_000;
    let r = await invokeAgentTools(vsc);
    while (!/^# Sentry issues/.test(r.calls.search_issues ?? '') && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 1_000));
      r = await invokeAgentTools(vsc);
    }
    const list = r.calls.search_issues ?? '';
    const issue = fake.state.issues[0]!;
    assert.ok(list.includes(`### 1. ${issue.shortId}: ${title}`), list);
    assert.match(list, /Showing all 2 matching \(limit 10\)\./);
    const one = r.calls.get_issue ?? '';
    assert.ok(one.startsWith(`# Issue ${issue.shortId}: ${title}`), one);
    const checkoutJs = join(vsc.workspace, 'src', 'checkout.js');
    assert.ok(one.includes(`\`applyDiscount\` at \`${checkoutJs}:11:11\``), one);
    assert.match(one, /throw new RangeError\(`unknown discount code \$\{code\}`\);/);
    const mcpDeadline = Date.now() + 15_000; // the window sends the token to its listener's thread as it rebuilds the API session
    let mcp = await listenerMcpCall(port, 'search_issues', {});
    while (mcp.isError && Date.now() < mcpDeadline) {
      await new Promise((res) => setTimeout(res, 500));
      mcp = await listenerMcpCall(port, 'search_issues', {});
    }
    assert.ok(mcp.text.includes(`### 1. ${issue.shortId}: ${title}`), `the window's /mcp: ${mcp.text}`);
    assert.ok(!JSON.stringify(r).includes(fake.token) && !mcp.text.includes(fake.token), 'the token reached an answer');
    assert.ok(!vsc.readLogChannel().includes(fake.token), 'the token reached the log');
  });

  it("the token cleared: the window's /mcp answers how to configure the API again", async function () {
    await vsc.runCommand('Sentry: Clear Auth Token');
    const deadline = Date.now() + 15_000;
    let mcp = await listenerMcpCall(port, 'get_issue', { issueId: fake.state.issues[0]!.shortId });
    while (!mcp.isError && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 500));
      mcp = await listenerMcpCall(port, 'get_issue', { issueId: fake.state.issues[0]!.shortId });
    }
    assert.equal(mcp.isError, true, mcp.text);
    assert.match(mcp.text, /^The Sentry REST API is not configured, so Sentry's issues cannot be read\. Run "Sentry: Set Auth Token"/);
    assert.ok(!vsc.readLogChannel().includes(fake.token), 'the token reached the log');
  });
});
