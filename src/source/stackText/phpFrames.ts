import { type LineParser, frameAt, num } from './textFrame';

/**
 * PHP: the trace lines `#0 /var/www/src/Foo.php(42): App\Foo->bar()`, and where the error
 * was raised: `… in /var/www/src/Foo.php:42` and `thrown in /var/www/src/Foo.php on line 42`.
 */
const TRACE = /^\s*#\d+ (.+?)\((\d+)\): (.*?)\s*$/;
const RAISED = / in ((?:\/|[a-zA-Z]:\\)\S+?\.(?:php|phtml|inc)):(\d+)\s*$/;
const THROWN = / in ((?:\/|[a-zA-Z]:\\)\S+?) on line (\d+)\s*$/;

export const phpFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  const t = text.includes('#') ? TRACE.exec(text) : null;
  if (t) {
    const loc = `${t[1]}(${t[2]})`;
    const call = t[3]!.replace(/\(.*$/, '');
    const sep = Math.max(call.lastIndexOf('->'), call.lastIndexOf('::'));
    return frameAt('php', i, text, loc, text.indexOf('#'), {
      path: t[1]!,
      lineno: num(t[2]),
      ...(call ? { function: sep >= 0 ? call.slice(sep + 2) : call } : {}),
      ...(sep >= 0 ? { module: call.slice(0, sep) } : {}),
      ...(t[1]!.includes('/vendor/') ? { inApp: false } : {}),
    });
  }
  if (!text.includes('.php') && !text.includes(' on line ')) return undefined;
  const r = RAISED.exec(text);
  if (r) return frameAt('php', i, text, `${r[1]}:${r[2]}`, 0, { path: r[1]!, lineno: num(r[2]) });
  const th = THROWN.exec(text);
  if (th) return frameAt('php', i, text, `${th[1]} on line ${th[2]}`, 0, { path: th[1]!, lineno: num(th[2]) });
  return undefined;
};
