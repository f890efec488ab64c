import type * as vscode from 'vscode';
import { type TextFrame, PLATFORM_OF, toFrameView } from '../../source/stackText/textFrame';
import type { FrameOpener } from '../frames/frameOpener';
import { fromTextFrameArg } from './textFrameArgConvert';

/** Opens frames found in text through the same opener (and resolver) as event frames. */
export class TextFrameOpener {
  constructor(
    private readonly opener: FrameOpener,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  open(frame: TextFrame): Promise<void> {
    return this.opener.open({ frame: toFrameView(frame), platform: PLATFORM_OF[frame.format], origin: 'text' });
  }

  /** The `sentry.openTextFrame` command: its argument is checked before anything is resolved. */
  async openArg(arg: unknown): Promise<void> {
    const { textFrameArgSchema } = await import('./textFrameArg');
    const parsed = textFrameArgSchema.safeParse(arg);
    if (!parsed.success) {
      this.log.warn(`[stack] ignored a frame link with an unexpected argument: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    await this.open(fromTextFrameArg(parsed.data));
  }
}
