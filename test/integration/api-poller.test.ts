import { strict as assert } from 'node:assert';
import { IssuePoller, type PollHealth, type PollUpdate } from '../../src/api/poller';
import { SentryApiClient } from '../../src/api/sentryApiClient';
import { type FakeSentry, startFakeSentry } from '../fake-sentry/fakeSentry';
import { VirtualClock, flush } from '../fake-sentry/virtualClock';

const SEC = 1000;
const MIN = 60 * SEC;

/**
 * The real client against the fake Sentry, driven by the poller under a
 * virtual clock: the fake stamps each request with the virtual time, so the
 * request log shows the rate the poller really produced.
 */
describe('api/IssuePoller with the real client and the fake Sentry', () => {
  let fake: FakeSentry;
  let client: SentryApiClient;
  let clock: VirtualClock;
  let poller: IssuePoller;
  const inFlight = new Set<Promise<unknown>>();
  // After each timer: let the real HTTP round trip finish before virtual time moves on.
  const settle = async () => {
    await flush();
    while (inFlight.size) await Promise.allSettled([...inFlight]);
    await flush();
  };

  beforeEach(async () => {
    clock = new VirtualClock();
    fake = await startFakeSentry({ issues: 5, now: () => clock.now() });
    client = new SentryApiClient({ baseUrl: fake.url, token: fake.token, now: () => clock.now() });
    poller = new IssuePoller({
      intervalMs: 20 * SEC,
      clock,
      random: () => 0.5,
      fetch: (signal) => {
        const p = client.listIssues({ org: fake.state.org, perPage: 2, maxPages: 3, signal }).then((r) => r.issues);
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p)).catch(() => undefined);
        return p;
      },
    });
  });
  afterEach(async () => {
    poller.dispose();
    await client.close();
    await fake.close();
  });

  it('ten virtual minutes with faults, focus and visibility changes stay within the interval', async () => {
    const updates: PollUpdate[] = [];
    const health: PollHealth[] = [];
    poller.onDidUpdate((u) => updates.push(u));
    poller.onDidChangeHealth((h) => health.push(h));
    const t0 = clock.now();
    poller.start();
    await clock.advance(2 * MIN, settle);
    // A new issue and a repeat of an old one show up as added / changed.
    const added = fake.state.addIssue({ title: 'RangeError: brand new', level: 'fatal' });
    fake.state.touchIssue(fake.state.issues.at(-1)!.id);
    await clock.advance(30 * SEC, settle);
    // Rate limited for 90 s, then three server errors.
    fake.state.injectFault({ kind: 'rate-limit', resetInSeconds: 90 });
    await clock.advance(30 * SEC, settle);
    assert.equal(poller.health.state, 'degraded');
    fake.state.injectFault({ kind: 'server-error' }, 3);
    await clock.advance(3 * MIN, settle);
    poller.setFocused(false);
    await clock.advance(2 * MIN, settle);
    poller.setFocused(true);
    poller.setVisible(false);
    const hiddenFrom = clock.now();
    await clock.advance(1 * MIN, settle);
    const hiddenTo = clock.now();
    poller.setVisible(true);
    await clock.advance(1 * MIN, settle);
    assert.equal(clock.now() - t0, 10 * MIN);

    // Each poll is one to three page requests; group them into polls by their cursor.
    const firstPages = fake.state.requests.filter((r) => r.path.endsWith('/issues/') && !r.query.cursor);
    const starts = firstPages.map((r) => r.at);
    for (let i = 1; i < starts.length; i++) {
      const gap = starts[i]! - starts[i - 1]!;
      assert.ok(gap >= 20 * SEC || starts[i] === hiddenTo, `polls ${i - 1} and ${i} only ${gap} ms apart`);
    }
    assert.ok(!starts.some((t) => t > hiddenFrom && t < hiddenTo), 'polled while hidden');
    assert.ok(starts.length <= 10 * MIN / (20 * SEC) + 1, `${starts.length} polls`);
    // The 429 was honoured: nothing between it and its reset.
    const limited = fake.state.requests.find((r) => r.status === 429)!;
    const afterLimit = fake.state.requests.find((r) => r.at > limited.at)!;
    assert.ok(afterLimit.at - limited.at >= 90 * SEC, `came back after ${afterLimit.at - limited.at} ms`);
    // Server errors backed off: 20 s, 40 s, 80 s (+25 % jitter each).
    const errs = fake.state.requests.filter((r) => r.status === 500).map((r) => r.at);
    assert.equal(errs.length, 3);
    assert.ok(errs[1]! - errs[0]! >= 25 * SEC && errs[2]! - errs[1]! >= 50 * SEC, `${errs[1]! - errs[0]!}, ${errs[2]! - errs[1]!}`);

    assert.ok(updates[0]!.first);
    const withNew = updates.find((u) => u.added.some((i) => i.id === added.id));
    assert.ok(withNew, 'the new issue was reported as added');
    assert.ok(!withNew.first);
    assert.ok(health.some((h) => h.state === 'degraded' && h.errorKind === 'rate-limited'));
    assert.ok(health.some((h) => h.state === 'degraded' && h.errorKind === 'server'));
    assert.ok(health.some((h) => h.state === 'paused'));
    assert.equal(poller.health.state, 'ok');
    assert.equal(poller.issues.length, 6);
  });

  it('a rejected token turns health to error and stops the requests', async () => {
    const bad = new SentryApiClient({ baseUrl: fake.url, token: 'sntryu_not_valid', now: () => clock.now() });
    poller.dispose();
    poller = new IssuePoller({ intervalMs: 20 * SEC, clock, fetch: (signal) => {
      const p = bad.listIssues({ org: fake.state.org, signal }).then((r) => r.issues);
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p)).catch(() => undefined);
      return p;
    } });
    poller.start();
    await clock.advance(10 * MIN, settle);
    await bad.close();
    assert.equal(poller.health.state, 'error');
    assert.match(poller.health.reason!, /invalid or expired/);
    assert.ok(!poller.health.reason!.includes('sntryu_not_valid'));
    assert.equal(fake.state.requests.length, 1, 'one try in ten minutes');
  });
});
