import * as vscode from 'vscode';
import { parseStackText } from '../../source/stackText/parseStackText';
import type { TextFrame } from '../../source/stackText/textFrame';
import type { StackTraceDocuments } from './stackTraceDocuments';
import type { TextFrameOpener } from './textFrameOpener';

/** The largest text taken (a long log is fine; a whole disk image is not). */
const MAX_TEXT = 5 * 1024 * 1024;

/**
 * "Sentry: Open Stack Trace…": takes the text given to the command, else the
 * selection of the active editor when it holds frames, else the clipboard when
 * it does, else asks for a paste; opens it as a read-only document whose frames
 * are links, and offers its frames in a quick pick.
 */
export function openStackTraceCommand(docs: StackTraceDocuments, opener: TextFrameOpener): (arg?: unknown) => Promise<void> {
  return async (arg?: unknown) => {
    const text = await sourceText(arg);
    if (text === undefined) return;
    if (text.length > MAX_TEXT) {
      void vscode.window.showWarningMessage(`Sentry: the text is too long to open as a stack trace (${Math.round(text.length / 1024 / 1024)} MB; at most 5 MB).`);
      return;
    }
    const { frames } = parseStackText(text);
    if (frames.length === 0) {
      void vscode.window.showInformationMessage('Sentry: no stack frames found in that text. Copy a stack trace (Node, browsers, Python, Java, Go, Ruby, PHP or .NET) and try again.');
      return;
    }
    const uri = docs.add(text);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    await pickFrame(frames, opener);
  };
}

async function sourceText(arg: unknown): Promise<string | undefined> {
  if (typeof arg === 'string' && arg.trim()) return arg;
  const editor = vscode.window.activeTextEditor;
  const selected = editor && !editor.selection.isEmpty ? editor.document.getText(editor.selection) : '';
  if (selected && parseStackText(selected).frames.length) return selected;
  const clip = await vscode.env.clipboard.readText();
  if (clip.length <= MAX_TEXT && parseStackText(clip).frames.length) return clip;
  const pasted = await vscode.window.showInputBox({
    title: 'Open Stack Trace',
    prompt: 'Paste a stack trace (or copy it and run the command again: the clipboard is read first)',
    placeHolder: 'at handler (/srv/app/src/index.js:12:5)',
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() && parseStackText(v).frames.length === 0 ? 'No stack frame in this text' : undefined),
  });
  return pasted?.trim() ? pasted : undefined;
}

async function pickFrame(frames: TextFrame[], opener: TextFrameOpener): Promise<void> {
  const items = frames.map((f) => ({
    label: f.function ?? '<anonymous>',
    description: `${f.path}${f.lineno !== undefined ? `:${f.lineno}` : ''}${f.colno !== undefined ? `:${f.colno}` : ''}`,
    detail: f.inApp === false ? 'library or runtime' : undefined,
    frame: f,
  }));
  const pick = await vscode.window.showQuickPick(items, { title: 'Open Stack Trace', placeHolder: `${frames.length} frame${frames.length === 1 ? '' : 's'}: pick one to open`, matchOnDescription: true });
  if (pick) await opener.open(pick.frame);
}
