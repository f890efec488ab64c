import type { TextFrame } from '../../source/stackText/textFrame';
import type { TextFrameArg } from './textFrameArg';

// Kept apart from the schema (textFrameArg.ts) so that making links does not
// load zod at activation; the schema loads when a link is followed.

/** What a link carries of a frame (no position in the text: the link is that position). */
export function toTextFrameArg(f: TextFrame): TextFrameArg {
  const a: TextFrameArg = { format: f.format, path: f.path };
  if (f.lineno !== undefined) a.lineno = f.lineno;
  if (f.colno !== undefined) a.colno = f.colno;
  if (f.function !== undefined) a.function = f.function;
  if (f.module !== undefined) a.module = f.module;
  if (f.contextLine !== undefined) a.contextLine = f.contextLine;
  if (f.inApp !== undefined) a.inApp = f.inApp;
  return a;
}

/** Back to a frame (at no place in any text). */
export function fromTextFrameArg(a: TextFrameArg): TextFrame {
  return { ...a, line: 0, start: 0, end: 0 } as TextFrame;
}
