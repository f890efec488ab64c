// Runs inside the real extension host (code-server here, a downloaded VS Code
// under @vscode/test-electron): the installed extension activates, every
// command package.json declares is registered, the view can be shown, and
// activation stays lazy.
import { strict as assert } from 'node:assert';
import * as vscode from 'vscode';

const ID = 'sentry-lens.sentry-lens';

describe('extension host: Sentry Lens', function () {
  it('is installed and activates', async function () {
    const ext = vscode.extensions.getExtension(ID);
    assert.ok(ext, `${ID} is not installed`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('registers every command package.json declares', async function () {
    const ext = vscode.extensions.getExtension(ID)!;
    const declared = (ext.packageJSON.contributes?.commands ?? []).map((c: { command: string }) => c.command) as string[];
    assert.ok(declared.length > 0, 'package.json declares commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = declared.filter((c) => !registered.has(c));
    assert.deepEqual(missing, [], `declared but not registered: ${missing.join(', ')}`);
  });

  it('activates lazily (never on "*") and shows its Errors view', async function () {
    const ext = vscode.extensions.getExtension(ID)!;
    const events = (ext.packageJSON.activationEvents ?? []) as string[];
    assert.ok(!events.includes('*'), 'activationEvents contains "*"');
    await vscode.commands.executeCommand('sentry.errors.focus');
  });

  it('declares a default for every sentry.* setting it reads', function () {
    const config = vscode.workspace.getConfiguration('sentry');
    for (const key of ['capture.port', 'capture.autoStart', 'api.baseUrl', 'problems.enabled', 'codeMappings']) {
      assert.notEqual(config.inspect(key)?.defaultValue, undefined, `sentry.${key} has no default`);
    }
  });
});
