import * as vscode from 'vscode';
import type { Suggestion } from '../../sentry/search/suggest';

/** What choosing an item does: apply a query, clear the filter, complete the query being typed, or nothing (an error). */
type Action = { kind: 'apply'; query: string } | { kind: 'clear' } | { kind: 'complete'; query: string } | { kind: 'none' };
interface Item extends vscode.QuickPickItem {
  action: Action;
}

export interface FilterPickerOptions {
  initial: string;
  /** Whether a filter is active (offers "Clear the filter"). */
  active: boolean;
  recent: readonly string[];
  /** The reason the text is not a query (with its position), or undefined. */
  validate(text: string): string | undefined;
  /** How a query that applies was read where it may surprise (a bare name read as a tag), or undefined. */
  note?(text: string): string | undefined;
  suggest(text: string): Suggestion[];
}

const TITLE = 'Sentry: Filter Errors';
const PLACEHOLDER = 'level:error · context.payment.provider:stripe OR tags[db]:*pg* · !has:user · timesSeen:>10 · "connection reset"';

/**
 * The filter's quick pick: the query is typed in its box and checked on
 * every keystroke (an error shows, with its position, as the first item,
 * and Enter does nothing then); below it, keys and the values seen in
 * captured events for the token being typed (choosing one completes the
 * query), and recent queries. Resolves to the query to apply, '' to clear,
 * or undefined when dismissed.
 */
export function pickFilter(opts: FilterPickerOptions): Promise<string | undefined> {
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = TITLE;
  qp.placeholder = PLACEHOLDER;
  qp.ignoreFocusOut = true;
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  qp.value = opts.initial;

  const render = (text: string) => {
    const items: Item[] = [];
    const trimmed = text.trim();
    if (!trimmed) {
      if (opts.active) items.push({ label: '$(clear-all) Clear the filter', action: { kind: 'clear' }, alwaysShow: true });
    } else {
      const reason = opts.validate(text);
      const note = reason ? undefined : opts.note?.(text);
      items.push(
        reason
          ? { label: `$(error) ${trimmed}`, detail: reason, action: { kind: 'none' }, alwaysShow: true }
          : { label: `$(filter) ${trimmed}`, description: 'apply this filter', ...(note ? { detail: `$(info) ${note}` } : {}), action: { kind: 'apply', query: trimmed }, alwaysShow: true },
      );
    }
    const suggestions = opts.suggest(text);
    if (suggestions.length) {
      const heading = suggestions[0]!.kind === 'fix' ? 'did you mean' : trimmed ? 'complete with' : 'keys';
      items.push({ label: heading, kind: vscode.QuickPickItemKind.Separator, action: { kind: 'none' } });
    }
    for (const s of suggestions) {
      const label = s.kind === 'fix' ? `$(lightbulb) ${s.label}` : s.label;
      items.push({ label, description: s.detail, action: { kind: 'complete', query: s.query }, alwaysShow: true });
    }
    const recent = opts.recent.filter((r) => r !== trimmed && (!trimmed || r.toLowerCase().includes(trimmed.toLowerCase())));
    if (recent.length) items.push({ label: 'recent', kind: vscode.QuickPickItemKind.Separator, action: { kind: 'none' } });
    for (const r of recent) items.push({ label: r, description: 'recent', action: { kind: 'apply', query: r }, alwaysShow: true });
    qp.items = items;
    const first = items.find((i) => i.kind !== vscode.QuickPickItemKind.Separator);
    qp.activeItems = first ? [first] : [];
  };

  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (v: string | undefined) => {
      if (done) return;
      done = true;
      resolve(v);
      qp.hide();
    };
    const subs = [
      qp.onDidChangeValue(render),
      qp.onDidAccept(() => {
        const item = qp.activeItems[0] ?? qp.selectedItems[0];
        const action: Action = item ? item.action : opts.validate(qp.value) ? { kind: 'none' } : { kind: 'apply', query: qp.value.trim() };
        switch (action.kind) {
          case 'apply':
            return finish(action.query);
          case 'clear':
            return finish('');
          case 'complete':
            qp.value = action.query;
            return render(action.query);
          case 'none':
            return undefined;
        }
      }),
      qp.onDidHide(() => {
        finish(undefined);
        for (const s of subs) s.dispose();
        qp.dispose();
      }),
    ];
    render(qp.value);
    qp.show();
  });
}
