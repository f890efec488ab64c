import * as vscode from 'vscode';
import { userMessageOf } from '../../sentry/errors';
import { frameLocation } from '../../sentry/eventView';
import { type FrameRef, isFrameRef } from './errorNodes';
import type { FrameContentProvider } from './frameContentProvider';
import type { FrameResolverHost } from './frameResolverHost';

/**
 * "Sentry: Explain Frame Resolution": on a frame node, or a quick pick over the
 * frames of the latest event; the explanation goes to the "Sentry" log and into
 * a read-only `sentry-frame:` document.
 */
export function explainFrameCommand(
  host: FrameResolverHost,
  content: FrameContentProvider,
  log: vscode.LogOutputChannel,
  latestFrames: () => Promise<FrameRef[]>,
): (arg?: unknown) => Promise<void> {
  return async (arg?: unknown) => {
    let ref: FrameRef | undefined = isFrameRef(arg) ? arg : undefined;
    if (!ref) {
      const frames = await latestFrames();
      if (!frames.length) {
        void vscode.window.showInformationMessage('Sentry: no captured event with a stack trace yet.');
        return;
      }
      const pick = await vscode.window.showQuickPick(
        frames.map((r) => ({ label: r.frame.function ?? '<anonymous>', description: frameLocation(r.frame), detail: r.frame.inApp ? 'in-app' : undefined, ref: r })),
        { title: 'Explain Frame Resolution', placeHolder: 'Pick a frame of the latest event', matchOnDescription: true },
      );
      if (!pick) return;
      ref = pick.ref;
    }
    try {
      const resolution = await host.resolve(ref.frame, ref.platform);
      const { explainResolution } = await import('../../source/explainResolution');
      const text = explainResolution(ref.frame, resolution);
      log.info(`[frames] explain ${frameLocation(ref.frame)}\n${text}`);
      const doc = await vscode.workspace.openTextDocument(content.add('frame-resolution.txt', text));
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (e) {
      void vscode.window.showErrorMessage(`Sentry: could not explain the frame: ${userMessageOf(e)}`);
    }
  };
}
