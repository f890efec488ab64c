import * as vscode from 'vscode';
import { logDetailOf } from '../../sentry/errors';
import { type EventView, type FrameView, type Level, normalizeLevel, topFrame } from '../../sentry/event/eventView';
import { DisposableBase } from '../../util/disposable';
import { CommandIds } from '../common/commandIds';
import type { ApiIssueEntry } from '../common/contracts';
import { LatestApiEvents } from '../api/latestApiEvents';
import { currentSettings } from '../settings/settings';
import type { Resolution } from '../../source/resolver/resolution';
import type { FrameResolverHost } from '../frames/frameResolverHost';
import type { OpenEventTarget } from '../events/openEventTarget';
import { markdownText } from '../common/markdownText';
import { relativeTime } from '../common/relativeTime';

const MAX_ISSUES = 50;
const DEBOUNCE_MS = 500;

/** One captured issue as the Problems panel needs it. */
export interface ProblemSource {
  key: string;
  title: string;
  level: Level;
  count: number;
  lastSeen: number;
  frame: FrameView | undefined;
  platform?: string;
  target: OpenEventTarget;
}

interface Placed {
  range: vscode.Range;
  source: ProblemSource;
}

function severityOf(level: Level): vscode.DiagnosticSeverity {
  switch (level) {
    case 'fatal':
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    default:
      return vscode.DiagnosticSeverity.Hint;
  }
}

/**
 * The "sentry" diagnostic collection: the top in-app frame of each recent
 * unresolved captured issue, and of each API issue whose latest event was
 * fetched, at its resolved line; with a hover and a code action that open the
 * event. `sentry.problems.enabled` turns it off.
 */
export class ProblemsDiagnostics extends DisposableBase implements vscode.HoverProvider, vscode.CodeActionProvider {
  static readonly providedCodeActionKinds = [vscode.CodeActionKind.QuickFix];
  private readonly collection = this._register(vscode.languages.createDiagnosticCollection('sentry'));
  private readonly placed = new Map<string, Placed[]>();
  private readonly apiLatest = new LatestApiEvents();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly host: FrameResolverHost,
    private readonly captured: () => ProblemSource[],
    private readonly log: vscode.LogOutputChannel,
  ) {
    super();
    this._register(vscode.languages.registerHoverProvider({ scheme: 'file' }, this));
    this._register(vscode.languages.registerCodeActionsProvider({ scheme: 'file' }, this, { providedCodeActionKinds: ProblemsDiagnostics.providedCodeActionKinds }));
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sentry.problems.enabled')) this.schedule();
      }),
    );
    this._register(host.onDidChange(() => this.schedule()));
    this.schedule();
  }

  private enabled(): boolean {
    return currentSettings().problemsEnabled;
  }

  /** An API issue's latest event was fetched: its top frame can be placed too. */
  addApiEvent(issue: ApiIssueEntry, view: EventView): void {
    this.apiLatest.set(issue, view);
    this.schedule();
  }

  /** Keeps only API issues that are still listed and unresolved. */
  retainApiIssues(issues: readonly ApiIssueEntry[]): void {
    this.apiLatest.retain(issues);
    this.schedule();
  }

  schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, DEBOUNCE_MS);
  }

  private sources(): ProblemSource[] {
    const out = this.captured().slice(0, MAX_ISSUES);
    for (const { issue, view } of this.apiLatest.values()) {
      const lastSeen = Date.parse(issue.lastSeen);
      out.push({
        key: `api:${issue.id}`,
        title: issue.title,
        level: normalizeLevel(issue.level),
        count: issue.count,
        lastSeen: Number.isNaN(lastSeen) ? Date.now() : lastSeen,
        frame: topFrame(view),
        ...(view.platform ? { platform: view.platform } : {}),
        target: { kind: 'apiIssue', issue },
      });
    }
    return out;
  }

  private async update(): Promise<void> {
    const gen = ++this.generation;
    if (!this.enabled()) {
      this.collection.clear();
      this.placed.clear();
      return;
    }
    const byFile = new Map<string, Placed[]>();
    const placeable = this.sources().filter((s): s is ProblemSource & { frame: FrameView } => s.frame !== undefined && s.frame.inApp !== false);
    // One batch for every issue's top frame; each frame keeps its issue's platform.
    const frames = placeable.map(({ frame, platform }) => (platform ? { ...frame, platform } : frame));
    let resolutions: Resolution[];
    try {
      resolutions = await this.host.resolveMany(frames);
    } catch (e) {
      this.log.debug(`[problems] resolving the top frames failed: ${logDetailOf(e)}`);
      return;
    }
    if (gen !== this.generation) return;
    for (let i = 0; i < placeable.length; i++) {
      const source = placeable[i]!;
      const frame = source.frame;
      const r = resolutions[i]!;
      if (!r.file || r.line === undefined) continue;
      const line = r.line - 1;
      const text = frame.contextLine ?? '';
      const start = Math.max((r.column ?? (text.length - text.trimStart().length) + 1) - 1, 0);
      const end = Math.max(text.trimEnd().length, start + 1);
      const list = byFile.get(r.file) ?? [];
      list.push({ range: new vscode.Range(line, start, line, end), source });
      byFile.set(r.file, list);
    }
    if (gen !== this.generation) return;
    this.collection.clear();
    this.placed.clear();
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.file(file);
      this.placed.set(uri.toString(), list);
      this.collection.set(
        uri,
        list.map(({ range, source }) => {
          const d = new vscode.Diagnostic(range, `${source.title} (×${source.count})`, severityOf(source.level));
          d.source = 'Sentry';
          d.code = source.target.kind === 'apiIssue' ? source.target.issue.shortId : 'captured';
          return d;
        }),
      );
    }
  }

  private at(document: vscode.TextDocument, pos: vscode.Range | vscode.Position): Placed[] {
    const list = this.placed.get(document.uri.toString()) ?? [];
    const line = pos instanceof vscode.Range ? pos.start.line : pos.line;
    return list.filter((p) => p.range.start.line === line);
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const hits = this.at(document, position);
    if (!hits.length) return undefined;
    const md = new vscode.MarkdownString(undefined, true);
    md.isTrusted = { enabledCommands: ['sentry.openEvent'] };
    for (const { source } of hits) {
      md.appendMarkdown('**Sentry:** ').appendMarkdown(markdownText(source.title)).appendMarkdown('\n\n');
      md.appendMarkdown(markdownText(`${source.level} · ×${source.count} · last seen ${relativeTime(source.lastSeen, Date.now())}`)).appendMarkdown('\n\n');
      const args = encodeURIComponent(JSON.stringify([source.target]));
      md.appendMarkdown(`[$(link-external) Open event](command:sentry.openEvent?${args})\n\n`);
    }
    return new vscode.Hover(md, hits[0]!.range);
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range | vscode.Selection): vscode.CodeAction[] {
    return this.at(document, range).map(({ source }) => {
      const action = new vscode.CodeAction(`Open Sentry event details: ${source.title.slice(0, 60)}`, vscode.CodeActionKind.QuickFix);
      action.command = { command: CommandIds.openEvent, title: 'Open Sentry event details', arguments: [source.target] };
      action.diagnostics = [...vscode.languages.getDiagnostics(document.uri)].filter((d) => d.source === 'Sentry' && d.range.start.line === range.start.line);
      return action;
    });
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    super.dispose();
  }
}
