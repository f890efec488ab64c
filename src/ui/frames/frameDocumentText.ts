import type { FrameView } from '../../sentry/event/eventView';

/**
 * The text of the read-only document shown for a frame with no local file: a
 * short header, then the context lines the event carried, numbered as in the
 * original file. Returns the text and the 0-based line of the frame's own line.
 */
export function frameDocumentText(frame: FrameView, reason: string): { text: string; line: number } {
  const path = frame.absPath ?? frame.filename ?? frame.module ?? '<unknown file>';
  const c = /\.(py|rb|sh|pl|r|ex|exs|ya?ml|toml)$/i.test(path.replace(/[?#].*$/, '')) ? '#' : '//';
  const header = [
    `${c} ${path}${frame.lineno !== undefined ? `:${frame.lineno}` : ''}${frame.colno !== undefined ? `:${frame.colno}` : ''}${frame.function ? ` in ${frame.function}` : ''}`,
    `${c} ${reason}`,
    '',
  ];
  if (frame.contextLine === undefined) {
    return { text: [...header, '(the event carries no source lines for this frame)', ''].join('\n'), line: header.length };
  }
  const pre = frame.preContext ?? [];
  const post = frame.postContext ?? [];
  const first = frame.lineno !== undefined ? frame.lineno - pre.length : 1;
  const all = [...pre, frame.contextLine, ...post];
  const width = String(first + all.length).length;
  const lines = all.map((t, i) => `${String(first + i).padStart(width)}${i === pre.length ? ' >' : '  '} ${t}`);
  return { text: [...header, ...lines, ''].join('\n'), line: header.length + pre.length };
}
