import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { toApiIssue } from '../../../../src/api/apiIssue';
import { eventSchema, issueSchema } from '../../../../src/api/schemas';
import { eventMarkdown } from '../../../../src/mcp/markdown/eventMarkdown';
import { FrameSites } from '../../../../src/mcp/data/frameSites';
import { issueHeader, issueListMarkdown, issueSummary } from '../../../../src/mcp/markdown/issueMarkdown';
import { storedFromRest } from '../../../../src/mcp/data/restEvent';
import { issue } from '../../api/issue';
import { SHARED_FIXTURES } from '../../../helpers/paths';

const api = path.join(SHARED_FIXTURES, 'api');
const example = (n: string): unknown => JSON.parse(readFileSync(path.join(api, n), 'utf8'));

describe('mcp/issue markdown: search_issues and get_issue answers', () => {
  const sentryIssue = toApiIssue(issueSchema.parse(example('example-issue.json')));

  it('one issue: short id and title, culprit, level, status, events, users, last seen, project, link', () => {
    assert.equal(
      issueSummary(3, sentryIssue),
      [
        '### 3. PUMP-STATION-1: This is an example Python exception',
        'Culprit: `raven.scripts.runner in main`',
        'error · unresolved · 150 events · 12 users · last seen 2018-12-06T21:19:55Z · project `pump-station`',
        'https://sentry.io/the-interstellar-jurisdiction/pump-station/issues/1/',
      ].join('\n'),
    );
    const bare = issueSummary(1, issue('7', { count: 1, userCount: 1, lastSeen: 'yesterday' }));
    assert.equal(bare, '### 1. P-7: T7\nerror · unresolved · 1 event · 1 user · last seen yesterday · project `p`');
  });

  it('the list: what was searched, the limit and whether Sentry has more, get_issue for the first', () => {
    const base = { query: 'is:unresolved level:error', org: 'acme', projects: ['web', 'api'], limit: 2 };
    const more = issueListMarkdown({ ...base, issues: [issue('1'), issue('2')], more: true, statsPeriod: '24h' });
    assert.ok(more.startsWith('# Sentry issues matching `is:unresolved level:error`\norganization `acme`, projects `web`, `api`, seen in the last 24h.\n'), more);
    assert.match(more, /Showing the first 2 \(limit 2\); Sentry has more: narrow the query or raise limit \(at most 100\)\./);
    assert.ok(more.endsWith('- get_issue({"issueId":"P-1"}) for the first issue with its latest event, the stack trace resolved to this workspace.'), more);
    const all = issueListMarkdown({ ...base, projects: [], issues: [issue('1')], more: false });
    assert.match(all, /organization `acme`, all projects\.\nShowing all 1 matching \(limit 2\)\./);
    const none = issueListMarkdown({ ...base, query: '', issues: [], more: false });
    assert.match(none, /^# Sentry issues matching `\(everything\)`/);
    assert.match(none, /No issues matched\. Try a wider query/);
    assert.ok(!none.includes('get_issue'));
  });

  it('titles with backticks and line breaks stay one line of markdown', () => {
    const s = issueSummary(1, issue('9', { title: 'Error: `x`\nis\tundefined', culprit: 'a`b' }));
    assert.ok(s.startsWith('### 1. P-9: Error: `x` is undefined\nCulprit: ``a`b``'), s);
  });

  it('get_issue: the issue head, then the latest event (REST shape) through get_event\'s markdown, with the Next lines given', async () => {
    const head = issueHeader({ ...sentryIssue, assignedTo: { id: '1', name: 'John Doe' } });
    assert.equal(
      head,
      [
        '# Issue PUMP-STATION-1: This is an example Python exception',
        'error · unresolved · 150 events · 12 users · last seen 2018-12-06T21:19:55Z · project `pump-station`',
        'issue id `1` · first seen 2018-11-06T21:19:55Z · assigned to John Doe',
        'Culprit: `raven.scripts.runner in main`',
        'In Sentry: https://sentry.io/the-interstellar-jurisdiction/pump-station/issues/1/',
      ].join('\n'),
    );
    const event = eventSchema.parse(example('example-issue-event-latest.json'));
    const stored = storedFromRest(event, sentryIssue);
    assert.equal(stored.id, '9999aaaaca8b46d797c23c6077c6ff01');
    assert.equal(stored.receivedAt, Date.parse(event.dateCreated!));
    const md = await eventMarkdown(stored, new FrameSites(undefined), { next: ['- search_issues({})'] });
    assert.match(md, /## Breadcrumbs \(\d+, oldest first\)/, 'the REST breadcrumbs entry is read');
    assert.ok(md.endsWith('## Next\n- search_issues({})'), md.slice(-200));
    assert.ok(!md.includes('get_traces'));
  });
});
