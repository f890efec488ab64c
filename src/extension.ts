import * as vscode from 'vscode';
import { tagged } from './util/logger';
import { CommandIds } from './ui/commandIds';
import { DsnSecret } from './ui/dsnSecret';
import { dsnLabel } from './ui/dsnLabel';
import { logChannelLogger } from './ui/logChannelLogger';
import { registerSecretCommands } from './ui/secretCommands';
import { StatusBar } from './ui/statusBar';
import { showStatusBarMenu } from './ui/statusBarMenu';

/**
 * Composition root: builds the services, hands them to the commands and
 * views, and pushes every one into context.subscriptions. Only the thin shell
 * is evaluated here; the HTTP clients, the listener, the store and the zod
 * schemas load on first use (dynamic import inside the services).
 */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const channel = vscode.window.createOutputChannel('Sentry', { log: true });
  context.subscriptions.push(channel);
  const log = logChannelLogger(channel);

  const statusBar = new StatusBar();
  const dsnSecret = new DsnSecret(context.secrets, tagged(log, 'dsn'));
  context.subscriptions.push(
    statusBar,
    dsnSecret,
    dsnSecret.onDidChange((dsn) => statusBar.apply({ type: 'dsn', label: dsn ? dsnLabel(dsn) : undefined })),
  );

  context.subscriptions.push(
    ...registerSecretCommands(context.secrets, dsnSecret, tagged(log, 'secrets')),
    vscode.commands.registerCommand(CommandIds.showLog, () => channel.show(true)),
    vscode.commands.registerCommand(CommandIds.statusBarMenu, () =>
      showStatusBarMenu(statusBar, {
        choosePort: async () => {},
        retry: async () => {},
        copyOwnerDsn: async () => {},
      }),
    ),
  );

  void dsnSecret.reload();
  channel.info(`activated in ${(performance.now() - started).toFixed(1)} ms`);
}

export function deactivate(): void {}
