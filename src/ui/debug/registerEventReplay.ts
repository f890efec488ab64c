import * as vscode from 'vscode';
import type { EventStoreApi } from '../../capture/kinds/events/storedEvent';
import type { SourceLocation } from '../../replay/replaySession';
import type { FrameView } from '../../sentry/event/eventView';
import { viewEvent } from '../../sentry/event/eventView';
import { tagged } from '../../util/logger';
import { CommandIds } from '../common/commandIds';
import type { ApiIssuesSource } from '../common/contracts';
import { failureMessage } from '../common/failureMessage';
import { configuredScrubber } from '../settings/configuredScrubber';
import type { FrameContentProvider } from '../frames/frameContentProvider';
import { frameDocumentText } from '../frames/frameDocumentText';
import type { FrameResolverHost } from '../frames/frameResolverHost';
import { type EventTarget, eventTargetOf } from '../events/eventTarget';

export const REPLAY_DEBUG_TYPE = 'sentry-replay';

export interface EventReplayDeps {
  host: FrameResolverHost;
  content: FrameContentProvider;
  store(): Promise<EventStoreApi>;
  api: ApiIssuesSource;
  log: vscode.LogOutputChannel;
  /** The tree's selection, for the command run from the palette. */
  selection(): readonly unknown[];
}

/**
 * "Sentry: Debug Event": replays a captured or REST API event in the editor's
 * debugger through an inline adapter (the `sentry-replay` debug type). Frames
 * open through the window's frame resolver; a frame with no local file opens
 * as the read-only document of its context lines, as a click in the tree does.
 */
/**
 * A replay stops at the failure as soon as it starts, and VS Code expands the
 * top frame's Locals only in a Variables view that exists when the frame is
 * focused: one created later (Run and Debug opened afterwards) shows every
 * scope collapsed. So the Run and Debug view is shown before the replay's
 * adapter answers, for every replay (Debug Event, the details' button, a
 * launch.json entry), unless the person told VS Code never to open it
 * (`debug.openDebug`: `neverOpen`).
 */
async function showRunAndDebug(): Promise<void> {
  if (vscode.workspace.getConfiguration('debug').get<string>('openDebug') === 'neverOpen') return;
  await vscode.commands.executeCommand('workbench.view.debug');
}

export function registerEventReplay(deps: EventReplayDeps): { disposables: vscode.Disposable[]; debug(target: EventTarget): Promise<void> } {
  const scrubber = async () => {
    const { scrubber: scrub, problem } = await configuredScrubber();
    if (problem) deps.log.warn(`[replay] sentry.scrubbing.extraPatterns is wrong (${problem}); the replay is scrubbed with the built-in rules only`);
    return scrub;
  };

  const loadEvent = async (args: Record<string, unknown>): Promise<unknown> => {
    if (typeof args.issueId === 'string' && args.issueId) return deps.api.latestEvent(args.issueId);
    const store = await deps.store();
    const eventId = typeof args.eventId === 'string' && args.eventId ? args.eventId : undefined;
    const stored = eventId ? store.get(eventId) : store.list({ limit: 1 })[0];
    if (!stored) throw new Error(eventId ? `the event ${eventId} is no longer stored` : 'no captured events yet: capture one, then debug it');
    return stored.event;
  };

  const locate = async (frame: FrameView, platform: string | undefined): Promise<SourceLocation | undefined> => {
    const r = await deps.host.resolve(frame, platform);
    if (r.file) return { path: r.file, line: r.line ?? 1, column: r.column ?? 1 };
    if (frame.contextLine === undefined) return undefined;
    const doc = frameDocumentText(frame, 'No workspace file matches this frame: these are the lines the event carried.');
    const uri = deps.content.add(frame.absPath ?? frame.filename ?? 'frame', doc.text);
    return { path: uri.toString(), line: doc.line + 1, column: 1 };
  };

  const factory: vscode.DebugAdapterDescriptorFactory = {
    async createDebugAdapterDescriptor() {
      await showRunAndDebug();
      const [scrub, { ReplayDebugAdapter }] = await Promise.all([scrubber(), import('./replayDebugAdapter')]);
      return new vscode.DebugAdapterInlineImplementation(new ReplayDebugAdapter({ loadEvent, locate, scrub, log: tagged(deps.log, 'replay') }, deps.log));
    },
  };

  const debug = async (target: EventTarget): Promise<void> => {
    let config: vscode.DebugConfiguration;
    if (target.source === 'none') {
      void vscode.window.showInformationMessage('Sentry: this issue is no longer listed; refresh the view and try again.');
      return;
    }
    try {
      if (target.source === 'api') {
        config = { type: REPLAY_DEBUG_TYPE, request: 'launch', name: `Replay: ${target.issue.title}`, issueId: target.issue.id };
      } else {
        const store = await deps.store();
        const stored = target.eventId ? store.get(target.eventId) : store.list({ limit: 1 })[0];
        if (!stored) {
          void vscode.window.showInformationMessage(target.eventId ? 'Sentry: this event is no longer stored.' : 'Sentry: no captured events yet.');
          return;
        }
        config = { type: REPLAY_DEBUG_TYPE, request: 'launch', name: `Replay: ${viewEvent(stored.event).title}`, eventId: stored.id };
      }
      const folder = vscode.workspace.workspaceFolders?.[0];
      const started = await vscode.debug.startDebugging(folder, config);
      if (!started) void vscode.window.showErrorMessage('Sentry: the event replay did not start; details are in the Sentry log.');
    } catch (e) {
      void vscode.window.showErrorMessage(failureMessage(tagged(deps.log, 'replay'), 'could not replay the event', e));
    }
  };

  const disposables = [
    vscode.debug.registerDebugAdapterDescriptorFactory(REPLAY_DEBUG_TYPE, factory),
    vscode.commands.registerCommand(CommandIds.debugEvent, (arg?: unknown) => debug(eventTargetOf(arg ?? deps.selection()[0], deps.api.issues))),
  ];
  return { disposables, debug };
}
