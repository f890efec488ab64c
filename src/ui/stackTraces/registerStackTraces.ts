import * as vscode from 'vscode';
import { CommandIds } from '../common/commandIds';
import type { FrameOpener } from '../frames/frameOpener';
import { LocationUriHandler } from './locationUriHandler';
import { openStackTraceCommand } from './openStackTraceCommand';
import { STACK_SCHEME, StackTraceDocuments } from './stackTraceDocuments';
import { StackTraceLinks } from './stackTraceLinks';
import { TerminalFrameLinks } from './terminalFrameLinks';
import { TextFrameOpener } from './textFrameOpener';

export interface StackTraceDeps {
  log: vscode.LogOutputChannel;
  /** The views' frame opener (and through it the window's resolver). */
  opener: FrameOpener;
  /** Opens a captured event by id. */
  openEvent(eventId: string): Promise<void>;
}

/** Stack traces outside events: pasted (Open Stack Trace), printed in the terminal, or linked from a page. */
export function registerStackTraces(context: vscode.ExtensionContext, deps: StackTraceDeps): void {
  const docs = new StackTraceDocuments();
  const opener = new TextFrameOpener(deps.opener, deps.log);
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(STACK_SCHEME, docs),
    vscode.languages.registerDocumentLinkProvider({ scheme: STACK_SCHEME }, new StackTraceLinks()),
    vscode.window.registerTerminalLinkProvider(new TerminalFrameLinks(opener)),
    vscode.window.registerUriHandler(new LocationUriHandler(deps.opener.host, deps.openEvent, deps.log)),
    vscode.commands.registerCommand(CommandIds.openStackTrace, openStackTraceCommand(docs, opener)),
    vscode.commands.registerCommand(CommandIds.openTextFrame, (arg?: unknown) => opener.openArg(arg)),
  );
}
