import { type LineParser, frameAt, num } from './textFrame';

/** Ruby: `/app/models/user.rb:10:in 'User#save'` (3.4) or `` `save' `` (older), with `from ` on the lines after the first. */
const FRAME = /^\s*(?:from\s+)?(\S+?):(\d+):in [`'](.*?)'/;

export const rubyFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  if (!text.includes(':in ')) return undefined;
  const m = FRAME.exec(text);
  if (!m) return undefined;
  const path = m[1]!;
  const loc = `${path}:${m[2]}`;
  const fn = m[3]!.replace(/^block (?:\(\d+ levels\) )?in /, '');
  return frameAt('ruby', i, text, loc, 0, {
    path,
    lineno: num(m[2]),
    ...(fn ? { function: fn } : {}),
    ...(path.startsWith('<internal:') ? { inApp: false } : {}),
  });
};
