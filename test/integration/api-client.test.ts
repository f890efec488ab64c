import { strict as assert } from 'node:assert';
import net from 'node:net';
import { SentryApiClient } from '../../src/api/sentryApiClient';
import { SentryAuthError, SentryError, SentryRateLimitError } from '../../src/sentry/errors';
import { topFrame, viewEvent } from '../../src/sentry/event/eventView';
import type { Logger } from '../../src/util/logger';
import { type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';

const NOW = Date.UTC(2026, 0, 1, 12);

/** A logger that keeps every line, to check that the token never appears. */
function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (m: string) => void lines.push(m);
  return { lines, trace: rec, debug: rec, info: rec, warn: rec, error: rec };
}

async function rejects(p: Promise<unknown>): Promise<SentryError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof SentryError, `expected a SentryError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the call to fail');
}

describe('api/SentryApiClient against the fake Sentry', () => {
  let fake: FakeSentry;
  let client: SentryApiClient;
  let log: ReturnType<typeof recordingLogger>;
  const READ_ONLY = 'sntryu_readonly_token_for_tests';
  const NO_EVENTS = 'sntryu_org_only_token_for_tests';

  before(async () => {
    fake = await startFakeSentry({
      issues: 7,
      now: () => NOW,
      extraTokens: { [READ_ONLY]: ['org:read', 'project:read', 'event:read'], [NO_EVENTS]: ['org:read'] },
      frames: [
        { absPath: '/srv/app/src/server.js', filename: 'src/server.js', function: 'main', lineNo: 3, colNo: 1, inApp: true },
        { absPath: '/srv/app/src/handler.js', filename: 'src/handler.js', function: 'handle', lineNo: 12, colNo: 9, inApp: true, context: [[11, 'const a = 1;'], [12, 'throw new TypeError("x");'], [13, '}']] },
      ],
    });
    log = recordingLogger();
    client = new SentryApiClient({ baseUrl: fake.url, token: fake.token, logger: log, now: () => NOW });
  });
  after(async () => {
    await client.close();
    await fake.close();
  });
  beforeEach(() => {
    fake.state.faults.length = 0;
  });

  it('follows Link pagination over several pages and stops at maxPages', async () => {
    const before = fake.state.requests.length;
    const all = await client.listIssues({ org: fake.state.org, perPage: 2, maxPages: 10 });
    assert.equal(all.truncated, false);
    assert.equal(all.issues.length, 7);
    assert.equal(new Set(all.issues.map((i) => i.id)).size, 7, 'no issue twice');
    assert.equal(fake.state.requests.length - before, 4, '7 issues at 2 per page are 4 pages');

    const capped = await client.listIssues({ org: fake.state.org, perPage: 2, maxPages: 3 });
    assert.equal(capped.issues.length, 6);
    assert.equal(capped.truncated, true);
    assert.ok(capped.nextCursor);
    const rest = await client.listIssues({ org: fake.state.org, perPage: 2, cursor: capped.nextCursor! });
    assert.deepEqual([...capped.issues, ...rest.issues].map((i) => i.id), all.issues.map((i) => i.id));
  });

  it('sends Bearer auth, the query, the projects and the sort to the organization issues endpoint', async () => {
    const r = await client.listIssues({ org: fake.state.org, projects: ['prime-mover'], query: 'is:unresolved level:fatal', sort: 'freq', statsPeriod: '24h', environment: 'production' });
    const req = fake.state.requests.at(-1)!;
    assert.equal(req.path, `/api/0/organizations/${fake.state.org}/issues/`);
    assert.deepEqual(req.query.project, ['prime-mover']);
    assert.deepEqual(req.query.environment, ['production']);
    assert.deepEqual(req.query.sort, ['freq']);
    assert.ok(r.issues.length > 0);
    assert.ok(r.issues.every((i) => i.project.slug === 'prime-mover' && i.level === 'fatal'));
  });

  it('passes the environment and the period, which narrow the list as Sentry does', async () => {
    const staging = fake.state.addIssue({ title: 'Error: only on staging', environment: 'staging' });
    const old = fake.state.addIssue({ title: 'Error: last seen two days ago', lastSeen: new Date(NOW - 2 * 86_400_000).toISOString() });
    try {
      const ids = async (o: { environment?: string[]; statsPeriod?: string }) => (await client.listIssues({ org: fake.state.org, ...o })).issues.map((i) => i.id);
      const all = await ids({});
      assert.ok(all.includes(staging.id) && all.includes(old.id), 'both in the default 14 days and every environment');
      const production = await ids({ environment: ['production'] });
      assert.ok(!production.includes(staging.id) && production.includes(old.id));
      assert.deepEqual(await ids({ environment: ['staging'] }), [staging.id]);
      const day = await ids({ statsPeriod: '24h' });
      assert.ok(day.includes(staging.id) && !day.includes(old.id));
      assert.deepEqual(fake.state.requests.at(-1)!.query.statsPeriod, ['24h']);
    } finally {
      fake.state.issues = fake.state.issues.filter((i) => i !== staging && i !== old);
    }
  });

  it('filters by status through the query', async () => {
    fake.state.issues[0]!.status = 'resolved';
    try {
      const unresolved = await client.listIssues({ org: fake.state.org, query: 'is:unresolved' });
      const resolved = await client.listIssues({ org: fake.state.org, query: 'is:resolved' });
      assert.equal(unresolved.issues.length, 6);
      assert.deepEqual(resolved.issues.map((i) => i.id), [fake.state.issues[0]!.id]);
    } finally {
      fake.state.issues[0]!.status = 'unresolved';
    }
  });

  it('reads an issue, its events and its latest event with the configured frames', async () => {
    const id = fake.state.issues[1]!.id;
    const issue = await client.getIssue(id, { org: fake.state.org });
    assert.equal(issue.shortId, fake.state.issues[1]!.shortId);
    const legacyPath = await client.getIssue(id);
    assert.equal(legacyPath.id, id);
    const events = await client.issueEvents(id, { org: fake.state.org });
    assert.equal(events.length, 1);
    const ev = await client.latestEvent(id, { org: fake.state.org });
    const view = viewEvent(ev);
    const top = topFrame(view)!;
    assert.equal(top.absPath, '/srv/app/src/handler.js');
    assert.equal(top.lineno, 12);
    assert.equal(top.colno, 9);
    assert.equal(top.contextLine, 'throw new TypeError("x");');
    assert.equal(view.exceptions.at(-1)!.type, 'TypeError');
  });

  it('resolves, ignores, unresolves and assigns to the token\'s user', async () => {
    const id = fake.state.issues[2]!.id;
    assert.deepEqual(await client.updateIssue(fake.state.org, id, { status: 'resolved' }), { status: 'resolved' });
    assert.equal(fake.state.issues[2]!.status, 'resolved');
    await client.updateIssue(fake.state.org, id, { status: 'ignored' });
    assert.equal((await client.getIssue(id, { org: fake.state.org })).status, 'ignored');
    await client.updateIssue(fake.state.org, id, { status: 'unresolved' });
    const me = await client.whoAmI();
    await client.updateIssue(fake.state.org, id, { assignedTo: `user:${me.id}` });
    assert.equal((await client.getIssue(id, { org: fake.state.org })).assignedTo?.id, me.id);
    await assert.rejects(client.updateIssue(fake.state.org, id, {}), /Nothing to change/);
  });

  it('lists organizations and projects', async () => {
    const orgs = await client.listOrganizations();
    assert.deepEqual(orgs.map((o) => o.slug), [fake.state.org]);
    const projects = await client.listProjects(fake.state.org);
    assert.deepEqual(projects.map((p) => p.slug), ['pump-station', 'prime-mover']);
  });

  it('works under a self-hosted sub-path', async () => {
    const sub = await startFakeSentry({ pathPrefix: '/sentry', issues: 2 });
    const c = new SentryApiClient({ baseUrl: `${sub.url}/`, token: sub.token });
    try {
      assert.ok(sub.url.endsWith('/sentry'));
      assert.equal((await c.listIssues({ org: sub.state.org, perPage: 1, maxPages: 5 })).issues.length, 2);
    } finally {
      await c.close();
      await sub.close();
    }
  });

  describe('errors', () => {
    it('401: the auth token is invalid or expired', async () => {
      const bad = new SentryApiClient({ baseUrl: fake.url, token: 'sntryu_wrong_token_value', logger: log });
      const e = await rejects(bad.listIssues({ org: fake.state.org }));
      await bad.close();
      assert.ok(e instanceof SentryAuthError);
      assert.equal(e.status, 401);
      assert.match(e.userMessage, /invalid or expired/);
      assert.ok(!e.userMessage.includes('sntryu_wrong_token_value'));
    });

    it('403: names the missing scope for writing and for reading', async () => {
      const ro = new SentryApiClient({ baseUrl: fake.url, token: READ_ONLY });
      const w = (await rejects(ro.updateIssue(fake.state.org, fake.state.issues[0]!.id, { status: 'resolved' }))) as SentryAuthError;
      assert.ok(w instanceof SentryAuthError);
      assert.equal(w.status, 403);
      assert.equal(w.missingScope, 'event:write');
      assert.match(w.userMessage, /event:write/);
      assert.equal(w.detail, 'You do not have permission to perform this action.');
      await ro.close();
      const orgOnly = new SentryApiClient({ baseUrl: fake.url, token: NO_EVENTS });
      const r = (await rejects(orgOnly.listIssues({ org: fake.state.org }))) as SentryAuthError;
      assert.equal(r.missingScope, 'event:read');
      await orgOnly.close();
    });

    it('404: says whether the organization, a project or the issue is wrong', async () => {
      const org = await rejects(client.listIssues({ org: 'no-such-org' }));
      assert.equal(org.kind, 'not-found');
      assert.match(org.userMessage, /organization "no-such-org"/);
      const orgWithProjects = await rejects(client.listIssues({ org: 'no-such-org', projects: ['pump-station'] }));
      assert.match(orgWithProjects.userMessage, /organization "no-such-org"/);
      const project = await rejects(client.listIssues({ org: fake.state.org, projects: ['pump-station', 'no-such-project'] }));
      assert.equal(project.kind, 'not-found');
      assert.match(project.userMessage, /no project "no-such-project"/);
      assert.ok(!/"pump-station"/.test(project.userMessage.split('known:')[0]!), 'the right slug is not blamed');
      const issue = await rejects(client.getIssue('999999', { org: fake.state.org }));
      assert.equal(issue.kind, 'not-found');
      assert.match(issue.userMessage, /issue with id 999999/);
      const ev = await rejects(client.latestEvent('999999'));
      assert.equal(ev.kind, 'not-found');
    });

    it('429 with X-Sentry-Rate-Limit-Reset: waits until the reset time', async () => {
      fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 42 });
      const e = (await rejects(client.listIssues({ org: fake.state.org }))) as SentryRateLimitError;
      assert.ok(e instanceof SentryRateLimitError);
      assert.equal(e.retryAfterMs, 42_000);
      assert.match(e.userMessage, /42 s/);
    });

    it('429 with a Retry-After longer than the client waits out reaches the caller', async () => {
      fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 20, header: 'retry-after' });
      const e = (await rejects(client.getIssue(fake.state.issues[0]!.id))) as SentryRateLimitError;
      assert.ok(e instanceof SentryRateLimitError);
      assert.equal(e.retryAfterMs, 20_000);
    });

    it('500, then recovery on the next request', async () => {
      fake.state.injectFault({ kind: 'server-error' });
      const e = await rejects(client.listIssues({ org: fake.state.org }));
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 500);
      assert.equal((await client.listIssues({ org: fake.state.org })).issues.length, 7);
    });

    it('a 500 on the second page fails the whole list instead of returning half of it', async () => {
      fake.state.injectFault({ kind: 'server-error', status: 503, skip: 1 });
      const origin = fake.state.requests.length;
      const e = await rejects(client.listIssues({ org: fake.state.org, perPage: 2, maxPages: 5 }));
      assert.equal(e.kind, 'server');
      assert.equal(e.status, 503);
      assert.deepEqual(fake.state.requests.slice(origin).map((r) => r.status), [200, 503]);
    });

    it('connection refused', async () => {
      const port = await new Promise<number>((resolve) => {
        const s = net.createServer().listen(0, '127.0.0.1', () => {
          const p = (s.address() as net.AddressInfo).port;
          s.close(() => resolve(p));
        });
      });
      const c = new SentryApiClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't0ken-value' });
      const e = await rejects(c.listOrganizations());
      await c.close();
      assert.equal(e.kind, 'network');
      assert.match(e.userMessage, /refused/);
      assert.ok(e.cause);
    });

    it('timeout when Sentry does not answer', async () => {
      fake.state.injectFault({ kind: 'hang' });
      const c = new SentryApiClient({ baseUrl: fake.url, token: fake.token, timeouts: { headersMs: 300 } });
      const e = await rejects(c.listIssues({ org: fake.state.org }));
      await c.close();
      assert.equal(e.kind, 'timeout');
      assert.match(e.userMessage, /did not answer in time/);
    });

    it('cancelled through the signal', async () => {
      fake.state.injectFault({ kind: 'hang' });
      const ac = new AbortController();
      const p = client.listIssues({ org: fake.state.org, signal: ac.signal });
      setTimeout(() => ac.abort(), 50);
      const e = await rejects(p);
      assert.equal(e.kind, 'cancelled');
    });

    it('an answer in the wrong shape is a server error naming the field', async () => {
      fake.state.injectFault({ kind: 'malformed' });
      const e = await rejects(client.listIssues({ org: fake.state.org }));
      assert.equal(e.kind, 'server');
      assert.match(e.userMessage, /unexpected shape \(0\.shortId: /);
    });

    it('rejects a bad base URL, an empty token and a bad page cap before any request', async () => {
      assert.throws(() => new SentryApiClient({ baseUrl: 'sentry.io', token: 'x' }), /not a URL/);
      assert.throws(() => new SentryApiClient({ baseUrl: 'https://sentry.io', token: ' ' }), /No Sentry auth token/);
      await assert.rejects(client.listIssues({ org: fake.state.org, maxPages: 0 }), /maxPages/);
      await assert.rejects(client.listIssues({ org: fake.state.org, perPage: 101 }), /perPage/);
    });

    it('never writes the token to the log', () => {
      assert.ok(log.lines.length > 10);
      for (const line of log.lines) assert.ok(!line.includes(fake.token) && !line.includes('sntryu_wrong_token_value'), line);
    });
  });
});
