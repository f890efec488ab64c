import * as path from 'node:path';
import * as vscode from 'vscode';
import { type FrameRef, isFrameRef } from '../events/errorNodes';
import type { FrameOpener } from './frameOpener';
import { stackRootSuggestion } from './stackRootSuggestion';

/**
 * "Sentry: Add Code Mapping": stackRoot prefilled from the frame's path, sourceRoot
 * a folder the user picks; appended to `sentry.codeMappings` in the workspace
 * settings, then the frame is opened again.
 */
export function addCodeMappingCommand(opener: FrameOpener): (arg?: unknown) => Promise<void> {
  return async (arg?: unknown) => {
    const ref: FrameRef | undefined = isFrameRef(arg) ? arg : undefined;
    const suggestion = ref ? stackRootSuggestion(ref.frame) : '';
    const stackRoot = await vscode.window.showInputBox({
      title: 'Add Code Mapping (1/2): stack root',
      prompt: 'The path prefix the stack traces show, e.g. /app/ or webpack://my-app/./',
      value: suggestion,
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'Give the prefix of the paths in the stack trace, e.g. "/app/"'),
    });
    if (stackRoot === undefined) return;
    const folders = vscode.workspace.workspaceFolders ?? [];
    const picked = await vscode.window.showOpenDialog({
      title: `Add Code Mapping (2/2): the local folder that "${stackRoot.trim()}" corresponds to`,
      canSelectFiles: false,
      canSelectFolders: true,
      canSelectMany: false,
      openLabel: 'Use as Source Root',
      ...(folders[0] ? { defaultUri: folders[0].uri } : {}),
    });
    const folder = picked?.[0];
    if (!folder) return;
    const first = folders[0]?.uri.fsPath;
    let sourceRoot = folder.fsPath;
    if (first) {
      const rel = path.relative(first, folder.fsPath);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) sourceRoot = rel.split(path.sep).join('/') || '.';
    }
    const config = vscode.workspace.getConfiguration('sentry');
    const current = config.inspect<unknown>('codeMappings')?.workspaceValue;
    const { parseCodeMappings } = await import('../../source/resolver/codeMappings');
    const parsed = parseCodeMappings(current ?? []);
    const existing = parsed.ok ? parsed.value : [];
    const next = [...existing, { stackRoot: stackRoot.trim(), sourceRoot }];
    const target = folders.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update('codeMappings', next, target);
    await opener.host.reloadMappings();
    void vscode.window.showInformationMessage(`Sentry: mapped "${stackRoot.trim()}" to "${sourceRoot}".`);
    if (ref) await opener.open(ref);
  };
}
