import * as vscode from 'vscode';
import { logDetailOf, userMessageOf } from '../../sentry/errors';
import { DisposableBase } from '../../util/disposable';
import type { ErrorNode } from '../events/errorNodes';
import { errorTreeItem } from './errorTreeItem';
import type { ErrorTreeModel } from './errorTreeModel';

/** The VS Code face of ErrorTreeModel: tree items, change events, failures as the view's message. */
export class ErrorTreeProvider extends DisposableBase implements vscode.TreeDataProvider<ErrorNode> {
  private readonly changeEmitter = this._register(new vscode.EventEmitter<ErrorNode | ErrorNode[] | undefined>());
  readonly onDidChangeTreeData = this.changeEmitter.event;

  constructor(
    readonly model: ErrorTreeModel,
    private readonly log: vscode.LogOutputChannel,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this._register(model.onDidChange((nodes) => this.changeEmitter.fire(nodes)));
  }

  getTreeItem(node: ErrorNode): vscode.TreeItem {
    return errorTreeItem(node, this.now());
  }

  getParent(node: ErrorNode): ErrorNode | undefined {
    return this.model.getParent(node);
  }

  async getChildren(node?: ErrorNode): Promise<ErrorNode[]> {
    try {
      if (!node) this.model.reportError(undefined);
      return await this.model.children(node);
    } catch (e) {
      const msg = userMessageOf(e);
      this.log.error(`[views] ${logDetailOf(e)}`);
      this.model.reportError(msg);
      return [];
    }
  }
}
