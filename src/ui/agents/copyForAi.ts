import * as vscode from 'vscode';
import type { EventStoreApi, StoredEvent } from '../../capture/kinds/events/storedEvent';
import { userMessageOf } from '../../sentry/errors';
import { CommandIds } from '../common/commandIds';
import type { ApiIssuesSource } from '../common/contracts';
import { eventTargetOf } from '../events/eventTarget';
import type { FrameResolverHost } from '../frames/frameResolverHost';

export interface CopyForAiDeps {
  store(): Promise<EventStoreApi>;
  api: ApiIssuesSource;
  host: FrameResolverHost;
  selection(): readonly unknown[];
  log: vscode.LogOutputChannel;
}

/**
 * "Sentry: Copy for AI": the event as the agents' get_event tool gives it
 * (markdown, the first in-app frame with its code first, frames resolved to
 * the workspace, every list bounded), on the clipboard for any chat.
 */
export function registerCopyForAi(deps: CopyForAiDeps): vscode.Disposable {
  return vscode.commands.registerCommand(CommandIds.copyForAi, async (arg?: unknown) => {
    try {
      const target = eventTargetOf(arg ?? deps.selection()[0], deps.api.issues);
      let stored: StoredEvent | undefined;
      if (target.source === 'captured') {
        const store = await deps.store();
        stored = target.eventId ? store.get(target.eventId) : store.list({ limit: 1 })[0];
      } else if (target.source === 'api') {
        const [event, { storedFromRest }] = await Promise.all([deps.api.latestEvent(target.issue.id), import('../../mcp/data/restEvent')]);
        stored = storedFromRest(event, target.issue);
      }
      if (!stored) {
        void vscode.window.showInformationMessage('Sentry: no captured event to copy yet.');
        return;
      }
      const [{ eventMarkdown }, { FrameSites }] = await Promise.all([import('../../mcp/markdown/eventMarkdown'), import('../../mcp/data/frameSites')]);
      const locator = { resolveMany: (frames: Parameters<FrameResolverHost['resolveMany']>[0], opts?: { platform?: string }) => deps.host.resolveMany(frames, opts?.platform) };
      const markdown = await eventMarkdown(stored, new FrameSites(locator));
      await vscode.env.clipboard.writeText(markdown);
      vscode.window.setStatusBarMessage('$(check) Sentry: the event is on the clipboard as markdown for an AI chat', 4000);
    } catch (e) {
      deps.log.error(`[agents] Copy for AI: ${userMessageOf(e)}`);
      void vscode.window.showErrorMessage(`Sentry: could not copy the event: ${userMessageOf(e)}`);
    }
  });
}
