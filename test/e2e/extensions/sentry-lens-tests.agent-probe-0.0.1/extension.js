// A test-only extension installed beside the packaged Sentry Lens in the e2e
// (test/e2e/agentTools.test.ts): what an agent in VS Code does, through the
// public API only. Its command lists the language-model tools VS Code knows,
// calls Sentry Lens's through vscode.lm.invokeTool, and writes what came back
// to results.json in this extension's folder, where the test reads it.
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const text = (result) => result.content.map((part) => (typeof part.value === 'string' ? part.value : '')).join('\n');

async function invoke(name, input) {
  const cancel = new vscode.CancellationTokenSource();
  try {
    return text(await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, cancel.token));
  } finally {
    cancel.dispose();
  }
}

exports.activate = function (context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('sentryLensProbe.invokeTools', async () => {
      const out = { tools: [], calls: {} };
      try {
        // Sentry Lens's own tools, and those VS Code found on MCP servers it started (named after the server and tool).
        out.tools = vscode.lm.tools.map((t) => t.name).filter((n) => /sentry|search_errors/i.test(n));
        const errors = await invoke('sentry-lens_search_errors', { filters: {} });
        out.calls.search_errors = errors;
        const id = /get_event\(\{"eventId":"([0-9a-f]{8,32})"\}\)/.exec(errors);
        if (id) out.calls.get_event = await invoke('sentry-lens_get_event', { eventId: id[1] });
        out.calls.bad_arguments = await invoke('sentry-lens_get_event', { eventId: 42 });
        // The REST API's issues (a tool error saying how to configure it while it is not).
        out.calls.search_issues = await invoke('sentry-lens_search_issues', {});
        const issue = /get_issue\(\{"issueId":"([^"]+)"\}\)/.exec(out.calls.search_issues);
        if (issue) out.calls.get_issue = await invoke('sentry-lens_get_issue', { issueId: issue[1] });
      } catch (e) {
        out.error = String((e && e.stack) || e);
      }
      fs.writeFileSync(path.join(context.extensionPath, 'results.json'), JSON.stringify(out, null, 2));
    }),
  );
};

exports.deactivate = function () {};
