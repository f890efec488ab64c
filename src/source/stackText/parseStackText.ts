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
  /** Every frame found, in the order the text lists them. */
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
  shareExcerptLines(frames);
  return { frames, lineCount: lines.length };
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
 * Node prints the source line of the top frame only in its excerpt (`path:line`, source, carets):
 * the `at` frame at the same place below it gets that line too, for moved-line recovery.
 */
function shareExcerptLines(frames: TextFrame[]): void {
  for (let k = 0; k < frames.length; k++) {
    const e = frames[k]!;
    if (e.format !== 'v8' || e.contextLine === undefined) continue;
    for (let j = k + 1; j < frames.length && j <= k + 3; j++) {
      const f = frames[j]!;
      if (f.format === 'v8' && f.contextLine === undefined && f.path === e.path && f.lineno === e.lineno) {
        f.contextLine = e.contextLine;
        break;
      }
    }
  }
}
