import * as vscode from 'vscode';
import { parseStackText } from '../../source/stackText/parseStackText';
import { isRuntimeFrame } from '../../source/stackText/textFrame';
import { CommandIds } from '../common/commandIds';
import { toTextFrameArg } from './textFrameArgConvert';

/** Every frame in a `sentry-stack:` document is a link that opens it through the resolver. */
export class StackTraceLinks implements vscode.DocumentLinkProvider {
  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const { frames } = parseStackText(document.getText());
    // Frames inside the runtime (node:internal/…, <frozen …>) have no file to open.
    return frames.filter((f) => !isRuntimeFrame(f)).flatMap((f) => {
      const target = vscode.Uri.parse(`command:${CommandIds.openTextFrame}?${encodeURIComponent(JSON.stringify([toTextFrameArg(f)]))}`);
      const link = new vscode.DocumentLink(new vscode.Range(f.line, f.start, f.line, f.end), target);
      link.tooltip = `Open ${f.function ? `${f.function} at ` : ''}this frame in the workspace`;
      if (!f.raisedAt) return [link];
      // Node's excerpt above the trace names the same place: a link to the same frame.
      const raised = new vscode.DocumentLink(new vscode.Range(f.raisedAt.line, f.raisedAt.start, f.raisedAt.line, f.raisedAt.end), target);
      raised.tooltip = `Open where the error was raised${f.function ? ` (${f.function})` : ''} in the workspace`;
      return [raised, link];
    });
  }
}
