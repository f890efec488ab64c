// The agents' tools in the real VS Code: a real @sentry/node run (demo/traced.js) sends a RangeError
// to the window's listener; a test-only extension (test/e2e/extensions/…agent-probe…) calls the
// language-model tools through vscode.lm.invokeTool as an agent would, and the listener's own /mcp
// answers an MCP client, both with the frame resolved to the workspace file and the code there.
import { strict as assert } from 'node:assert';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AGENT_PROBE, invokeAgentTools } from './agentProbe';
import { freePort, VsCodeSession } from './harness';
import { listenerMcpCall, listenerMcpRpc } from './listenerMcp';
import { runProgram } from './sdkRun';

const TOOLS = ['search_errors', 'search_events', 'get_event', 'search_traces', 'get_traces', 'search_logs'];

describe('e2e: the agents in VS Code: language-model tools, the listener\'s /mcp, the MCP server offered', function () {
  let vsc: VsCodeSession;
  let port = 0;
  let checkoutJs = '';
  let throwLine = 0;

  before(async function () {
    port = await freePort();
    // AI features on (the harness turns them off elsewhere): VS Code's MCP support lists the servers extensions offer.
    vsc = await VsCodeSession.start({ extraExtensions: [AGENT_PROBE], settings: { 'sentry.capture.port': port, 'sentry.capture.autoStart': true, 'chat.disableAIFeatures': false } });
    await vsc.openSentryView();
    await vsc.waitForListening(port);
    const run = await runProgram(process.execPath, ['traced.js'], vsc.workspace, { SENTRY_DSN: `http://public@127.0.0.1:${port}/1` });
    assert.equal(run.code, 0, `node traced.js failed: ${run.stderr}`);
    checkoutJs = join(vsc.workspace, 'src', 'checkout.js');
    throwLine = readFileSync(checkoutJs, 'utf8').split('\n').findIndex((l) => l.includes('throw new RangeError')) + 1;
    await vsc.waitForTreeItem(/unknown discount code SPRING/);
  });

  after(async function () {
    await vsc?.close();
  });

  /** The text search_errors answers at the listener's /mcp. */
  const searchErrors = async (): Promise<string> => (await listenerMcpCall(port, 'search_errors', { filters: { filename: 'checkout.js' } })).text;

  /** The rows of "MCP: List Servers" (asked again when a panel that opens takes the focus from the palette). */
  const listServers = async (): Promise<string[]> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await vsc.runCommand('MCP: List Servers');
        await vsc.waitForQuickInput();
        await vsc.page.waitForTimeout(1_000);
        return await vsc.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allTextContents();
      } catch (e) {
        if (attempt === 3) throw e;
        await vsc.page.keyboard.press('Escape');
        await vsc.page.waitForTimeout(2_000);
      }
    }
  };

  it('vscode.lm.invokeTool: the tools are registered and answer with the error of the SDK run, its frame resolved to the workspace', async function () {
    const r = await invokeAgentTools(vsc);
    assert.equal(r.error, undefined, r.error);
    for (const t of TOOLS) assert.ok(r.tools.includes(`sentry-lens_${t}`), `${t} is not among VS Code's tools: ${r.tools.join(', ')}`);
    const errors = r.calls.search_errors ?? '';
    assert.match(errors, /RangeError: unknown discount code SPRING/);
    assert.ok(errors.includes(`${checkoutJs}:${throwLine}:`), errors);
    assert.match(errors, /throw new RangeError\(`unknown discount code \$\{code\}`\);/);
    const event = r.calls.get_event ?? '';
    assert.match(event, /^# RangeError: unknown discount code SPRING/);
    assert.ok(event.includes(`${checkoutJs}:${throwLine}:`), event);
    assert.match(r.calls.bad_arguments ?? '', /^Error: the arguments do not fit get_event: eventId:/);
  });

  it("the listener's POST /mcp answers tools/list and resolves against the window's workspace", async function () {
    const list = (await listenerMcpRpc(port, 1, 'tools/list')) as { tools: Array<{ name: string }> };
    for (const t of TOOLS) assert.ok(list.tools.some((x) => x.name === t), t);
    const text = await searchErrors();
    assert.ok(text.includes(`${checkoutJs}:${throwLine}:`), text);
    const web = await fetch(`http://127.0.0.1:${port}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', origin: 'https://evil.example' }, body: '{}' });
    assert.equal(web.status, 403);
  });

  it("the listener's /mcp follows the window: a code mapping set in the settings, a file created in the workspace", async function () {
    mkdirSync(join(vsc.workspace, 'lib'));
    const mapped = join(vsc.workspace, 'lib', 'checkout.js');
    writeFileSync(mapped, readFileSync(checkoutJs));
    const settings = { ...(JSON.parse(vsc.settingsJson()) as Record<string, unknown>), 'sentry.codeMappings': [{ stackRoot: `${join(vsc.workspace, 'src')}/`, sourceRoot: 'lib' }] };
    for (const scope of ['User', 'Machine']) writeFileSync(join(vsc.userDataDir, scope, 'settings.json'), JSON.stringify(settings, null, 2));
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline) {
      text = await searchErrors();
      if (text.includes(`${mapped}:${throwLine}:`)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(text.includes(`${mapped}:${throwLine}:`), text);
  });

  it("offers the listener's /mcp to VS Code's MCP support, which starts it and finds its tools; withdrawn when capture stops", async function () {
    const page = vsc.page;
    assert.ok((await listServers()).some((r) => /^Sentry Lens/.test(r)), 'MCP: List Servers does not list Sentry Lens');
    await vsc.pickQuickItem(/^Sentry Lens$/);
    await vsc.pickQuickItem(/^Start Server/);
    const deadline = Date.now() + 30_000;
    let mcpTools: string[] = [];
    while (Date.now() < deadline) {
      // VS Code names the tools it found on an MCP server after the server and the tool; ours are sentry-lens_<tool>.
      mcpTools = (await invokeAgentTools(vsc)).tools.filter((t) => t.includes('search_errors') && t !== 'sentry-lens_search_errors');
      if (mcpTools.length) break;
      await page.waitForTimeout(1_000);
    }
    assert.ok(mcpTools.length > 0, "VS Code's MCP client found no search_errors tool on the Sentry Lens server");
    assert.ok((await listServers()).some((r) => /^Sentry Lens\s*Running/.test(r)), 'the server is not running');
    await page.keyboard.press('Escape');
    await vsc.runCommand('Sentry: Stop Local Capture');
    // VS Code may open the server's output as the connection ends: let that happen before the palette opens again.
    await page.waitForTimeout(3_000);
    const gone = Date.now() + 20_000;
    let rows: string[] = [];
    while (Date.now() < gone) {
      rows = await listServers();
      await page.keyboard.press('Escape');
      if (!rows.some((r) => /^Sentry Lens/.test(r))) break;
    }
    assert.ok(!rows.some((r) => /^Sentry Lens/.test(r)), `still offered after capture stopped: ${rows.join(' | ')}`);
  });
});
