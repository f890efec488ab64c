import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { FrameResolver } from '../../../../src/source/resolver/frameResolver';
import { parseStackText } from '../../../../src/source/stackText/parseStackText';
import { resolveStackText } from '../../../../src/source/stackText/resolveStackText';
import { makeTree, removeTree } from '../tempTree';

describe('stack text: resolveStackText', () => {
  let root: string | undefined;
  after(() => removeTree(root));

  it('resolves every frame in text order; repeated frames share one resolution, as separate copies', async () => {
    root = makeTree({ 'svc/src/a.js': 'one\ntwo\nthree\n', 'svc/src/b.py': 'def f():\n    raise ValueError()\n' });
    const resolver = new FrameResolver({ roots: [root], mappings: [] });
    await resolver.buildIndex();
    let calls = 0;
    const counting = {
      resolveMany: (frames: Parameters<FrameResolver['resolveMany']>[0], opts?: Parameters<FrameResolver['resolveMany']>[1]) => {
        calls += frames.length;
        return resolver.resolveMany(frames, opts);
      },
    };
    const text = [
      'Error: x',
      '    at go (/app/src/a.js:2:1)',
      '    at go (/app/src/a.js:2:1)',
      'Traceback (most recent call last):',
      '  File "/srv/src/b.py", line 2, in f',
      '    raise ValueError()',
      '    at other (/app/src/missing.js:1:1)',
    ].join('\n');
    const out = await resolveStackText(counting, parseStackText(text).frames);
    assert.equal(calls, 3, 'the repeated frame is resolved once');
    assert.deepEqual(
      out.map((r) => [r.frame.line, r.resolution.file, r.resolution.line]),
      [
        [1, join(root, 'svc/src/a.js'), 2],
        [2, join(root, 'svc/src/a.js'), 2],
        [4, join(root, 'svc/src/b.py'), 2],
        [6, null, 1],
      ],
    );
    assert.notEqual(out[0]!.resolution, out[1]!.resolution);
    const before = JSON.stringify(out[0]!.resolution);
    for (const c of out[1]!.resolution.candidates) c.chosen = !c.chosen;
    assert.equal(JSON.stringify(out[0]!.resolution), before);
    assert.equal(out[2]!.view.platform, 'python');
  });
});
