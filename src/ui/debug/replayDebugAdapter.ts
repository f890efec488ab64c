import * as vscode from 'vscode';
import type { DapMessage, ReplaySessionDeps } from '../../replay/replaySession';
import { ReplaySession } from '../../replay/replaySession';

/** The inline debug adapter: VS Code's side of a ReplaySession, in the extension host, with no process behind it. */
export class ReplayDebugAdapter implements vscode.DebugAdapter {
  private readonly sent = new vscode.EventEmitter<vscode.DebugProtocolMessage>();
  readonly onDidSendMessage = this.sent.event;
  private readonly session: ReplaySession;

  constructor(deps: Omit<ReplaySessionDeps, 'send'>, private readonly log: vscode.LogOutputChannel) {
    this.session = new ReplaySession({ ...deps, send: (m) => this.sent.fire(m) });
  }

  handleMessage(message: vscode.DebugProtocolMessage): void {
    this.session.handle(message as DapMessage).catch((e: unknown) => this.log.error(`[replay] ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  }

  dispose(): void {
    this.sent.dispose();
  }
}
