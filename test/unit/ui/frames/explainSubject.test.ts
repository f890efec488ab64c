import { strict as assert } from 'node:assert';
import { viewEvent } from '../../../../src/sentry/event/eventView';
import type { ErrorNode, FrameNode } from '../../../../src/ui/events/errorNodes';
import { explainSubject, explainedEventName, framesToExplain } from '../../../../src/ui/frames/explainSubject';

const owner = { source: 'captured' as const, eventId: 'b'.repeat(32) };
const frame: FrameNode = { kind: 'frame', owner, exceptionIndex: 0, frameIndex: 1, frame: { function: 'charge', lineno: 3 }, inApp: true };
const issue = {
  kind: 'issue',
  groupKey: 'g',
  resolved: false,
  summary: { latestEventId: 'c'.repeat(32) },
} as unknown as ErrorNode;

describe('Explain Frame Resolution: which frame', () => {
  it('explains the frame selected in the tree', () => {
    assert.deepEqual(explainSubject([issue, frame]), { kind: 'frame', frame });
  });

  it('offers the frames of the selected issue (its latest event), event or exception', () => {
    assert.deepEqual(explainSubject([issue]), { kind: 'event', owner: { source: 'captured', eventId: 'c'.repeat(32) } });
    assert.deepEqual(explainSubject([{ kind: 'event', eventId: 'd'.repeat(32), groupKey: 'g', receivedAt: 1, level: 'error' }]), {
      kind: 'event',
      owner: { source: 'captured', eventId: 'd'.repeat(32) },
    });
    const exc = { kind: 'exception', owner, index: 0, exception: { frames: [] }, raised: true } as unknown as ErrorNode;
    assert.deepEqual(explainSubject([exc]), { kind: 'event', owner });
  });

  it('asks when nothing in the tree is selected, never guessing from an open details tab', () => {
    assert.deepEqual(explainSubject([]), { kind: 'ask' });
    assert.deepEqual(explainSubject([{ kind: 'showMore', shown: 50 }]), { kind: 'ask' });
  });

  it('names the event in the explanation, on one line', () => {
    assert.equal(explainedEventName({ eventId: 'a'.repeat(32), title: 'TypeError: x\n  is undefined' }), `event ${'a'.repeat(32)} "TypeError: x is undefined"`);
    assert.match(explainedEventName({ eventId: 'a', title: 'y'.repeat(200) }), /^event a "y{79}…"$/);
  });

  it('lists an event frames innermost first, with the platform', () => {
    const v = viewEvent({
      event_id: 'e'.repeat(32),
      platform: 'python',
      exception: { values: [{ type: 'E', stacktrace: { frames: [{ function: 'outer' }, { function: 'inner' }] } }] },
    });
    assert.deepEqual(framesToExplain(v).map((r) => [r.frame.function, r.platform]), [['inner', 'python'], ['outer', 'python']]);
  });
});
