import * as vscode from 'vscode';
import { type CodeMapping, parseCodeMappings } from '../../source/codeMappings';
import { FrameResolver, type Resolution } from '../../source/frameResolver';
import type { FrameView } from '../../sentry/eventView';
import { logChannelLogger } from './logChannelLogger';

/**
 * One FrameResolver for the window: its index covers every workspace folder, is
 * rebuilt when folders change, follows created/deleted files through a
 * FileSystemWatcher, and takes its code mappings from `sentry.codeMappings`.
 */
export class FrameResolverHost implements vscode.Disposable {
  private resolver: FrameResolver | undefined;
  private ready: Promise<FrameResolver> | undefined;
  private abort: AbortController | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<void>();
  /** The index was rebuilt or the mappings changed: earlier resolutions may be stale. */
  readonly onDidChange = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sentry.codeMappings')) this.reloadMappings();
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher('**/*');
    this.subscriptions.push(
      watcher,
      watcher.onDidCreate((uri) => uri.scheme === 'file' && this.resolver?.onFileCreated(uri.fsPath)),
      watcher.onDidChange((uri) => uri.scheme === 'file' && this.resolver?.onFileChanged(uri.fsPath)),
      watcher.onDidDelete((uri) => uri.scheme === 'file' && this.resolver?.onFileDeleted(uri.fsPath)),
    );
  }

  /** The code mappings from the settings; a bad setting is logged and ignored. */
  mappings(): CodeMapping[] {
    const raw = vscode.workspace.getConfiguration('sentry').get<unknown>('codeMappings', []);
    const parsed = parseCodeMappings(raw ?? []);
    if (!parsed.ok) {
      this.log.warn(`[frames] sentry.codeMappings ignored: ${parsed.reason}`);
      return [];
    }
    return parsed.value;
  }

  /** Re-reads `sentry.codeMappings` (also called right after the add-mapping command writes it). */
  reloadMappings(): void {
    this.resolver?.setMappings(this.mappings());
    this.changed.fire();
  }

  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  private rebuild(): void {
    this.abort?.abort();
    this.resolver = undefined;
    this.ready = undefined;
    this.changed.fire();
  }

  /** The resolver with its index built (built on first use). */
  get(): Promise<FrameResolver> {
    if (this.ready) return this.ready;
    const abort = new AbortController();
    this.abort = abort;
    const resolver = new FrameResolver({ roots: this.roots(), mappings: this.mappings(), logger: logChannelLogger(this.log, 'frames') });
    const started = Date.now();
    this.ready = resolver.buildIndex({ signal: abort.signal }).then(
      () => {
        this.log.debug(`[frames] indexed ${this.roots().length} folder(s) in ${Date.now() - started} ms`);
        this.resolver = resolver;
        return resolver;
      },
      (e: unknown) => {
        if (this.abort === abort) this.ready = undefined;
        throw e;
      },
    );
    return this.ready;
  }

  async resolve(frame: FrameView, platform?: string): Promise<Resolution> {
    const r = await this.get();
    return r.resolve(frame, platform ? { platform } : {});
  }

  dispose(): void {
    this.abort?.abort();
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}
