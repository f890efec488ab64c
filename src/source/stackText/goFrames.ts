import { type LineParser, frameAt, num } from './textFrame';

/**
 * Go panics and runtime/debug.Stack(): a function line (`main.divide(...)`,
 * `github.com/x/y.(*T).M(0x1)`), then the file under it, tab-indented: `\t/path/x.go:12 +0x1d`.
 */
const LOCATION = /^\t(.+?\.(?:go|s)):(\d+)(?: \+0x[0-9a-fA-F]+)?\s*$/;
const CREATED_BY = /^created by (.+?)(?: in goroutine \d+)?$/;
const ARGS = /\([^()]*\)$/;

export const goFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  if (text.charCodeAt(0) !== 9) return undefined;
  const m = LOCATION.exec(text);
  if (!m) return undefined;
  const prev = lines[i - 1];
  const qualified = prev !== undefined && !prev.startsWith('\t') ? functionOf(prev.trim()) : undefined;
  const path = m[1]!;
  const loc = `${path}:${m[2]}`;
  const runtime = /\/(?:go|golang)\/src\/(?:runtime|internal|testing|net|reflect)\//.test(path) || qualified?.startsWith('runtime.') === true;
  return frameAt('go', i, text, loc, 1, {
    path,
    lineno: num(m[2]),
    ...(qualified ? goNames(qualified) : {}),
    ...(runtime ? { inApp: false } : {}),
  });
};

/** The function a Go function line names: `created by x.f in goroutine 1` or `x.f(0x1, ...)`, without the arguments. */
function functionOf(line: string): string | undefined {
  const created = CREATED_BY.exec(line);
  const name = created ? created[1]! : line.replace(ARGS, '');
  return name && !name.includes(' ') ? name : undefined;
}

/** `github.com/acme/shop/cart.(*Cart).Add` -> module `github.com/acme/shop/cart`, function `(*Cart).Add`. */
function goNames(qualified: string): { function: string; module?: string } {
  const slash = qualified.lastIndexOf('/');
  const dot = qualified.indexOf('.', slash + 1);
  if (dot < 0) return { function: qualified };
  return { function: qualified.slice(dot + 1), module: qualified.slice(0, dot) };
}
