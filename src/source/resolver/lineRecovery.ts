/**
 * Checks a frame's recorded source line against the local file and, when the
 * file changed since the event, finds where that line went.
 */

export interface LineContext {
  lineno?: number;
  contextLine?: string;
  preContext?: string[];
  postContext?: string[];
}

export interface RecoveredLine {
  line: number | undefined;
  /** The recorded line, when the context line was found elsewhere. */
  movedFrom?: number;
  note?: string;
  warning?: string;
}

/** How far (in lines, each way) to look for a context line that moved. */
export const DEFAULT_SEARCH_WINDOW = 20;

/** `lines` are the local file's lines (index 0 = line 1). */
export function recoverLine(lines: readonly string[], frame: LineContext, window = DEFAULT_SEARCH_WINDOW): RecoveredLine {
  const recorded = frame.lineno;
  if (recorded === undefined) return { line: undefined };
  if (frame.contextLine === undefined) {
    return recorded > lines.length
      ? { line: recorded, warning: `line ${recorded} is past the end of the local file (${lines.length} lines); the file changed since this event` }
      : { line: recorded };
  }
  const want = frame.contextLine.trim();
  if (sameLine(lines[recorded - 1], want)) return { line: recorded };

  let best: { line: number; score: number; distance: number } | undefined;
  const from = Math.max(1, recorded - window);
  const to = Math.min(lines.length, recorded + window);
  for (let n = from; n <= to; n++) {
    if (n === recorded || !sameLine(lines[n - 1], want)) continue;
    const score = contextScore(lines, n, frame);
    const distance = Math.abs(n - recorded);
    if (!best || score > best.score || (score === best.score && distance < best.distance)) best = { line: n, score, distance };
  }
  if (best) {
    return { line: best.line, movedFrom: recorded, note: `the file changed since this event: line ${recorded} is now ${best.line}` };
  }
  const shown = want.length > 80 ? `${want.slice(0, 79)}…` : want;
  return {
    line: recorded,
    warning:
      recorded > lines.length
        ? `line ${recorded} is past the end of the local file (${lines.length} lines) and "${shown}" is not within ${window} lines; the file changed since this event`
        : `the local line ${recorded} differs from the event's ("${shown}") and it is not within ${window} lines; the file changed since this event`,
  };
}

/** Sentry trims long context lines and marks the cut with `{snip}`; compare what is left. */
function sameLine(local: string | undefined, want: string): boolean {
  if (local === undefined) return false;
  const l = local.trim();
  if (l === want) return true;
  if (!want.includes('{snip}')) return false;
  // Text before the first {snip} starts the line, text after the last ends it, the pieces between appear in order.
  const parts = want.split('{snip}').map((p) => p.trim());
  const head = parts[0]!;
  const tail = parts[parts.length - 1]!;
  if (!l.startsWith(head) || !l.endsWith(tail)) return false;
  let at = head.length;
  for (const part of parts.slice(1, -1)) {
    if (!part) continue;
    const i = l.indexOf(part, at);
    if (i < 0) return false;
    at = i + part.length;
  }
  return at <= l.length - tail.length;
}

/** How many of the surrounding recorded lines agree around candidate line `n`. */
function contextScore(lines: readonly string[], n: number, frame: LineContext): number {
  let score = 0;
  const pre = frame.preContext ?? [];
  for (let k = 0; k < pre.length; k++) {
    const local = lines[n - 1 - (pre.length - k)];
    if (sameLine(local, pre[k]!.trim())) score++;
  }
  const post = frame.postContext ?? [];
  for (let k = 0; k < post.length; k++) {
    if (sameLine(lines[n + k], post[k]!.trim())) score++;
  }
  return score;
}
