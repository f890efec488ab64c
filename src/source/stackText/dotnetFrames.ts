import { type LineParser, frameAt, num } from './textFrame';

/** .NET: `   at Ns.Class.Method(Args a) in /src/App/File.cs:line 42` (frames without ` in …` have no file). */
const FRAME = /^\s*at\s+(.+?)\(.*?\) in (.+?):line (\d+)\s*$/;

export const dotnetFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  if (!text.includes(':line ')) return undefined;
  const m = FRAME.exec(text);
  if (!m) return undefined;
  const qualified = m[1]!;
  const dot = qualified.lastIndexOf('.');
  const loc = `${m[2]}:line ${m[3]}`;
  return frameAt('dotnet', i, text, loc, text.lastIndexOf(' in ') + 4, {
    path: m[2]!,
    lineno: num(m[3]),
    function: dot > 0 ? qualified.slice(dot + 1) : qualified,
    ...(dot > 0 ? { module: qualified.slice(0, dot) } : {}),
  });
};
