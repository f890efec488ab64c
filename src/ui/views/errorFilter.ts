import * as vscode from 'vscode';
import { type Query, formatQuery, parseQuery } from '../../capture/query';
import { ContextKeys } from '../contextKeys';

const STATE_KEY = 'sentry.errors.filter';
const EXAMPLES = 'e.g. level:error is:unresolved · environment:prod* · !release:1.0 · has:user · tags[browser]:Chrome · "connection reset"';

/** The tree's filter in Sentry's search syntax, remembered per workspace. */
export class ErrorFilter implements vscode.Disposable {
  private text: string;
  private parsed: Query | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly state: vscode.Memento) {
    this.text = state.get<string>(STATE_KEY, '') ?? '';
    const r = parseQuery(this.text);
    if (r.ok && this.text.trim()) this.parsed = r.value;
    else this.text = '';
    void vscode.commands.executeCommand('setContext', ContextKeys.filterActive, this.active);
  }

  get active(): boolean {
    return this.parsed !== undefined;
  }

  get query(): Query | undefined {
    return this.parsed;
  }

  /** For the view's description. */
  get description(): string | undefined {
    return this.parsed ? `Filter: ${formatQuery(this.parsed)}` : undefined;
  }

  async set(text: string): Promise<void> {
    const trimmed = text.trim();
    if (!trimmed) return this.clear();
    const r = parseQuery(trimmed);
    if (!r.ok) throw new Error(r.reason);
    this.text = trimmed;
    this.parsed = r.value;
    await this.state.update(STATE_KEY, trimmed);
    await vscode.commands.executeCommand('setContext', ContextKeys.filterActive, true);
    this.changed.fire();
  }

  async clear(): Promise<void> {
    this.text = '';
    this.parsed = undefined;
    await this.state.update(STATE_KEY, undefined);
    await vscode.commands.executeCommand('setContext', ContextKeys.filterActive, false);
    this.changed.fire();
  }

  /** "Sentry: Filter Errors": an input box with the current filter, validated while typing. */
  async prompt(): Promise<void> {
    const value = await vscode.window.showInputBox({
      title: 'Sentry: Filter Errors',
      prompt: `Sentry search syntax; empty clears the filter. ${EXAMPLES}`,
      placeHolder: 'level:error is:unresolved',
      value: this.text,
      ignoreFocusOut: true,
      validateInput: (v) => {
        if (!v.trim()) return undefined;
        const r = parseQuery(v);
        return r.ok ? undefined : r.reason;
      },
    });
    if (value === undefined) return;
    await this.set(value);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
