import * as vscode from 'vscode';
import { logDetailOf } from '../../sentry/errors';
import { viewEvent } from '../../sentry/event/eventView';
import { CommandIds } from '../common/commandIds';
import { ContextKeys } from '../common/contextKeys';
import type { ApiIssueEntry, ErrorViewDeps } from '../common/contracts';
import { failureMessage } from '../common/failureMessage';
import { tagged } from '../../util/logger';
import { logChannelLogger } from '../common/logChannelLogger';
import { currentSettings } from '../settings/settings';
import { addCodeMappingCommand } from '../frames/addCodeMappingCommand';
import { ErrorFilter } from '../filter/errorFilter';
import { type ErrorNode, type FrameNode, type FrameRef, isFrameRef } from '../events/errorNodes';
import { ErrorTreeModel } from './errorTreeModel';
import { ErrorTreeProvider } from './errorTreeProvider';
import { registerEventReplay } from '../debug/registerEventReplay';
import { registerCopyForAi } from '../agents/copyForAi';
import { EventDetailsPanels } from '../details/eventDetailsPanel';
import { type ExplainSource, explainFrameCommand } from '../frames/explainFrameCommand';
import { explainSubject } from '../frames/explainSubject';
import { eventTargetOf } from '../events/eventTarget';
import { FRAME_SCHEME, FrameContentProvider } from '../frames/frameContentProvider';
import { FrameOpener } from '../frames/frameOpener';
import { FrameResolverHost } from '../frames/frameResolverHost';
import { NewErrorCounter } from './newErrorCounter';
import { ProblemsDiagnostics } from '../problems/problemsDiagnostics';
import { storeCommands } from './storeCommands';

export const ERRORS_VIEW_ID = 'sentry.errors';

const isFrameNode = (n: ErrorNode): n is FrameNode => n.kind === 'frame';

/**
 * The views half of the shell: the "Errors" tree and its filter, badge, event
 * details, frame opening, and the Problems panel. Every disposable goes into
 * `context.subscriptions`.
 */
/** What the other features of the shell share with the views. */
export interface ErrorViews {
  /** Opens frames through the window's one resolver (`opener.host`). */
  opener: FrameOpener;
  tree: ErrorTreeModel;
  /** The Errors tree's selection (for commands run from the palette). */
  selection(): readonly ErrorNode[];
}

