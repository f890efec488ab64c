import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { viewEvent } from '../../sentry/event/eventView';
import type { FrameRef } from '../events/errorNodes';
import { eventDetailsHtml } from './eventDetailsHtml';
import type { EventTarget } from '../events/eventTarget';

/**
 * "Open Event Details": one webview panel per event (reused when it is open
 * already), media-only resources, a fresh nonce per render, and three messages
 * from the page: open a frame, copy the event as JSON, debug the event.
 */
export class EventDetailsPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly openFrame: (ref: FrameRef) => Promise<void>,
    private readonly debugEvent: (target: EventTarget) => Promise<void>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  /** Shows the event under `key` (one panel per key); `target` is what "Debug Event" on the page replays. */
  show(key: string, event: Record<string, unknown>, target: EventTarget): void {
    const view = viewEvent(event);
    const existing = this.panels.get(key);
    if (existing) {
      existing.reveal();
      return;
    }
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel('sentry.eventDetails', `Sentry Event: ${view.title}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [media],
      retainContextWhenHidden: false,
    });
    this.panels.set(key, panel);
    const webview = panel.webview;
    webview.html = eventDetailsHtml(event, {
      cspSource: webview.cspSource,
      nonce: randomBytes(16).toString('base64url'),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details', 'details.css')).toString(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'details', 'details.js')).toString(),
    });
    const sub = webview.onDidReceiveMessage(async (raw: unknown) => {
      const { parseDetailsMessage } = await import('./detailsMessage');
      const parsed = parseDetailsMessage(raw);
      if (!parsed.ok) {
        this.log.warn(`[details] ${parsed.reason}`);
        return;
      }
      const msg = parsed.value;
      if (msg.type === 'copyJson') {
        await vscode.env.clipboard.writeText(JSON.stringify(event, null, 2));
        vscode.window.setStatusBarMessage('$(check) Sentry: event copied as JSON', 3000);
        return;
      }
      if (msg.type === 'debugEvent') {
        await this.debugEvent(target);
        return;
      }
      const frames = msg.exception < 0 ? view.messageFrames : view.exceptions[msg.exception]?.frames;
      const frame = frames?.[msg.frame];
      if (frame) await this.openFrame(view.platform ? { frame, platform: view.platform } : { frame });
    });
    panel.onDidDispose(() => {
      sub.dispose();
      this.panels.delete(key);
    });
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}
