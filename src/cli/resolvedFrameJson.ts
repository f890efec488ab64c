import type { FrameView } from '../sentry/event/eventView';
import type { Resolution } from '../source/resolver/frameResolver';

/** One line of the --json output. */
export interface ResolvedFrameJson {
  /** Index of the exception in the event (null for a message's stack trace and for --text). */
  exception: number | null;
  /** Index of the frame in its stack trace (outermost first, as in the event); with --text, in the text. */
  frame: number;
  /**
   * With --text: where the frame is written (1-based line of the text, 0-based columns) and in which runtime's format;
   * `raisedAt`: the frame raised the error and the runtime printed its place above the trace too (Node's excerpt), there.
   */
  text?: { line: number; start: number; end: number; format: string; raisedAt?: { line: number; start: number; end: number } };
  function?: string;
  filename?: string;
  absPath?: string;
  module?: string;
  lineno?: number;
  colno?: number;
  inApp?: boolean;
  file: string | null;
  line: number | null;
  column: number | null;
  candidates: Resolution['candidates'];
  /** More files with the frame's name than `candidates` lists. */
  unlisted?: number;
  movedFrom?: number;
  note?: string;
  warning?: string;
  sourceMapped?: Resolution['sourceMapped'];
  /** The original the source map leads to when it is not a local file but the map embeds its text: where, and that line's text. */
  embeddedSource?: { source: string; line: number; column: number; lineText: string };
}

export function toJson(exception: number | null, index: number, f: FrameView, r: Resolution): ResolvedFrameJson {
  const o: ResolvedFrameJson = { exception, frame: index, file: r.file, line: r.line ?? null, column: r.column ?? null, candidates: r.candidates };
  if (f.function !== undefined) o.function = f.function;
  if (f.filename !== undefined) o.filename = f.filename;
  if (f.absPath !== undefined) o.absPath = f.absPath;
  if (f.module !== undefined) o.module = f.module;
  if (f.lineno !== undefined) o.lineno = f.lineno;
  if (f.colno !== undefined) o.colno = f.colno;
  if (f.inApp !== undefined) o.inApp = f.inApp;
  if (r.unlisted) o.unlisted = r.unlisted;
  if (r.movedFrom !== undefined) o.movedFrom = r.movedFrom;
  if (r.note) o.note = r.note;
  if (r.warning) o.warning = r.warning;
  if (r.sourceMapped) o.sourceMapped = r.sourceMapped;
  if (r.embeddedSource) {
    const { source, line, column, text } = r.embeddedSource;
    o.embeddedSource = { source, line, column, lineText: text.split(/\r\n|\r|\n/)[line - 1] ?? '' };
  }
  return o;
}
