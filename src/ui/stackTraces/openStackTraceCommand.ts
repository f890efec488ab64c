import * as vscode from 'vscode';
import { innermostFirst, parseStackText } from '../../source/stackText/parseStackText';
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

interface FrameItem extends vscode.QuickPickItem {
  frame: TextFrame;
}

const AS_PRINTED: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-flat'), tooltip: 'Show the frames as the text prints them' };
const INNERMOST: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-ordered'), tooltip: 'Show the frames innermost first' };

/**
 * The frames to pick from, innermost first within each trace as the Errors
 * tree lists an event's frames (a Python traceback prints them the other way
 * round); the title bar's button switches to the text's own order and back.
 */
async function pickFrame(frames: TextFrame[], opener: TextFrameOpener): Promise<void> {
  const item = (f: TextFrame): FrameItem => ({
    label: f.function ?? '<anonymous>',
    description: `${f.path}${f.lineno !== undefined ? `:${f.lineno}` : ''}${f.colno !== undefined ? `:${f.colno}` : ''}`,
    ...(f.inApp === false ? { detail: 'library or runtime' } : f.raisedAt ? { detail: 'raised the error' } : {}),
    frame: f,
  });
  const orders = { innermost: innermostFirst(frames).map(item), printed: frames.map(item) };
  const qp = vscode.window.createQuickPick<FrameItem>();
  qp.title = 'Open Stack Trace';
  qp.matchOnDescription = true;
  let order: 'innermost' | 'printed' = 'innermost';
  const show = () => {
    qp.items = orders[order];
    qp.buttons = [order === 'innermost' ? AS_PRINTED : INNERMOST];
    qp.placeholder = `${frames.length} frame${frames.length === 1 ? '' : 's'}, ${order === 'innermost' ? 'innermost first' : 'as printed'}: pick one to open`;
  };
  show();
  const picked = await new Promise<FrameItem | undefined>((resolve) => {
    qp.onDidTriggerButton(() => {
      order = order === 'innermost' ? 'printed' : 'innermost';
      show();
    });
    qp.onDidAccept(() => resolve(qp.selectedItems[0] ?? qp.activeItems[0]));
    qp.onDidHide(() => resolve(undefined));
    qp.show();
  });
  qp.dispose();
  if (picked) await opener.open(picked.frame);
}
