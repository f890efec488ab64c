import type * as vscode from 'vscode';
import { type FileEvent, MAX_FILE_EVENTS } from '../../capture/worker/fileEvents';
import type { WorkerFiles, WorkerWorkspace } from '../../capture/worker/protocol';
import type { Logger } from '../../util/logger';

/** The window's workspace folders and code mappings, and its file changes: what the listener's `/mcp` resolves frames against. */
export interface McpWorkspaceSource {
  current(): Promise<WorkerWorkspace>;
  readonly onDidChange: vscode.Event<void>;
  readonly onDidChangeFile: vscode.Event<FileEvent>;
}

/** The running listener worker, which takes the changes. */
interface WorkspaceTarget {
  setWorkspace(workspace: WorkerWorkspace): void;
  filesChanged(files: WorkerFiles): void;
}

/** File events are sent at most this often (a save or a checkout is a burst). */
const FLUSH_MS = 300;

/**
 * Keeps the listener worker's `/mcp` on this window's workspace: new folders
 * or mappings are sent at once, file events in batches (a burst too large to
 * list becomes a rescan). Nothing is sent while no listener runs: a listener
 * that starts indexes the workspace as it then is.
 */
export class WorkspaceFollower implements vscode.Disposable {
  private events: FileEvent[] = [];
  private rescan = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: vscode.Disposable[];

  constructor(
    private readonly source: McpWorkspaceSource,
    private readonly target: () => WorkspaceTarget | undefined,
    private readonly log: Logger,
  ) {
    this.subs = [source.onDidChange(() => this.sendWorkspace()), source.onDidChangeFile((e) => this.add(e))];
  }

  current(): Promise<WorkerWorkspace> {
    return this.source.current();
  }

  private sendWorkspace(): void {
    if (!this.target()) return;
    this.source.current().then(
      (w) => this.target()?.setWorkspace(w),
      (e: unknown) => this.log.warn(`the workspace for /mcp could not be read: ${e instanceof Error ? e.message : String(e)}`),
    );
  }

  private add(e: FileEvent): void {
    if (!this.target()) return;
    if (this.events.length < MAX_FILE_EVENTS && !this.rescan) this.events.push(e);
    else this.rescan = true;
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const files: WorkerFiles = this.rescan ? { events: [], rescan: true } : { events: this.events, rescan: false };
    this.events = [];
    this.rescan = false;
    this.target()?.filesChanged(files);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    for (const s of this.subs) s.dispose();
  }
}
