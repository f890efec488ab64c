import * as vscode from 'vscode';
import { parseStackLine } from '../../source/stackText/parseStackText';
import { type TextFrame, isRuntimeFrame } from '../../source/stackText/textFrame';
import type { TextFrameOpener } from './textFrameOpener';

interface FrameTerminalLink extends vscode.TerminalLink {
  frame: TextFrame;
}

/**
 * Frames printed in the integrated terminal open through the resolver, so a
 * container's path (`/app/src/x.js`), a bundle's (`dist/main.js`) or another
 * machine's opens the workspace file, after source maps.
 */
export class TerminalFrameLinks implements vscode.TerminalLinkProvider<FrameTerminalLink> {
  constructor(private readonly opener: TextFrameOpener) {}

  provideTerminalLinks(context: vscode.TerminalLinkContext): FrameTerminalLink[] {
    // Very long lines are output, not frames.
    if (context.line.length > 4096) return [];
    const frame = parseStackLine(context.line);
    if (!frame || isRuntimeFrame(frame)) return [];
    return [{ startIndex: frame.start, length: frame.end - frame.start, tooltip: 'Open frame (Sentry Lens)', frame }];
  }

  async handleTerminalLink(link: FrameTerminalLink): Promise<void> {
    await this.opener.open(link.frame);
  }
}
