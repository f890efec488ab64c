import * as vscode from 'vscode';
import { userMessageOf } from '../../sentry/errors';
import { type EventView, viewEvent } from '../../sentry/event/eventView';
import type { ApiIssuesSource } from '../common/contracts';
import { LatestApiEvents } from '../api/latestApiEvents';
import type { FrameResolverHost } from '../frames/frameResolverHost';
import type { ErrorTreeModel } from '../errors/errorTreeModel';
import type { OpenEventTarget } from '../events/openEventTarget';
import { inAppFrames } from './inAppFrames';

const MAX_ISSUES = 50;
const DEBOUNCE_MS = 500;

/** A line of a workspace file that is an in-app frame of a recent error. */
export interface ErrorLineMark {
  /** 1-based line the frame resolved to. */
  line: number;
  /** The frame's recorded source line, to follow the line through edits. */
  contextLine?: string;
  title: string;
  count: number;
  lastSeen: number;
  target: OpenEventTarget;
}

interface MarkSource {
  title: string;
  count: number;
  lastSeen: number;
  view: EventView;
  target: OpenEventTarget;
}

/**
 * Where recent errors went through the workspace: every in-app frame of the
 * latest event of each recent unresolved captured issue, and of each unresolved
 * REST issue whose latest event was fetched, resolved to a file and line.
 * Rebuilt (debounced) when the errors, the resolver or the files change.
 */
export class ErrorLineMarks implements vscode.Disposable {
  private byFile = new Map<string, ErrorLineMark[]>();
  private readonly apiLatest = new LatestApiEvents();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly host: FrameResolverHost,
    private readonly tree: ErrorTreeModel,
    api: ApiIssuesSource,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.subscriptions.push(
      this.changed,
      tree.onDidChange(() => this.schedule()),
      host.onDidChange(() => this.schedule()),
      tree.onDidFetchLatestEvent(({ issue, view }) => {
        this.apiLatest.set(issue, view);
        this.schedule();
      }),
      api.onDidChange(() => {
        this.apiLatest.retain(api.issues);
        this.schedule();
      }),
    );
    this.schedule();
  }

  /** The marks in a file (by absolute path). */
  marksIn(path: string): readonly ErrorLineMark[] {
    return this.byFile.get(path) ?? [];
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update().catch((e: unknown) => this.log.warn(`[marks] ${userMessageOf(e)}`));
    }, DEBOUNCE_MS);
  }

  private async sources(): Promise<MarkSource[]> {
    const out: MarkSource[] = [];
    const store = await this.tree.ensureStore();
    for (const s of this.tree.recentIssues(MAX_ISSUES)) {
      const stored = store.get(s.latestEventId);
      if (!stored) continue;
      out.push({ title: s.title, count: s.count, lastSeen: s.lastSeen, view: viewEvent(stored.event), target: { kind: 'capturedEvent', eventId: stored.id } });
    }
    for (const { issue, view } of this.apiLatest.values()) {
      const lastSeen = Date.parse(issue.lastSeen);
      out.push({ title: issue.title, count: issue.count, lastSeen: Number.isNaN(lastSeen) ? Date.now() : lastSeen, view, target: { kind: 'apiIssue', issue } });
    }
    return out;
  }

  private async update(): Promise<void> {
    const gen = ++this.generation;
    const byFile = new Map<string, ErrorLineMark[]>();
    for (const source of await this.sources()) {
      for (const frame of inAppFrames(source.view)) {
        let r;
        try {
          r = await this.host.resolve(frame, source.view.platform);
        } catch (e) {
          this.log.debug(`[marks] ${userMessageOf(e)}`);
          continue;
        }
        if (gen !== this.generation) return;
        if (!r.file || r.line === undefined) continue;
        const list = byFile.get(r.file) ?? [];
        // One mark per issue and line (recursion puts a frame on the same line more than once).
        if (list.some((m) => m.line === r.line && m.target === source.target)) continue;
        const mark: ErrorLineMark = { line: r.line, title: source.title, count: source.count, lastSeen: source.lastSeen, target: source.target };
        // After a source map the recorded line is the bundle's: it says nothing about the original file.
        if (frame.contextLine !== undefined && !r.sourceMapped) mark.contextLine = frame.contextLine;
        list.push(mark);
        byFile.set(r.file, list);
      }
    }
    if (gen !== this.generation) return;
    this.byFile = byFile;
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
  }
}
