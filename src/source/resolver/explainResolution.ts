import { type FrameView, frameLocation } from '../../sentry/event/eventView';
import type { Resolution } from './frameResolver';

/** Human text: the frame, every candidate tried (in order, with why it lost) and the one chosen. */
export function explainResolution(frame: FrameView, resolution: Resolution): string {
  const lines: string[] = [];
  const where = frame.absPath && frame.filename && frame.absPath !== frame.filename ? `${frameLocation(frame)} (abs_path ${frame.absPath})` : frameLocation(frame);
  lines.push(`frame: ${frame.function ? `${frame.function} at ` : ''}${where}${frame.module ? ` [module ${frame.module}]` : ''}`);
  if (resolution.candidates.length === 0) lines.push('  no candidates: no mapping matched and no workspace file has this name');
  for (const c of resolution.candidates) {
    const score = c.score !== undefined ? `, ${c.score} segment${c.score === 1 ? '' : 's'}` : '';
    const mark = c.chosen ? '  ✓ ' : '  ✗ ';
    lines.push(`${mark}${c.path} (${c.reason}${score})${c.chosen ? ' chosen' : c.rejected ? `: ${c.rejected}` : ''}`);
  }
  if (resolution.unlisted) lines.push(`  … and ${resolution.unlisted} more file${resolution.unlisted === 1 ? '' : 's'} with this name (fewer matching path segments or lost a tie-break)`);
  if (resolution.file) {
    const pos = `${resolution.line ?? '?'}${resolution.column !== undefined ? `:${resolution.column}` : ''}`;
    lines.push(`  -> ${resolution.file}:${pos}`);
  } else {
    lines.push('  -> no local file');
  }
  if (resolution.sourceMapped) {
    const g = resolution.sourceMapped;
    lines.push(`  source map: ${g.generatedFile}:${g.generatedLine}${g.generatedColumn !== undefined ? `:${g.generatedColumn}` : ''} -> ${resolution.file}:${resolution.line}:${resolution.column}`);
  }
  if (resolution.embeddedSource) {
    const e = resolution.embeddedSource;
    lines.push(`  original, from the source map's sourcesContent: ${e.source}:${e.line}:${e.column}: ${(e.text.split(/\r\n|\r|\n/)[e.line - 1] ?? '').trim()}`);
  }
  if (resolution.note) lines.push(`  note: ${resolution.note}`);
  if (resolution.warning) lines.push(`  warning: ${resolution.warning}`);
  return lines.join('\n');
}
