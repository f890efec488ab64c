import { strict as assert } from 'node:assert';
import { parseStackText } from '../../../../src/source/stackText/parseStackText';
import { textFrameArgSchema } from '../../../../src/ui/stackTraces/textFrameArg';
import { fromTextFrameArg, toTextFrameArg } from '../../../../src/ui/stackTraces/textFrameArgConvert';

describe('frame links: the argument a link carries', () => {
  it('round-trips a parsed frame through JSON, as a command URI carries it', () => {
    const f = parseStackText('  File "/srv/app/x.py", line 3, in run\n    go()\n').frames[0]!;
    const arg = JSON.parse(JSON.stringify(toTextFrameArg(f)));
    const parsed = textFrameArgSchema.safeParse(arg);
    assert.ok(parsed.success);
    const back = fromTextFrameArg(parsed.data);
    assert.deepEqual([back.format, back.path, back.lineno, back.function, back.contextLine], ['python', '/srv/app/x.py', 3, 'run', 'go()']);
  });

  it('refuses anything else: unknown fields, unknown formats, bad numbers, huge strings', () => {
    const bad: unknown[] = [
      undefined,
      'x.py',
      [],
      { format: 'python' },
      { format: 'cobol', path: 'a' },
      { format: 'v8', path: '' },
      { format: 'v8', path: 'a.js', lineno: 0 },
      { format: 'v8', path: 'a.js', lineno: 1.5 },
      { format: 'v8', path: 'a.js', colno: -1 },
      { format: 'v8', path: 'a'.repeat(5000) },
      { format: 'v8', path: 'a.js', command: 'workbench.action.terminal.sendSequence' },
    ];
    for (const b of bad) assert.ok(!textFrameArgSchema.safeParse(b).success, JSON.stringify(b)?.slice(0, 80));
  });
});
