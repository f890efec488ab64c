import * as vscode from 'vscode';
import { parseDsn } from '../../sentry/send/dsn';
import type { Logger } from '../../util/logger';
import { CommandIds } from '../common/commandIds';
import { dsnLabel } from './dsnLabel';
import type { DsnSecret } from './dsnSecret';
import { SecretKeys } from './secretKeys';

/** Asks for a DSN (password box, validated while typing) and stores it. Resolves to whether one was saved. */
export async function promptForDsn(dsnSecret: DsnSecret): Promise<boolean> {
  const text = await vscode.window.showInputBox({
    title: 'Sentry DSN',
    prompt: 'The DSN of the Sentry project to send events to (Project Settings > Client Keys). Kept in the OS keychain, never in settings.',
    password: true,
    ignoreFocusOut: true,
    placeHolder: 'https://<key>@o0.ingest.sentry.io/<project>',
    validateInput: (v) => {
      if (v.trim() === '') return undefined; // empty + Enter = cancel; no nagging while the box is empty
      const r = parseDsn(v);
      return r.ok ? undefined : capitalise(r.reason);
    },
  });
  if (text === undefined || text.trim() === '') return false;
  const dsn = await dsnSecret.store(text);
  void vscode.window.showInformationMessage(`Sentry DSN saved (${dsnLabel(dsn)})`);
  return true;
}

/** Set/Clear DSN and Set/Clear Webhook Client Secret. */
export function registerSecretCommands(secrets: vscode.SecretStorage, dsnSecret: DsnSecret, log: Logger): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(CommandIds.setDsn, () => promptForDsn(dsnSecret)),
    vscode.commands.registerCommand(CommandIds.clearDsn, async () => {
      await dsnSecret.clear();
      void vscode.window.showInformationMessage('Sentry DSN cleared');
    }),
    vscode.commands.registerCommand(CommandIds.setWebhookSecret, async () => {
      const text = await vscode.window.showInputBox({
        title: 'Sentry webhook client secret',
        prompt: 'The client secret of your Sentry internal integration: webhooks must carry a matching Sentry-Hook-Signature.',
        password: true,
        ignoreFocusOut: true,
        validateInput: (v) => (v !== '' && v.trim() === '' ? 'The secret cannot be only spaces' : /\s/.test(v.trim()) ? 'The secret contains spaces: paste it exactly as Sentry shows it' : undefined),
      });
      if (!text || text.trim() === '') return;
      await secrets.store(SecretKeys.webhookSecret, text.trim());
      log.info('webhook client secret saved');
      void vscode.window.showInformationMessage('Sentry webhook client secret saved: webhooks must now be signed with it');
    }),
    vscode.commands.registerCommand(CommandIds.clearWebhookSecret, async () => {
      await secrets.delete(SecretKeys.webhookSecret);
      log.info('webhook client secret cleared');
      void vscode.window.showInformationMessage('Sentry webhook client secret cleared: webhooks are accepted unsigned');
    }),
  ];
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
