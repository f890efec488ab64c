import * as vscode from 'vscode';
import { logDetailOf } from '../../sentry/errors';
import { tagged } from '../../util/logger';
import { failureMessage } from '../common/failureMessage';
import { type EventView, frameLocation } from '../../sentry/event/eventView';
import { type EventOwner, type FrameRef, isFrameRef } from '../events/errorNodes';
import { type ExplainSubject, explainedEventName, framesToExplain } from './explainSubject';
import type { FrameContentProvider } from './frameContentProvider';
import type { FrameResolverHost } from './frameResolverHost';
import { relativeTime } from '../common/relativeTime';

/** What the command needs from the tree: its selection, an event by owner, and the recent captured events. */
export interface ExplainSource {
  subject(): ExplainSubject;
  event(owner: EventOwner): Promise<{ eventId: string; title: string; view: EventView } | undefined>;
  recent(): Promise<Array<{ owner: EventOwner; eventId: string; title: string; receivedAt: number }>>;
}

type Named = { ref: FrameRef; event: string | undefined };

/**
 * "Sentry: Explain Frame Resolution": on a frame node; from the palette, the
 * frame selected in the tree, else a frame of the selected issue or event,
 * else it asks which event. The explanation names its event, and goes to the
 * "Sentry" log and into a read-only `sentry-frame:` document.
 */
export function explainFrameCommand(
  host: FrameResolverHost,
  content: FrameContentProvider,
  log: vscode.LogOutputChannel,
  source: ExplainSource,
): (arg?: unknown) => Promise<void> {
  const nameOf = async (owner: EventOwner | undefined) => {
    // Without its event the explanation is still useful, just unnamed: note why in the log.
    const e = owner ? await source.event(owner).catch((err: unknown) => void log.debug(`[frames] the frame's event could not be loaded: ${logDetailOf(err)}`)) : undefined;
    return e ? explainedEventName(e) : undefined;
  };
  const choose = async (arg: unknown): Promise<Named | undefined> => {
    if (isFrameRef(arg)) return { ref: arg, event: await nameOf((arg as { owner?: EventOwner }).owner) };
    const subject = source.subject();
    if (subject.kind === 'frame') return { ref: subject.frame, event: await nameOf(subject.frame.owner) };
    const owner = subject.kind === 'event' ? subject.owner : await pickEvent(source);
    if (!owner) return undefined;
    const e = await source.event(owner);
    if (!e) {
      void vscode.window.showInformationMessage('Sentry: that event is no longer stored.');
      return undefined;
    }
    const ref = await pickFrame(framesToExplain(e.view), explainedEventName(e));
    return ref ? { ref, event: explainedEventName(e) } : undefined;
  };
  return async (arg?: unknown) => {
    const chosen = await choose(arg);
    if (!chosen) return;
    const { ref } = chosen;
    try {
      const resolution = await host.resolve(ref.frame, ref.platform);
      const { explainResolution } = await import('../../source/resolver/explainResolution');
      const header = `A frame of ${chosen.event ?? 'an event shown in the details view'}: ${ref.frame.function ?? '<anonymous>'} at ${frameLocation(ref.frame)}`;
      const text = `${header}\n\n${explainResolution(ref.frame, resolution)}`;
      log.info(`[frames] explain ${frameLocation(ref.frame)} (${chosen.event ?? 'event not known'})\n${text}`);
      const doc = await vscode.workspace.openTextDocument(content.add('frame-resolution.txt', text));
      await vscode.window.showTextDocument(doc, { preview: true });
    } catch (e) {
      void vscode.window.showErrorMessage(failureMessage(tagged(log, 'frames'), 'could not explain the frame', e));
    }
  };
}

async function pickEvent(source: ExplainSource): Promise<EventOwner | undefined> {
  const recent = await source.recent();
  if (!recent.length) {
    void vscode.window.showInformationMessage('Sentry: no captured event with a stack trace yet.');
    return undefined;
  }
  const now = Date.now();
  const pick = await vscode.window.showQuickPick(
    recent.map((e) => ({ label: e.title || '(no title)', description: `${relativeTime(e.receivedAt, now)} · ${e.eventId.slice(0, 8)}`, owner: e.owner })),
    { title: 'Explain Frame Resolution: which event?', placeHolder: 'Nothing is selected in the Errors tree: pick an event', matchOnDescription: true },
  );
  return pick?.owner;
}

async function pickFrame(frames: FrameRef[], eventName: string): Promise<FrameRef | undefined> {
  if (!frames.length) {
    void vscode.window.showInformationMessage(`Sentry: ${eventName} has no stack trace.`);
    return undefined;
  }
  const pick = await vscode.window.showQuickPick(
    frames.map((r) => ({ label: r.frame.function ?? '<anonymous>', description: frameLocation(r.frame), detail: r.frame.inApp ? 'in-app' : undefined, ref: r })),
    { title: `Explain Frame Resolution: a frame of ${eventName}`, placeHolder: 'Pick a frame', matchOnDescription: true },
  );
  return pick?.ref;
}
