import { type LineParser, frameAt, num } from './textFrame';

/**
 * Python tracebacks: `  File "path", line N, in fn` with the source line printed under it
 * (chained tracebacks are more of the same), and pytest's `path.py:N: in fn` lines.
 */
const FILE_LINE = /^(\s*)File "([^"]+)", line (\d+)(?:, in (.+?))?\s*$/;
const PYTEST = /^(\S+\.py):(\d+): ?(?:in (\S+)|\w+|$)/;
const MARKERS = /^\s*[\^~]+\s*$/;

export const pythonFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  const m = FILE_LINE.exec(text);
  if (!m) return pytestFrame(lines, i);
  const path = m[2]!;
  const indent = m[1]!.length;
  // The source line follows, indented deeper; it is absent for frames without source (<frozen …>, <stdin>).
  const next = lines[i + 1];
  let contextLine: string | undefined;
  if (next !== undefined && leading(next) > indent && !next.trimStart().startsWith('File "') && !MARKERS.test(next) && next.trim() !== '') {
    contextLine = next.trim();
  }
  const loc = `File "${path}", line ${m[3]}`;
  const internal = path.startsWith('<');
  return frameAt('python', i, text, loc, indent, {
    path,
    lineno: num(m[3]),
    ...(m[4] ? { function: m[4] } : {}),
    ...(contextLine !== undefined ? { contextLine } : {}),
    ...(internal ? { inApp: false } : {}),
  });
};

function pytestFrame(lines: readonly string[], i: number) {
  const text = lines[i]!;
  if (!text.includes('.py:')) return undefined;
  const m = PYTEST.exec(text);
  if (!m) return undefined;
  const loc = `${m[1]}:${m[2]}`;
  return frameAt('python', i, text, loc, 0, { path: m[1]!, lineno: num(m[2]), ...(m[3] ? { function: m[3] } : {}) });
}

function leading(s: string): number {
  let k = 0;
  while (k < s.length && (s[k] === ' ' || s[k] === '\t')) k++;
  return k;
}
