import type { FrameView } from '../../sentry/event/eventView';
import type { FrameOrigin } from '../events/errorNodes';

/** What a document of a frame's lines shows, said as what it is: the event's context lines, or the line a printed trace gave. */
export function frameLinesSource(origin: FrameOrigin | undefined): string {
  return origin === 'text' ? 'the source line printed in the stack trace' : "the event's context lines";
}

/**
 * The text of the read-only document shown for a frame with no local file: a
 * short header, then the context lines the event carried (or the source line a
 * printed trace gave), numbered as in the original file. Returns the text and
 * the 0-based line of the frame's own line.
 */
export function frameDocumentText(frame: FrameView, reason: string, origin?: FrameOrigin): { text: string; line: number } {
  const path = frame.absPath ?? frame.filename ?? frame.module ?? '<unknown file>';
  const c = /\.(py|rb|sh|pl|r|ex|exs|ya?ml|toml)$/i.test(path.replace(/[?#].*$/, '')) ? '#' : '//';
  const header = [
    `${c} ${path}${frame.lineno !== undefined ? `:${frame.lineno}` : ''}${frame.colno !== undefined ? `:${frame.colno}` : ''}${frame.function ? ` in ${frame.function}` : ''}`,
    `${c} ${reason}`,
    '',
  ];
  if (frame.contextLine === undefined) {
    const none = origin === 'text' ? '(the stack trace prints no source line for this frame)' : '(the event carries no source lines for this frame)';
    return { text: [...header, none, ''].join('\n'), line: header.length };
  }
  const pre = frame.preContext ?? [];
  const post = frame.postContext ?? [];
  const first = frame.lineno !== undefined ? frame.lineno - pre.length : 1;
  const all = [...pre, frame.contextLine, ...post];
  const width = String(first + all.length).length;
  const lines = all.map((t, i) => `${String(first + i).padStart(width)}${i === pre.length ? ' >' : '  '} ${t}`);
  return { text: [...header, ...lines, ''].join('\n'), line: header.length + pre.length };
}
