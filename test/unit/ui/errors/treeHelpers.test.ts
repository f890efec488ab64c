import { strict as assert } from 'node:assert';
import { ChangeBatcher } from '../../../../src/ui/errors/changeBatcher';
import { exceptionsRaisedFirst, frameSegments } from '../../../../src/ui/events/frameSegments';
import { NewErrorCounter } from '../../../../src/ui/errors/newErrorCounter';
import { relativeTime } from '../../../../src/ui/common/relativeTime';
import { stackRootSuggestion } from '../../../../src/ui/frames/stackRootSuggestion';

describe('tree helpers', () => {
  it('frameSegments: innermost first, library runs folded, single library frame kept', () => {
    const frames = [
      { function: 'main', inApp: true },
      { function: 'lib1', inApp: false },
      { function: 'lib2', inApp: false },
      { function: 'handler', inApp: true },
      { function: 'lib3', inApp: false },
    ];
    const segs = frameSegments(frames);
    assert.deepEqual(
      segs.map((s) => (s.kind === 'frame' ? `${s.frame.function}${s.inApp ? '' : '(lib)'}@${s.index}` : `lib[${s.frames.map((f) => f.index).join(',')}]`)),
      ['lib3(lib)@4', 'handler@3', 'lib[2,1]', 'main@0'],
    );
  });

  it('frameSegments: folds nothing when no frame is marked in-app', () => {
    const segs = frameSegments([{ function: 'a' }, { function: 'b', inApp: false }]);
    assert.deepEqual(segs.map((s) => s.kind), ['frame', 'frame']);
  });

  it('exceptionsRaisedFirst keeps the original index', () => {
    assert.deepEqual(exceptionsRaisedFirst(['cause', 'raised']), [
      { exception: 'raised', index: 1 },
      { exception: 'cause', index: 0 },
    ]);
  });

  it('relativeTime', () => {
    const now = Date.UTC(2026, 0, 10);
    assert.equal(relativeTime(now - 1000, now), 'just now');
    assert.equal(relativeTime(now - 30_000, now), '30 s ago');
    assert.equal(relativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.equal(relativeTime(now - 3 * 3600_000, now), '3 h ago');
    assert.equal(relativeTime(now - 2 * 86400_000, now), '2 d ago');
    assert.equal(relativeTime(Date.UTC(2025, 5, 1), now), '2025-06-01');
    assert.equal(relativeTime(now + 60_000, now), 'in the future');
  });

  it('NewErrorCounter counts and keeps the most severe level', () => {
    const c = new NewErrorCounter();
    c.add(['info', 'warning']);
    assert.equal(c.count, 2);
    assert.equal(c.highest, 'warning');
    c.add(['fatal', 'debug']);
    assert.equal(c.highest, 'fatal');
    c.reset();
    assert.equal(c.count, 0);
    assert.equal(c.highest, undefined);
  });

  it('ChangeBatcher merges a burst into one flush', () => {
    const timers: Array<() => void> = [];
    const flushes: Array<[string[], boolean]> = [];
    const b = new ChangeBatcher<string>(100, (keys, all) => flushes.push([[...keys].sort(), all]), {
      set: (fn) => timers.push(fn),
      clear: () => {},
    });
    b.add(['a']);
    b.add(['b', 'a']);
    b.add([], true);
    assert.equal(timers.length, 1, 'one timer for the burst');
    timers[0]!();
    assert.deepEqual(flushes, [[['a', 'b'], true]]);
    b.add(['c']);
    assert.equal(timers.length, 2);
    timers[1]!();
    assert.deepEqual(flushes[1], [['c'], false]);
  });

  it('stackRootSuggestion takes the directory of the recorded path', () => {
    assert.equal(stackRootSuggestion({ absPath: '/srv/app/src/handlers/user.py' }), '/srv/app/src/handlers/');
    assert.equal(stackRootSuggestion({ absPath: 'webpack://my-app/./src/App.tsx?abc' }), 'webpack://my-app/./src/');
    assert.equal(stackRootSuggestion({ filename: 'C:\\work\\app\\main.py' }), 'C:/work/app/');
    assert.equal(stackRootSuggestion({ filename: 'main.py' }), '');
  });
});
