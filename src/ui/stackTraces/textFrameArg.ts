import { z } from 'zod';
import type { TextFrame } from '../../source/stackText/textFrame';

/**
 * The argument of `sentry.openTextFrame`, as a document link carries it in a
 * `command:` URI. Anything can put such a URI in front of a user, so it is
 * checked: only the fields of a frame, of bounded size.
 */
const text = (max: number) => z.string().min(1).max(max);
const position = z.number().int().positive().max(10_000_000);

export const textFrameArgSchema = z
  .object({
    format: z.enum(['v8', 'firefox', 'python', 'java', 'go', 'ruby', 'php', 'dotnet']),
    path: text(4096),
    lineno: position.optional(),
    colno: position.optional(),
    function: text(1024).optional(),
    module: text(1024).optional(),
    contextLine: z.string().max(4096).optional(),
    inApp: z.boolean().optional(),
  })
  .strict();

export type TextFrameArg = z.infer<typeof textFrameArgSchema>;

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
