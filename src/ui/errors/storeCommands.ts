import * as vscode from 'vscode';
import type { Logger } from '../../util/logger';
import { failureMessage } from '../common/failureMessage';
import type { ErrorNode } from '../events/errorNodes';
import type { ErrorTreeModel } from './errorTreeModel';

/** The nodes a command acts on: the clicked one plus the multi-selection VS Code passes second. */
function targets(node: unknown, selected: unknown): ErrorNode[] {
  const list = Array.isArray(selected) && selected.length ? selected : node ? [node] : [];
  return list.filter((n): n is ErrorNode => typeof n === 'object' && n !== null && typeof (n as { kind?: unknown }).kind === 'string');
}

async function run(log: Pick<Logger, 'error'>, what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    void vscode.window.showErrorMessage(failureMessage(log, `could not ${what}`, e));
  }
}

/** Mark Resolved / Mark Unresolved / Delete Event / Clear Captured Events over the local store. */
export function storeCommands(tree: ErrorTreeModel, selection: () => readonly ErrorNode[], log: Pick<Logger, 'error'>) {
  const pick = (node: unknown, selected: unknown) => {
    const t = targets(node, selected);
    return t.length ? t : [...selection()];
  };
  const groupKeys = (nodes: ErrorNode[]) => [...new Set(nodes.flatMap((n) => (n.kind === 'issue' || n.kind === 'event' ? [n.groupKey] : [])))];

  const setResolved = (resolved: boolean) => (node?: unknown, selected?: unknown) =>
    run(log, resolved ? 'mark the issue resolved' : 'mark the issue unresolved', async () => {
      const keys = groupKeys(pick(node, selected));
      if (!keys.length) {
        void vscode.window.showInformationMessage('Sentry: select a captured issue in the Errors view first.');
        return;
      }
      const store = await tree.ensureStore();
      await store.setResolved(keys, resolved);
    });

  const deleteEvent = (node?: unknown, selected?: unknown) =>
    run(log, 'delete the event', async () => {
      const nodes = pick(node, selected);
      const ids = new Set<string>();
      for (const n of nodes) {
        if (n.kind === 'event') ids.add(n.eventId);
        else if (n.kind === 'issue') for (const e of tree.storedEventsOf(n.groupKey)) ids.add(e.id);
      }
      if (!ids.size) {
        void vscode.window.showInformationMessage('Sentry: select a captured event or issue in the Errors view first.');
        return;
      }
      const store = await tree.ensureStore();
      await store.delete([...ids]);
    });

  const clearEvents = () =>
    run(log, 'clear the captured events', async () => {
      const store = await tree.ensureStore();
      const n = store.size;
      if (!n) {
        void vscode.window.showInformationMessage('Sentry: there are no captured events.');
        return;
      }
      const yes = 'Clear';
      const choice = await vscode.window.showWarningMessage(
        `Clear all ${n} captured event${n === 1 ? '' : 's'}?`,
        { modal: true, detail: 'They are removed from the local store for every window. Issues from the Sentry API are not affected.' },
        yes,
      );
      if (choice === yes) await store.clear();
    });

  return { markResolved: setResolved(true), markUnresolved: setResolved(false), deleteEvent, clearEvents };
}
