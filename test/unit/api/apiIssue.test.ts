import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toApiIssue, toIssueStatus } from '../../../src/api/apiIssue';
import { issueListSchema, issueSchema } from '../../../src/api/schemas';

const api = path.join(__dirname, '../../../../shared/fixtures/api');
const read = (n: string): unknown => JSON.parse(readFileSync(path.join(api, n), 'utf8'));

describe('api/apiIssue and schemas', () => {
  it('reads the organization issues example of Sentry\'s API description', () => {
    const raw = issueListSchema.parse(read('example-list-org-issues.json'));
    const issues = raw.map(toApiIssue);
    assert.equal(issues.length, (read('example-list-org-issues.json') as unknown[]).length);
    const first = issues[0]!;
    assert.equal(first.id, '1');
    assert.equal(first.shortId, 'PUMP-STATION-1');
    assert.equal(first.count, 150);
    assert.equal(first.level, 'error');
    assert.equal(first.status, 'ignored'); // the example is an archived issue
    assert.equal(first.project.slug, 'pump-station');
    assert.deepEqual(first.assignedTo, { type: 'user', id: '1', name: 'John Doe' });
    assert.equal(first.permalink, 'https://sentry.io/the-interstellar-jurisdiction/pump-station/issues/1/');
  });

  it('reads the issue detail and the deprecated project list examples', () => {
    assert.equal(toApiIssue(issueSchema.parse(read('example-issue.json'))).userCount, 12);
    assert.ok(issueListSchema.parse(read('example-list-project-issues.json')).length >= 1);
  });

  it('rejects an answer without the fields an issue needs, naming the field', () => {
    const r = issueListSchema.safeParse([{ id: '1', title: 'x', status: 'unresolved', project: { id: '1', slug: 'p' } }]);
    assert.equal(r.success, false);
    if (!r.success) assert.deepEqual(r.error.issues[0]!.path, [0, 'shortId']);
  });

  it('maps Sentry\'s status words onto resolved / ignored / unresolved', () => {
    assert.equal(toIssueStatus('resolvedInNextRelease'), 'resolved');
    assert.equal(toIssueStatus('archived'), 'ignored');
    assert.equal(toIssueStatus('muted'), 'ignored');
    assert.equal(toIssueStatus('reprocessing'), 'unresolved');
  });
});