export function registerErrorViews(context: vscode.ExtensionContext, deps: ErrorViewDeps): ErrorViews {
  const { log, api } = deps;
  const sub = (...d: vscode.Disposable[]) => context.subscriptions.push(...d);

  // The filter's suggestions read the tree's captured events (declared below; read only when the filter is prompted).
  const filter = new ErrorFilter(context.workspaceState, (limit) => tree.recentSearchables(limit));
  const tree: ErrorTreeModel = new ErrorTreeModel({
    store: deps.store,
    api,
    log: tagged(logChannelLogger(log), 'views'),
    query: () => filter.query,
    organization: () => currentSettings().apiOrganization,
    apiProjects: () => currentSettings().apiProjects,
  });
  const provider = new ErrorTreeProvider(tree, log);
  const view = vscode.window.createTreeView<ErrorNode>(ERRORS_VIEW_ID, { treeDataProvider: provider, showCollapseAll: true, canSelectMany: true });
  sub(filter, tree, provider, view);
  view.description = filter.description;

  // The view's message: a load failure first, else the active filter (the description is hidden when the view fills its container).
  let failure: string | undefined;
  const showMessage = () => {
    view.message = failure ? `Could not load the captured events: ${failure}` : filter.message;
  };
  showMessage();
  sub(
    filter.onDidChange(() => {
      view.description = filter.description;
      showMessage();
      tree.refreshAll();
    }),
    tree.onDidReportError((msg) => {
      failure = msg;
      showMessage();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('sentry.api.organization') || e.affectsConfiguration('sentry.api.projects')) tree.refreshAll();
    }),
  );

  // Badge: events new since the view was last visible; the status bar hears the same.
  const counter = new NewErrorCounter();
  const publish = () => {
    view.badge = counter.count ? { value: counter.count, tooltip: `${counter.count} new Sentry error${counter.count === 1 ? '' : 's'}` } : undefined;
    deps.reportNewErrors(counter.count, counter.highest);
  };
  // The walkthrough's "Run a sample" step: done once an event is captured (or one is stored already).
  let captured = false;
  const markCaptured = (any: boolean) => {
    if (captured || !any) return;
    captured = true;
    void vscode.commands.executeCommand('setContext', ContextKeys.eventCaptured, true);
  };
  // Events stored before the tree loaded the store arrive with the load, not as news: look once it is loaded.
  const checkStored = () => void tree.ensureStore().then((store) => markCaptured(store.size > 0), () => undefined);
  if (view.visible) checkStored();
  sub(
    tree.onDidReceiveEvents((levels) => markCaptured(levels.length > 0)),
    view.onDidChangeVisibility((e) => e.visible && checkStored()),
  );
  sub(
    tree.onDidReceiveEvents((levels) => {
      if (view.visible || !levels.length) return;
      counter.add(levels);
      publish();
    }),
    view.onDidChangeVisibility((e) => {
      api.setVisible(e.visible);
      if (e.visible && counter.count) {
        counter.reset();
        publish();
      }
    }),
  );
  api.setVisible(view.visible);
  // "3 min ago" ages: re-render the roots once a minute while someone can see them.
  const ageTimer = setInterval(() => {
    if (view.visible) tree.rerender();
  }, 60_000);
  sub({ dispose: () => clearInterval(ageTimer) });

  // Frames: one resolver per window, virtual documents for frames without a local file.
  const content = new FrameContentProvider();
  const host = new FrameResolverHost(log);
  const opener = new FrameOpener(host, content, log);
  const openFrame = (ref: FrameRef) => opener.open(ref);
  const replay = registerEventReplay({ host, content, store: () => tree.ensureStore(), api, log, selection: () => view.selection });
  sub(registerCopyForAi({ store: () => tree.ensureStore(), api, host, selection: () => view.selection, log }));
  const panels = new EventDetailsPanels(context.extensionUri, openFrame, replay.debug, log);
  sub(vscode.workspace.registerTextDocumentContentProvider(FRAME_SCHEME, content), host, panels, ...replay.disposables);

  // Problems panel.
  const problems = new ProblemsDiagnostics(
    host,
    () =>
      tree.recentIssues(50).map((s) => ({
        key: s.groupKey,
        title: s.title,
        level: s.level,
        count: s.count,
        lastSeen: s.lastSeen,
        frame: s.topFrame,
        ...(s.platform ? { platform: s.platform } : {}),
        target: { kind: 'capturedEvent' as const, eventId: s.latestEventId },
      })),
    log,
  );
  sub(
    problems,
    tree.onDidChange(() => problems.schedule()),
    tree.onDidFetchLatestEvent(({ issue, view: ev }) => problems.addApiEvent(issue, ev)),
    api.onDidChange(() => problems.retainApiIssues(api.issues)),
  );

  // Load the store now so events arriving while the view is hidden still count, and the Problems panel fills.
  tree.ensureStore().then(
    () => problems.schedule(),
    (e: unknown) => log.warn(`[views] the event store is not available yet: ${logDetailOf(e)}`),
  );

  const openApiIssue = async (issue: ApiIssueEntry) => {
    const raw = await api.latestEvent(issue.id);
    panels.show(`apiIssue:${issue.id}`, raw, { source: 'api', issue });
  };
  const openCaptured = async (eventId: string | undefined) => {
    const store = await tree.ensureStore();
    const stored = eventId ? store.get(eventId) : store.list({ limit: 1 })[0];
    if (!stored) {
      void vscode.window.showInformationMessage(eventId ? 'Sentry: this event is no longer stored.' : 'Sentry: no captured events yet.');
      return;
    }
    panels.show(`event:${stored.id}`, stored.event, { source: 'captured', eventId: stored.id });
  };
  const openEvent = async (arg?: unknown) => {
    const target = eventTargetOf(arg ?? view.selection[0], api.issues);
    try {
      if (target.source === 'api') return await openApiIssue(target.issue);
      if (target.source === 'captured') return await openCaptured(target.eventId);
    } catch (e) {
      void vscode.window.showErrorMessage(failureMessage(tagged(log, 'views'), 'could not open the event', e));
    }
  };

  const explainSource: ExplainSource = {
    subject: () => explainSubject(view.selection),
    event: async (owner) => {
      if (owner.source === 'api') {
        const issue = api.issues.find((i) => i.id === owner.issueId);
        const v = issue ? await tree.latestEvent(issue) : undefined;
        return issue && v && !(v instanceof Error) ? { eventId: v.eventId, title: issue.title, view: v } : undefined;
      }
      const stored = (await tree.ensureStore()).get(owner.eventId);
      if (!stored) return undefined;
      const v = viewEvent(stored.event);
      return { eventId: stored.id, title: v.title, view: v };
    },
    recent: async () =>
      (await tree.ensureStore()).list({ limit: 20 }).map((e) => ({
        owner: { source: 'captured' as const, eventId: e.id },
        eventId: e.id,
        title: viewEvent(e.event).title,
        receivedAt: e.receivedAt,
      })),
  };

  const store = storeCommands(tree, () => view.selection, tagged(log, 'views'));
  const reg = (id: string, fn: Parameters<typeof vscode.commands.registerCommand>[1]) => sub(vscode.commands.registerCommand(id, fn));
  reg(CommandIds.filter, () => filter.prompt());
  reg(CommandIds.clearFilter, () => filter.clear());
  reg(CommandIds.openEvent, openEvent);
  reg(CommandIds.openFrame, async (arg?: unknown) => {
    const ref = isFrameRef(arg) ? arg : view.selection.find(isFrameNode);
    if (ref) await openFrame(ref);
  });
  reg(CommandIds.markResolved, store.markResolved);
  reg(CommandIds.markUnresolved, store.markUnresolved);
  reg(CommandIds.deleteEvent, store.deleteEvent);
  reg(CommandIds.clearEvents, store.clearEvents);
  reg(CommandIds.explainFrameResolution, explainFrameCommand(host, content, log, explainSource));
  reg(CommandIds.addCodeMapping, addCodeMappingCommand(opener));
  reg('sentry.errors.showMore', () => tree.showMore());
  return { opener, tree, selection: () => view.selection };
}
