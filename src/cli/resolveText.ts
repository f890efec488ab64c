import { explainResolution } from '../source/resolver/explainResolution';
import type { FrameResolver } from '../source/resolver/frameResolver';
import { parseStackText } from '../source/stackText/parseStackText';
import { resolveStackText } from '../source/stackText/resolveStackText';
import type { CliIo, ExitCode } from './io';
import { type ResolvedFrameJson, toJson } from './resolvedFrameJson';

/** `resolve --text`: every frame printed in the text, resolved, in text order (JSON or explained). */
export async function printTextResolution(resolver: FrameResolver, text: string, io: CliIo, json: boolean): Promise<ExitCode> {
  const parsed = parseStackText(text.replace(/^\uFEFF/, ''));
  const resolved = await resolveStackText(resolver, parsed.frames);
  const out: ResolvedFrameJson[] = [];
  const lines: string[] = [];
  resolved.forEach(({ frame, view, resolution }, i) => {
    const o = toJson(null, i, view, resolution);
    o.text = {
      line: frame.line + 1,
      start: frame.start,
      end: frame.end,
      format: frame.format,
      ...(frame.raisedAt ? { raisedAt: { line: frame.raisedAt.line + 1, start: frame.raisedAt.start, end: frame.raisedAt.end } } : {}),
    };
    out.push(o);
    lines.push(`line ${frame.line + 1} (${frame.format}): ${explainResolution(view, resolution).replace(/\n/g, '\n  ')}`);
  });
  if (json) io.stdout(`${JSON.stringify(out, null, 2)}\n`);
  else if (lines.length) io.stdout(`${lines.join('\n')}\n`);
  if (out.length === 0) io.stderr(`sentry-lens resolve: no stack frames found in the text (${parsed.lineCount} line${parsed.lineCount === 1 ? '' : 's'})\n`);
  return 0;
}
