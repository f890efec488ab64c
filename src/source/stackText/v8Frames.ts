import { type LineParser, type TextFrame, frameAt, num } from './textFrame';

/**
 * V8 (Node, Chrome, Deno, Bun): `    at fn (path:line:col)`, `    at path:line:col`,
 * `    at async fn (…)`, `    at new Foo (…)`, eval frames; and the excerpt Node prints
 * above an uncaught error (`path:line`, the source line, a caret line).
 */
const WITH_FUNCTION = /^(.*?) \((.+)\)\s*$/;
const LOCATION = /^(.+?):(\d+)(?::(\d+))?$/;
const EVAL_INNER = /\((\S.*?):(\d+):(\d+)\)/;
const EXCERPT_HEADER = /^((?:\/|file:\/\/|[a-zA-Z]:\\).*?):(\d+)$/;
const CARET = /^\s*\^+\s*$/;
const NOT_A_PATH = /^(?:native|<anonymous>|index \d+|unknown location)$/;

export const v8Frame: LineParser = (lines, i) => {
  const text = lines[i]!;
  const at = atOffset(text);
  if (at < 0) return excerpt(lines, i);
  const rest = text.slice(at + 3).trimEnd();
  let fn: string | undefined;
  let loc = rest;
  const wf = WITH_FUNCTION.exec(rest);
  if (wf) {
    fn = wf[1]!;
    loc = wf[2]!;
  }
  if (NOT_A_PATH.test(loc)) return undefined;
  if (loc.startsWith('eval at ')) {
    // `eval at fn (path:l:c), <anonymous>:1:1`: the place of the eval call is the one in the workspace.
    const inner = EVAL_INNER.exec(loc);
    if (!inner) return undefined;
    loc = `${inner[1]}:${inner[2]}:${inner[3]}`;
  }
  const m = LOCATION.exec(loc);
  if (!m || m[1]!.includes(' (')) return undefined;
  let isAsync = false;
  if (fn?.startsWith('async ')) {
    isAsync = true;
    fn = fn.slice(6);
  }
  const path = m[1]!;
  const internal = path.startsWith('node:') || path.startsWith('internal/') || path.startsWith('<');
  return frameAt('v8', i, text, loc, at, {
    path,
    lineno: num(m[2]),
    colno: num(m[3]),
    ...(fn ? { function: fn } : {}),
    ...(isAsync ? { async: true } : {}),
    ...(internal ? { inApp: false } : {}),
  });
};

/** Where `at ` starts a V8 frame: first thing on the line, or after a log prefix and at least two spaces. */
function atOffset(text: string): number {
  let k = 0;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
  if (text.startsWith('at ', k)) return k;
  const j = text.indexOf('  at ');
  return j >= 0 ? j + 2 : -1;
}

/** Node's excerpt above an uncaught error: `/path/app.js:3`, then the source line, then carets under it. */
function excerpt(lines: readonly string[], i: number): TextFrame | undefined {
  const text = lines[i]!;
  const c = text.charCodeAt(text.length - 1);
  if (c < 48 || c > 57) return undefined;
  const m = EXCERPT_HEADER.exec(text);
  if (!m) return undefined;
  const source = lines[i + 1];
  const caret = lines[i + 2];
  if (source === undefined || caret === undefined || !CARET.test(caret)) return undefined;
  const col = caret.indexOf('^') + 1;
  return frameAt('v8', i, text, text, 0, { path: m[1]!, lineno: num(m[2]), colno: col > 0 ? col : undefined, contextLine: source });
}
