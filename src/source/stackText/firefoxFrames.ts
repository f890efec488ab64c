import { type LineParser, frameAt, num } from './textFrame';

/** Firefox and Safari: `fn@url:line:col`, `@url:line:col`, `global code@url:line:col`. */
const FRAME = /^\s*([^@\s(][^@]*?)?@((?:[a-zA-Z][a-zA-Z0-9+.-]*:\/\/|\/).+?):(\d+)(?::(\d+))?\s*$/;

export const firefoxFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  if (!text.includes('@')) return undefined;
  const m = FRAME.exec(text);
  if (!m) return undefined;
  const fn = m[1]?.trim();
  const loc = `${m[2]}:${m[3]}${m[4] !== undefined ? `:${m[4]}` : ''}`;
  return frameAt('firefox', i, text, loc, text.indexOf('@') + 1, {
    path: m[2]!,
    lineno: num(m[3]),
    colno: num(m[4]),
    ...(fn && fn !== 'global code' ? { function: fn } : {}),
  });
};
