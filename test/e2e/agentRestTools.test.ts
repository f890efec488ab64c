// search_issues and get_issue as language-model tools in the real VS Code: a test-only extension
// (test/e2e/extensions/…agent-probe…) calls them through vscode.lm.invokeTool as an agent would,
// first with no token (the answer says how to configure the API), then with the token set through
// "Set Auth Token" against the fake Sentry: the issues listed, and an issue's latest event with its
// frame resolved through the code mappings to the workspace file and the code there. The window
// listener's own /mcp answers the same two tools alike, before and after the token is set.
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type FakeFrame, type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';
import { freePort, VsCodeSession } from './harness';

const PROBE = join(__dirname, 'extensions', 'sentry-lens-tests.agent-probe-0.0.1');
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
      extraExtensions: [PROBE],
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

  const probe = async (): Promise<{ tools: string[]; calls: Record<string, string>; error?: string }> => {
    const results = join(vsc.dir, 'exts', basename(PROBE), 'results.json');
    rmSync(results, { force: true });
    await vsc.runCommand('Sentry Lens Probe: Invoke the Agent Tools');
    const deadline = Date.now() + 60_000;
    while (!existsSync(results) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.ok(existsSync(results), 'the probe extension wrote no results');
    return JSON.parse(readFileSync(results, 'utf8'));
  };

  /** One JSON-RPC request to the window listener's /mcp; its result. */
  const rpc = async (method: string, params: Record<string, unknown> = {}) => {
    const res = await fetch(`http://127.0.0.1:${port}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
    });
    assert.equal(res.status, 200, `${method}: ${res.status}`);
    return ((await res.json()) as { result: Record<string, unknown> }).result;
  };
  const mcpSearchIssues = async () => {
    const r = (await rpc('tools/call', { name: 'search_issues', arguments: {} })) as { content: Array<{ text: string }>; isError?: boolean };
    return { isError: r.isError === true, text: r.content.map((c) => c.text).join('\n') };
  };

  it('without a token: the tools are there and say how to configure the API', async function () {
    const r = await probe();
    assert.equal(r.error, undefined, r.error);
    for (const t of ['search_issues', 'get_issue']) assert.ok(r.tools.includes(`sentry-lens_${t}`), `${t}: ${r.tools.join(', ')}`);
    assert.match(r.calls.search_issues ?? '', /^Error: The Sentry REST API is not configured, so Sentry's issues cannot be read\. Run "Sentry: Set Auth Token"/);
    assert.equal(r.calls.get_issue, undefined);
    const list = (await rpc('tools/list')) as { tools: Array<{ name: string }> };
    for (const t of ['search_issues', 'get_issue']) assert.ok(list.tools.some((x) => x.name === t), `${t} is not listed by the window's /mcp`);
    const mcp = await mcpSearchIssues();
    assert.equal(mcp.isError, true, mcp.text);
    assert.equal(`Error: ${mcp.text}`, r.calls.search_issues, "the window's /mcp and the language-model tool say the same");
  });

  it('with the token: the issues, then the latest event with its frame resolved to the workspace file and the code there', async function () {
    await vsc.runCommand('Sentry: Set Auth Token');
    await vsc.waitForQuickInput('Sentry auth token');
    await vsc.quickInput(fake.token, 'Sentry auth token');
    const deadline = Date.now() + 30_000;
    let r = await probe();
    while (!/^# Sentry issues/.test(r.calls.search_issues ?? '') && Date.now() < deadline) {
      await new Promise((res) => setTimeout(res, 1_000));
      r = await probe();
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
    let mcp = await mcpSearchIssues();
    while (mcp.isError && Date.now() < mcpDeadline) {
      await new Promise((res) => setTimeout(res, 500));
      mcp = await mcpSearchIssues();
    }
    assert.ok(mcp.text.includes(`### 1. ${issue.shortId}: ${title}`), `the window's /mcp: ${mcp.text}`);
    assert.ok(!JSON.stringify(r).includes(fake.token) && !mcp.text.includes(fake.token), 'the token reached an answer');
    assert.ok(!vsc.readLogChannel().includes(fake.token), 'the token reached the log');
  });
});
