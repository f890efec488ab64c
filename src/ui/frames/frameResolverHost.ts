import * as vscode from 'vscode';
import type { CodeMapping } from '../../source/resolver/codeMappings';
import type { FrameResolver, Resolution } from '../../source/resolver/frameResolver';
import type { FrameView } from '../../sentry/event/eventView';
import { DisposableBase } from '../../util/disposable';
import { tagged } from '../../util/logger';
import { logChannelLogger } from '../common/logChannelLogger';
import { currentSettings } from '../settings/settings';

/**
 * One FrameResolver for the window: its index covers every workspace folder, is
 * rebuilt when folders change, follows created/changed/deleted files through a
 * FileSystemWatcher, and takes its code mappings from `sentry.codeMappings`.
 * The resolver (and the zod schemas of the mappings) load on first use.
 */
export class FrameResolverHost extends DisposableBase {
  private resolver: FrameResolver | undefined;
  private ready: Promise<FrameResolver> | undefined;
  private abort: AbortController | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  /** The index was rebuilt or the mappings changed: earlier resolutions may be stale. */
  readonly onDidChange = this.changed.event;
  private readonly fileChanged = this._register(new vscode.EventEmitter<{ kind: 'created' | 'changed' | 'deleted'; path: string }>());
  /** A file of the workspace was created, changed or deleted (what the resolver's index follows). */
  readonly onDidChangeFile = this.fileChanged.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this._register(vscode.workspace.onDidChangeWorkspaceFolders(() => this.rebuild()));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sentry.codeMappings')) void this.reloadMappings();
      }),
    );
    const watcher = this._register(vscode.workspace.createFileSystemWatcher('**/*'));
    const follow = (kind: 'created' | 'changed' | 'deleted', uri: vscode.Uri) => {
      if (uri.scheme !== 'file') return;
      const path = uri.fsPath;
      if (kind === 'created') this.resolver?.onFileCreated(path);
      else if (kind === 'changed') this.resolver?.onFileChanged(path);
      else this.resolver?.onFileDeleted(path);
      this.fileChanged.fire({ kind, path });
    };
    this._register(watcher.onDidCreate((uri) => follow('created', uri)));
    this._register(watcher.onDidChange((uri) => follow('changed', uri)));
    this._register(watcher.onDidDelete((uri) => follow('deleted', uri)));
  }

  /** The code mappings from the settings; a bad entry is logged and the setting ignored. */
  async mappings(): Promise<CodeMapping[]> {
    const { parseCodeMappings } = await import('../../source/resolver/codeMappings');
    const parsed = parseCodeMappings(currentSettings().codeMappings);
    if (!parsed.ok) {
      this.log.warn(`[frames] sentry.codeMappings ignored: ${parsed.reason}`);
      return [];
    }
    return parsed.value;
  }

  /** Re-reads `sentry.codeMappings` (also called right after the add-mapping command writes it). */
  async reloadMappings(): Promise<void> {
    const m = await this.mappings();
    this.resolver?.setMappings(m);
    this.changed.fire();
  }

  roots(): string[] {
    return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  }

  /** The folders and the code mappings, as the listener's `/mcp` resolves frames against them. */
  async workspace(): Promise<{ roots: string[]; mappings: CodeMapping[] }> {
    return { roots: this.roots(), mappings: await this.mappings() };
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
    const ready = (async () => {
      const { FrameResolver } = await import('../../source/resolver/frameResolver');
      const roots = this.roots();
      const resolver = new FrameResolver({ roots, mappings: await this.mappings(), logger: tagged(logChannelLogger(this.log), 'frames') });
      const started = Date.now();
      await resolver.buildIndex({ signal: abort.signal });
      this.log.debug(`[frames] indexed ${roots.length} folder(s) in ${Date.now() - started} ms`);
      if (this.abort === abort) this.resolver = resolver;
      return resolver;
    })();
    this.ready = ready;
    ready.catch(() => {
      if (this.ready === ready) this.ready = undefined;
    });
    return ready;
  }

  async resolve(frame: FrameView, platform?: string): Promise<Resolution> {
    const r = await this.get();
    return r.resolve(frame, platform ? { platform } : {});
  }

  /** Many frames at once (in their order), with the event's platform for frames without their own. */
  async resolveMany(frames: readonly FrameView[], platform?: string): Promise<Resolution[]> {
    const r = await this.get();
    return r.resolveMany(frames, platform ? { platform } : {});
  }

  override dispose(): void {
    this.abort?.abort();
    super.dispose();
  }
}
