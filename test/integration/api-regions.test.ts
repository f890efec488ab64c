import { strict as assert } from 'node:assert';
import { SentryApiClient } from '../../src/api/sentryApiClient';
import { SentryError, SentryRateLimitError } from '../../src/sentry/errors';
import type { Logger } from '../../src/util/logger';
import { type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const rec = (m: string) => void lines.push(m);
  return { lines, trace: rec, debug: rec, info: rec, warn: rec, error: rec };
}

const issueCalls = (f: FakeSentry) => f.state.requests.filter((r) => /\/issues\/$/.test(r.path)).length;

describe('api/SentryApiClient: organization regions and rate limits waited out', function () {
  this.timeout(30_000);

  describe('links.regionUrl', () => {
    let region: FakeSentry;
    let control: FakeSentry;
    const token = 'sntryu_region_test_token';
    before(async () => {
      // The region holds the organization's data; the control server only names it (as sentry.io does).
      region = await startFakeSentry({ token, issues: 3 });
      control = await startFakeSentry({ token, issues: 0, regionUrl: region.url });
    });
    after(async () => {
      await region.close();
      await control.close();
    });

    it('sends the organization-scoped calls to the region the organization names, asking once', async () => {
      const log = recordingLogger();
      const client = new SentryApiClient({ baseUrl: control.url, token, followRegions: true, logger: log });
      try {
        const first = await client.listIssues({ org: region.state.org });
        assert.equal(first.issues.length, 3, 'the issues came from the region');
        const projects = await client.listProjects(region.state.org);
        assert.ok(projects.length > 0);
        const latest = await client.latestEvent(first.issues[0]!.id, { org: region.state.org });
        assert.ok(latest);
        const byShortId = await client.resolveShortId(region.state.org, first.issues[0]!.shortId);
        assert.equal(byShortId.id, first.issues[0]!.id, 'the short id is resolved in the region');
        assert.equal(control.state.requests.filter((r) => r.path.includes('/shortids/')).length, 0);
        assert.equal(issueCalls(control), 0, 'no issue call went to the control server');
        assert.equal(control.state.requests.filter((r) => r.path === `/api/0/organizations/${region.state.org}/`).length, 1, 'the region is asked for once');
        assert.ok(log.lines.some((l) => /lives in 127\.0\.0\.1:\d+: its calls go there/.test(l)));
        assert.ok(!log.lines.some((l) => l.includes(token)));
      } finally {
        await client.close();
      }
    });

    it('does not send the token to a region on another host, and stays on the base URL', async () => {
      const elsewhere = await startFakeSentry({ token, issues: 2, regionUrl: 'https://sentry.example.invalid' });
      const log = recordingLogger();
      const client = new SentryApiClient({ baseUrl: elsewhere.url, token, followRegions: true, logger: log });
      try {
        const list = await client.listIssues({ org: elsewhere.state.org });
        assert.equal(list.issues.length, 2);
        assert.ok(log.lines.some((l) => /sentry\.example\.invalid, which is not 127\.0\.0\.1:\d+ or one of its subdomains: the token is not sent there/.test(l)), log.lines.join('\n'));
      } finally {
        await client.close();
        await elsewhere.close();
      }
    });

    it('an organization the control server does not know falls back to the base URL, whose answer says what is wrong', async () => {
      const client = new SentryApiClient({ baseUrl: control.url, token, followRegions: true });
      try {
        await assert.rejects(client.listIssues({ org: 'no-such-org' }), (e: unknown) => e instanceof SentryError && e.kind === 'not-found' && /organization "no-such-org"/.test(e.userMessage));
      } finally {
        await client.close();
      }
    });

    it('follows regions by default only for https://sentry.io', () => {
      const c = (baseUrl: string) => new SentryApiClient({ baseUrl, token });
      assert.equal((c('https://sentry.io') as unknown as { followRegions: boolean }).followRegions, true);
      for (const b of ['https://de.sentry.io', 'https://sentry.example.com', 'http://127.0.0.1:9000']) assert.equal((c(b) as unknown as { followRegions: boolean }).followRegions, false, b);
    });
  });

  describe('429 waited out by the client', () => {
    let fake: FakeSentry;
    before(async () => {
      fake = await startFakeSentry({ issues: 5 });
    });
    after(async () => fake.close());

    it('a short Retry-After is slept through and the request sent again, for every caller', async () => {
      const log = recordingLogger();
      const client = new SentryApiClient({ baseUrl: fake.url, token: fake.token, logger: log });
      try {
        fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 1, header: 'retry-after' });
        const started = Date.now();
        const list = await client.listIssues({ org: fake.state.org });
        assert.equal(list.issues.length, 5);
        assert.ok(Date.now() - started >= 950, 'it waited the second Sentry asked for');
        assert.deepEqual(fake.state.requests.slice(-2).map((r) => r.status), [429, 200]);
        assert.ok(log.lines.some((l) => /rate limited while trying to list the issues .*: waiting 1\.0 s, then trying again \(1 of 3\)/.test(l)));
      } finally {
        await client.close();
      }
    });

    it('gives up after maxRetries and hands the caller the rate-limit error', async () => {
      const waits: number[] = [];
      const client = new SentryApiClient({ baseUrl: fake.url, token: fake.token, rateLimit: { maxRetries: 2 }, sleep: async (ms) => void waits.push(ms) });
      try {
        fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 2, header: 'retry-after' }, 3);
        await assert.rejects(client.listIssues({ org: fake.state.org }), SentryRateLimitError);
        assert.deepEqual(waits, [2000, 2000]);
      } finally {
        await client.close();
      }
    });

    it('a wait longer than maxWaitMs reaches the caller at once', async () => {
      const waits: number[] = [];
      const client = new SentryApiClient({ baseUrl: fake.url, token: fake.token, rateLimit: { maxWaitMs: 5_000 }, sleep: async (ms) => void waits.push(ms) });
      try {
        fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 6, header: 'retry-after' });
        const e = await client.listIssues({ org: fake.state.org }).then(() => undefined, (err: unknown) => err);
        assert.ok(e instanceof SentryRateLimitError);
        assert.equal(e.retryAfterMs, 6000);
        assert.deepEqual(waits, []);
      } finally {
        await client.close();
      }
    });

    it('cancelling while it waits ends the call with a cancelled error', async () => {
      const client = new SentryApiClient({ baseUrl: fake.url, token: fake.token });
      try {
        fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 5, header: 'retry-after' });
        const ac = new AbortController();
        setTimeout(() => ac.abort(), 200);
        await assert.rejects(client.listIssues({ org: fake.state.org, signal: ac.signal }), (e: unknown) => e instanceof SentryError && e.kind === 'cancelled');
      } finally {
        await client.close();
      }
    });
  });
});
