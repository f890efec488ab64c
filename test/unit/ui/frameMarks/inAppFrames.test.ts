import { strict as assert } from 'node:assert';
import { viewEvent } from '../../../../src/sentry/event/eventView';
import { MAX_FRAMES_PER_EVENT, inAppFrames, stepIndex } from '../../../../src/ui/frameMarks/inAppFrames';

describe('frame marks: the frames of an event that are marked and stepped through', () => {
  it('takes in-app frames only, innermost first, the raised exception before its causes', () => {
    const view = viewEvent({
      exception: {
        values: [
          { type: 'Cause', stacktrace: { frames: [{ filename: 'a.py', lineno: 1, in_app: true }, { filename: 'b.py', lineno: 2, in_app: true }] } },
          {
            type: 'Raised',
            stacktrace: { frames: [{ filename: 'lib.py', lineno: 9, in_app: false }, { filename: 'c.py', lineno: 3, in_app: true }, { filename: 'd.py', lineno: 4, in_app: true }] },
          },
        ],
      },
    });
    assert.deepEqual(
      inAppFrames(view).map((f) => f.filename),
      ['d.py', 'c.py', 'b.py', 'a.py'],
    );
  });

  it('falls back to the message stack trace, and keeps at most MAX_FRAMES_PER_EVENT', () => {
    const frames = Array.from({ length: 50 }, (_, i) => ({ filename: `f${i}.js`, lineno: i + 1, in_app: true }));
    const view = viewEvent({ message: 'm', stacktrace: { frames } });
    const got = inAppFrames(view);
    assert.equal(got.length, MAX_FRAMES_PER_EVENT);
    assert.equal(got[0]!.filename, 'f49.js');
  });

  it('stepIndex: forward from before the first, back from after the last, staying at the ends', () => {
    assert.equal(stepIndex(-1, 1, 3), 0);
    assert.equal(stepIndex(0, 1, 3), 1);
    assert.equal(stepIndex(2, 1, 3), 2);
    assert.equal(stepIndex(3, -1, 3), 2);
    assert.equal(stepIndex(0, -1, 3), 0);
  });
});
