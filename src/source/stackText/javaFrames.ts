import { type LineParser, frameAt, num } from './textFrame';

/**
 * JVM (Java, Kotlin, Scala, Groovy): `\tat pkg.Class.method(File.java:N)`, with an optional
 * module or class-loader prefix (`java.base/…`, `app//…`) and a trailing jar note
 * (`~[app.jar:?]`). `Caused by:` and `... N more` are plain text between traces.
 */
const FRAME = /^\s*at\s+(?:[\w.$-]*\/\/?)?([\w$.<>-]+)\.([\w$<>-]+)\(([^():]+):(\d+)\)/;
const LIBRARY = /^(?:java|javax|jdk|sun|com\.sun|kotlin|kotlinx|scala|groovy|org\.junit|org\.springframework|org\.apache)\./;

export const javaFrame: LineParser = (lines, i) => {
  const text = lines[i]!;
  const m = FRAME.exec(text);
  if (!m) return undefined;
  const cls = m[1]!;
  const file = m[3]!;
  const loc = `${file}:${m[4]}`;
  return frameAt('java', i, text, loc, text.indexOf('('), {
    path: file,
    lineno: num(m[4]),
    function: m[2]!,
    module: cls,
    ...(LIBRARY.test(cls) ? { inApp: false } : {}),
  });
};
