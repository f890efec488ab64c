import * as vscode from 'vscode';
import { DisposableBase } from '../../util/disposable';
import { CommandIds } from '../common/commandIds';
import { SEND_FAILURE_SHOWN_MS, type StatusEvent, type StatusState, type StatusView, applyStatusEvent, initialStatus, statusView } from './statusModel';

/** The one status-bar item (`sentry.status`): renders statusModel.ts. */
export class StatusBar extends DisposableBase {
  private state: StatusState = initialStatus();
  private readonly item: vscode.StatusBarItem;
  private readonly changed = this._register(new vscode.EventEmitter<StatusView>());
  /** Fires when the shown send failure expires. */
  private expiry: ReturnType<typeof setTimeout> | undefined;
  readonly onDidChange = this.changed.event;

  constructor() {
    super();
    this.item = this._register(vscode.window.createStatusBarItem('sentry.status', vscode.StatusBarAlignment.Left, 0));
    this.item.name = 'Sentry';
    this.item.command = CommandIds.statusBarMenu;
    this.render();
    this.item.show();
  }

  get current(): StatusState {
    return this.state;
  }

  get view(): StatusView {
    return statusView(this.state);
  }

  apply(event: StatusEvent): void {
    this.state = applyStatusEvent(this.state, event);
    this.render();
  }

  private render(): void {
    const v = statusView(this.state);
    this.item.text = v.text;
    const md = new vscode.MarkdownString(v.tooltip, true);
    md.isTrusted = false;
    this.item.tooltip = md;
    this.item.backgroundColor = v.background ? new vscode.ThemeColor(v.background) : undefined;
    this.item.accessibilityInformation = { label: v.text.replace(/^\$\([^)]*\)\s*/, ''), role: 'button' };
    this.changed.fire(v);
    this.scheduleExpiry();
  }

  private scheduleExpiry(): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = undefined;
    const ls = this.state.lastSend;
    if (!ls || ls.ok || ls.expired) return;
    const wait = Math.max(0, ls.at + SEND_FAILURE_SHOWN_MS - Date.now());
    this.expiry = setTimeout(() => this.apply({ type: 'tick', now: Date.now() }), wait);
  }

  override dispose(): void {
    if (this.expiry) clearTimeout(this.expiry);
    super.dispose();
  }
}
