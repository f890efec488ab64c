import { strict as assert } from 'node:assert';
import { diffIssues, isEmptyDiff } from '../../../src/api/issueDiff';
import { issue } from './issue';

describe('api/issueDiff', () => {
  it('reports added, changed and removed issues by id', () => {
    const before = [issue('1'), issue('2'), issue('3')];
    const after = [issue('1'), issue('2', { count: 2, lastSeen: '2026-01-01T00:01:00Z' }), issue('4')];
    const d = diffIssues(before, after);
    assert.deepEqual(d.added.map((i) => i.id), ['4']);
    assert.deepEqual(d.changed.map((i) => i.id), ['2']);
    assert.deepEqual(d.removed, ['3']);
  });

  it('counts status, last seen, count and assignee changes, and ignores reordering', () => {
    const base = [issue('1'), issue('2')];
    assert.ok(isEmptyDiff(diffIssues(base, [issue('2'), issue('1')])));
    assert.deepEqual(diffIssues(base, [issue('1', { status: 'resolved' }), issue('2')]).changed.map((i) => i.id), ['1']);
    assert.deepEqual(diffIssues(base, [issue('1', { lastSeen: '2026-02-01T00:00:00Z' }), issue('2')]).changed.length, 1);
    assert.deepEqual(diffIssues(base, [issue('1'), issue('2', { assignedTo: { id: '9' } })]).changed.map((i) => i.id), ['2']);
  });

  it('treats everything as added against an empty list', () => {
    const d = diffIssues([], [issue('1'), issue('2')]);
    assert.equal(d.added.length, 2);
    assert.equal(d.changed.length + d.removed.length, 0);
  });
});
