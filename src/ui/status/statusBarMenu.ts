import * as vscode from 'vscode';
import type { StatusBar } from './statusBar';
import { type StatusMenuAction, statusMenuItems } from './statusMenuItems';

/** The listener's ways out of a port conflict, offered from the status-bar menu. */
export interface CaptureMenuActions {
  choosePort(): Promise<void>;
  retry(): Promise<void>;
  copyOwnerDsn(): Promise<void>;
}

/** `sentry.statusBarMenu`: reveals the tree when there are new errors, else a QuickPick of the commands that fit the current state. */
export async function showStatusBarMenu(statusBar: StatusBar, capture: CaptureMenuActions): Promise<void> {
  // "N new": the click reveals the tree, where the new errors are.
  if (statusBar.view.kind === 'newErrors') {
    await vscode.commands.executeCommand('workbench.view.extension.sentry');
    return;
  }
  const items = statusMenuItems(statusBar.current);
  const picked = await vscode.window.showQuickPick(
    items.map((i) => ({ label: i.label, detail: i.detail, action: i.action })),
    { title: 'Sentry', placeHolder: statusBar.view.text.replace(/^\$\([^)]*\)\s*/, '') },
  );
  if (picked) await run(picked.action, capture);
}

async function run(action: StatusMenuAction, capture: CaptureMenuActions): Promise<void> {
  switch (action.kind) {
    case 'command':
      await vscode.commands.executeCommand(action.command);
      return;
    case 'choosePort':
      return capture.choosePort();
    case 'retryCapture':
      return capture.retry();
    case 'copyOwnerDsn':
      return capture.copyOwnerDsn();
    case 'showErrors':
      await vscode.commands.executeCommand('workbench.view.extension.sentry');
      return;
  }
}
