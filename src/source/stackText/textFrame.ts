import type { FrameView } from '../../sentry/event/eventView';
import { normalizeFramePath } from '../index/pathNormalize';

/** The runtimes whose printed stack traces the parser reads. */
export type StackFormat = 'v8' | 'firefox' | 'python' | 'java' | 'go' | 'ruby' | 'php' | 'dotnet';

/** One frame found in plain text, with where its location is written so a shell can make it a link. */
export interface TextFrame {
  format: StackFormat;
  /** 0-based index of the line of the text the location is on. */
  line: number;
  /** 0-based UTF-16 column where the location (`path:line:col`, `File "…", line N`, …) starts in that line. */
  start: number;
  /** 0-based UTF-16 column just after the location. */
  end: number;
  /** The path or URL as printed. */
  path: string;
  /** 1-based line, as printed. */
  lineno?: number;
  /** 1-based column, as printed. */
  colno?: number;
  function?: string;
  /** The class (JVM, .NET) or package the frame names, to choose between same-named files. */
  module?: string;
  /** The source line the runtime printed with the frame (Python, Node's excerpt), for moved-line recovery. */
  contextLine?: string;
  /** An `async` frame (V8). */
  async?: boolean;
  /** False for frames of libraries and the runtime itself; undefined when the text does not say. */
  inApp?: boolean;
  /**
   * The frame raised the error and the runtime also printed its place above the
   * trace (Node's `path:line` excerpt): where that copy is written, so a shell
   * can make it a link too. The excerpt is not a frame of its own.
   */
  raisedAt?: { line: number; start: number; end: number };
}

/** A parser for one format: looks at line `i` (with its neighbours) and returns the frame written there, if any. */
export type LineParser = (lines: readonly string[], i: number) => TextFrame | undefined;

/** The Sentry platform a format's frames come from (it steers module matching in the resolver). */
export const PLATFORM_OF: Record<StackFormat, string> = {
  v8: 'node',
  firefox: 'javascript',
  python: 'python',
  java: 'java',
  go: 'go',
  ruby: 'ruby',
  php: 'php',
  dotnet: 'csharp',
};

const ABSOLUTE = /^(?:\/|[a-zA-Z]:[\\/]|\\\\|[a-zA-Z][a-zA-Z0-9+.-]*:\/\/)/;
const VENDORED = /[\\/](?:node_modules|site-packages|dist-packages|vendor[\\/]bundle|gems)[\\/]/;

/** The frame as the resolver takes event frames: an absolute path or URL as `absPath`, a relative one as `filename`. */
export function toFrameView(f: TextFrame): FrameView {
  const v: FrameView = ABSOLUTE.test(f.path) ? { absPath: f.path } : { filename: f.path };
  if (f.lineno !== undefined) v.lineno = f.lineno;
  if (f.colno !== undefined) v.colno = f.colno;
  if (f.function !== undefined) v.function = f.function;
  if (f.module !== undefined) v.module = f.module;
  if (f.contextLine !== undefined) v.contextLine = f.contextLine;
  const inApp = f.inApp ?? (VENDORED.test(f.path) ? false : undefined);
  if (inApp !== undefined) v.inApp = inApp;
  v.platform = PLATFORM_OF[f.format];
  return v;
}

/** Builds a frame whose location is `loc`, found in `text` at or after `from`. */
export function frameAt(format: StackFormat, i: number, text: string, loc: string, from: number, fields: Omit<TextFrame, 'format' | 'line' | 'start' | 'end'>): TextFrame {
  const at = text.indexOf(loc, from);
  const start = at < 0 ? from : at;
  const out: TextFrame = { format, line: i, start, end: start + loc.length, path: fields.path };
  if (fields.lineno !== undefined) out.lineno = fields.lineno;
  if (fields.colno !== undefined) out.colno = fields.colno;
  if (fields.function) out.function = fields.function;
  if (fields.module) out.module = fields.module;
  if (fields.contextLine !== undefined) out.contextLine = fields.contextLine;
  if (fields.async) out.async = true;
  if (fields.inApp !== undefined) out.inApp = fields.inApp;
  return out;
}

/** A positive integer from printed digits, or undefined. */
export function num(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** A frame inside the runtime itself (`node:internal/…`, `<frozen runpy>`, `<internal:kernel>`): no file to open. */
export function isRuntimeFrame(f: TextFrame): boolean {
  return normalizeFramePath(f.path).internal;
}
