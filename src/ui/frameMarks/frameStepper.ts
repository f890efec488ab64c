import * as vscode from 'vscode';
import { viewEvent } from '../../sentry/event/eventView';
import type { ErrorTreeModel } from '../errors/errorTreeModel';
import type { FrameOpener } from '../frames/frameOpener';
import { inAppFrames, stepIndex } from './inAppFrames';

/**
 * Next / previous frame of the current event (the latest captured one): walks
 * its in-app frames from the innermost out, opening each at its resolved line.
 * The walk starts over when another event becomes the latest.
 */
export class FrameStepper {
  private eventId: string | undefined;
  private index = -1;

  constructor(
    private readonly tree: ErrorTreeModel,
    private readonly opener: FrameOpener,
  ) {}

  async step(delta: 1 | -1): Promise<void> {
    const store = await this.tree.ensureStore();
    const latest = store.list({ limit: 1 })[0];
    if (!latest) {
      void vscode.window.showInformationMessage('Sentry: no captured event yet, so there is no frame to go to.');
      return;
    }
    const view = viewEvent(latest.event);
    const frames = inAppFrames(view);
    if (!frames.length) {
      void vscode.window.showInformationMessage('Sentry: the latest event has no in-app stack frames.');
      return;
    }
    if (latest.id !== this.eventId) {
      this.eventId = latest.id;
      this.index = delta === 1 ? -1 : frames.length;
    }
    this.index = stepIndex(this.index, delta, frames.length);
    const frame = frames[this.index]!;
    vscode.window.setStatusBarMessage(`$(debug-stackframe) Sentry: frame ${this.index + 1} of ${frames.length}${frame.function ? ` (${frame.function})` : ''}`, 5_000);
    await this.opener.open(view.platform ? { frame, platform: view.platform } : { frame });
  }
}
