import { dotnetFrame } from './dotnetFrames';
import { firefoxFrame } from './firefoxFrames';
import { goFrame } from './goFrames';
import { javaFrame } from './javaFrames';
import { phpFrame } from './phpFrames';
import { pythonFrame } from './pythonFrames';
import { rubyFrame } from './rubyFrames';
import type { TextFrame } from './textFrame';
import { v8Frame } from './v8Frames';

export interface ParsedStackText {
  /** Every frame found, in the order the text lists them (Node's excerpt merged into the frame it repeats). */
  frames: TextFrame[];
  /** How many lines the text has. */
  lineCount: number;
}

const LINE_BREAK = /\r\n|\r|\n/;

/**
 * Finds the stack frames printed in a text (a log, a paste, terminal output):
 * V8, Firefox/Safari, Python, JVM, Go, Ruby, PHP and .NET. Lines that are
 * none of those (messages, `Caused by:`, `... 5 more`) are left as text.
 */
export function parseStackText(text: string): ParsedStackText {
  const lines = text.split(LINE_BREAK);
  const frames: TextFrame[] = [];
  for (let i = 0; i < lines.length; i++) {
    const f = frameOnLine(lines, i);
    if (f) frames.push(f);
  }
  return { frames: mergeExcerpts(frames), lineCount: lines.length };
}

/** The frame on one line alone (a terminal line): no neighbours, so no Python source line or Go function name. */
export function parseStackLine(line: string): TextFrame | undefined {
  return frameOnLine([line], 0);
}

/** Each line is looked at by the parsers its first characters allow, so plain log lines cost a few character tests. */
export function frameOnLine(lines: readonly string[], i: number): TextFrame | undefined {
  const text = lines[i]!;
  if (text.length < 4) return undefined;
  let k = 0;
  while (k < text.length && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k++;
  const c = text[k];
  if (c === 'a' && text.startsWith('at ', k)) return dotnetFrame(lines, i) ?? javaFrame(lines, i) ?? v8Frame(lines, i);
  if (c === 'F' && text.startsWith('File "', k)) return pythonFrame(lines, i);
  if (k > 0 && text.charCodeAt(0) === 9 && text.includes('.go:')) {
    const go = goFrame(lines, i);
    if (go) return go;
  }
  if (c === '#') return phpFrame(lines, i);
  return (
    (text.includes(':in ') ? rubyFrame(lines, i) : undefined) ??
    (text.includes('  at ') ? v8Frame(lines, i) : undefined) ??
    (text.includes('@') ? firefoxFrame(lines, i) : undefined) ??
    (text.includes('.py:') ? pythonFrame(lines, i) : undefined) ??
    (text.includes('.php') || text.includes(' on line ') ? phpFrame(lines, i) : undefined) ??
    (k === 0 ? v8Frame(lines, i) : undefined)
  );
}

/**
 * Node prints the place that raised an uncaught error twice: in its excerpt
 * above the trace (`path:line`, the source line, carets) and as the top `at`
 * frame. The excerpt is merged into that frame, which takes its source line
 * (for moved-line recovery) and remembers where the excerpt is written
 * (`raisedAt`); an excerpt no frame repeats stays a frame of its own.
 */
function mergeExcerpts(frames: TextFrame[]): TextFrame[] {
  // Only an excerpt carries its source line among V8 frames (before this merge shares it).
  const excerpts = new Set(frames.filter((f) => f.format === 'v8' && f.contextLine !== undefined));
  const merged = new Set<TextFrame>();
  for (let k = 0; k < frames.length; k++) {
    const e = frames[k]!;
    if (!excerpts.has(e)) continue;
    for (let j = k + 1; j < frames.length && j <= k + 3; j++) {
      const f = frames[j]!;
      if (f.format === 'v8' && !excerpts.has(f) && f.path === e.path && f.lineno === e.lineno) {
        f.contextLine = e.contextLine;
        f.raisedAt = { line: e.line, start: e.start, end: e.end };
        merged.add(e);
        break;
      }
    }
  }
  return merged.size ? frames.filter((f) => !merged.has(f)) : frames;
}

/** Formats whose traces list the outermost call first (Python's "most recent call last"); the others list the innermost first. */
const OUTERMOST_FIRST: ReadonlySet<TextFrame['format']> = new Set(['python']);

/**
 * The frames innermost first within each trace, as the Errors tree lists an
 * event's frames; traces stay in the order the text has them. A trace is a
 * run of frames of one format with at most three lines between neighbours (a
 * Python frame's source and caret lines).
 */
export function innermostFirst(frames: readonly TextFrame[]): TextFrame[] {
  const out: TextFrame[] = [];
  let run: TextFrame[] = [];
  const flush = () => {
    if (run.length && OUTERMOST_FIRST.has(run[0]!.format)) run.reverse();
    out.push(...run);
    run = [];
  };
  for (const f of frames) {
    const prev = run[run.length - 1];
    if (prev && (prev.format !== f.format || f.line - prev.line > 3)) flush();
    run.push(f);
  }
  flush();
  return out;
}
