import { strict as assert } from 'node:assert';
import { viewEvent } from '../../../../src/sentry/event/eventView';
import { LatestApiEvents } from '../../../../src/ui/api/latestApiEvents';
import type { ApiIssueEntry } from '../../../../src/ui/common/contracts';

const issue = (id: string, status = 'unresolved', count = 1): ApiIssueEntry => ({
  id,
  shortId: `SHOP-${id}`,
  title: `Error ${id}`,
  culprit: 'x',
  level: 'error',
  count,
  firstSeen: '2026-01-01T00:00:00Z',
  lastSeen: '2026-01-02T00:00:00Z',
  status,
  project: { id: '1', slug: 'shop' },
});
const view = viewEvent({ message: 'boom' });

describe('LatestApiEvents', () => {
  it('keeps the latest event of each issue, one per issue', () => {
    const latest = new LatestApiEvents();
    latest.set(issue('1'), view);
    latest.set(issue('1', 'unresolved', 5), view);
    latest.set(issue('2'), view);
    assert.deepEqual([...latest.values()].map((e) => [e.issue.id, e.issue.count]), [['1', 5], ['2', 1]]);
  });

  it('drops issues no longer listed or no longer unresolved, and takes the listed entry of the others', () => {
    const latest = new LatestApiEvents();
    for (const id of ['1', '2', '3']) latest.set(issue(id), view);
    latest.retain([issue('1', 'unresolved', 9), issue('2', 'resolved')]);
    const kept = [...latest.values()];
    assert.deepEqual(kept.map((e) => e.issue.id), ['1']);
    assert.equal(kept[0]!.issue.count, 9);
    assert.equal(kept[0]!.view, view);
  });
});
