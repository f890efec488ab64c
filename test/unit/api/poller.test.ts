import { strict as assert } from 'node:assert';
import type { ApiIssue } from '../../../src/api/apiIssue';
import { IssuePoller, type PollHealth, type PollUpdate } from '../../../src/api/poller';
import { SentryAuthError, SentryError, SentryRateLimitError } from '../../../src/sentry/errors';
import { VirtualClock } from '../../fake-sentry/virtualClock';
import { issue } from './issue';

const SEC = 1000;
const MIN = 60 * SEC;

interface Call {
  start: number;
  end?: number;
  signal: AbortSignal;
}

/**
 * A scripted Sentry: each call takes `latency(n)` of virtual time and then
 * answers `answer(n)` (issues or an error). Records when every call started
 * and ended and how many ran at once.
 */
function scripted(clock: VirtualClock, answer: (n: number) => ApiIssue[] | Error, latency: (n: number) => number = () => 0) {
  const calls: Call[] = [];
  let running = 0;
  let maxRunning = 0;
  const fetch = (signal: AbortSignal): Promise<ApiIssue[]> => {
    const n = calls.length;
    const call: Call = { start: clock.now(), signal };
    calls.push(call);
    running++;
    maxRunning = Math.max(maxRunning, running);
    return new Promise((resolve, reject) => {
      const h = clock.setTimeout(() => {
        running--;
        call.end = clock.now();
        const a = answer(n);
        if (a instanceof Error) reject(a);
        else resolve(a);
      }, latency(n));
      signal.addEventListener('abort', () => {
        clock.clearTimeout(h);
        running--;
        call.end = clock.now();
        reject(new SentryError('cancelled', 'cancelled'));
      });
    });
  };
  return { fetch, calls, maxRunning: () => maxRunning };
}

describe('api/poller', () => {
  let poller: IssuePoller | undefined;
  afterEach(() => poller?.dispose());

  it('ten minutes with slow responses, focus and visibility changes: polls never overlap and keep the interval', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const interval = 30 * SEC;
    // Latencies from instant to longer than the interval itself.
    const latencies = [0, 2 * SEC, 45 * SEC, 500, 31 * SEC, 10 * SEC];
    const s = scripted(clock, (n) => [issue('1', { count: n })], (n) => latencies[n % latencies.length]!);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: interval, clock, random: () => 0.5 });
    const focusLog: Array<[number, boolean]> = [[t0, true]];
    const hiddenSpans: Array<[number, number]> = [];
    poller.start();

    await clock.advance(3 * MIN);
    poller.setFocused(false);
    focusLog.push([clock.now(), false]);
    await clock.advance(3 * MIN);
    poller.setFocused(true);
    focusLog.push([clock.now(), true]);
    await clock.advance(1 * MIN);
    const hideAt = clock.now();
    poller.setVisible(false);
    assert.equal(poller.health.state, poller.polling ? 'ok' : 'paused');
    await clock.advance(1 * MIN);
    const callsBeforeShow = s.calls.length;
    hiddenSpans.push([hideAt, clock.now()]);
    poller.setVisible(true);
    await clock.advance(0);
    // Hidden for a full interval: showing the view polls at once.
    assert.equal(s.calls.length, callsBeforeShow + 1);
    await clock.advance(2 * MIN);
    assert.equal(clock.now() - t0, 10 * MIN);

    assert.equal(s.maxRunning(), 1, 'two polls ran at the same time');
    const focusedAt = (t: number) => [...focusLog].reverse().find(([at]) => at <= t)![1];
    for (let i = 1; i < s.calls.length; i++) {
      const prev = s.calls[i - 1]!;
      const cur = s.calls[i]!;
      assert.ok(prev.end !== undefined && cur.start >= prev.end, `poll ${i} started before poll ${i - 1} ended`);
      const gap = cur.start - prev.end!;
      const resumedByShow = hiddenSpans.some(([, shown]) => cur.start === shown);
      const refocused = focusLog.some(([at, f]) => f && cur.start === at);
      if (!resumedByShow && !refocused) assert.ok(gap >= interval, `poll ${i} came ${gap} ms after the previous one`);
      // While unfocused for the whole gap, the pause is five intervals.
      if (!focusedAt(prev.end!) && !focusedAt(cur.start) && !refocused) assert.ok(gap >= 5 * interval, `unfocused gap ${gap}`);
    }
    for (const [from, to] of hiddenSpans) {
      assert.ok(!s.calls.some((c) => c.start > from && c.start < to), 'polled while the view was hidden');
    }
    // The request rate stays within one poll per interval (plus the first, immediate one).
    assert.ok(s.calls.length <= (10 * MIN) / interval + 1, `${s.calls.length} polls in ten minutes`);
    assert.ok(s.calls.length >= 8, `only ${s.calls.length} polls in ten minutes`);
    assert.equal(clock.pending, 1, 'exactly one timer is waiting');
  });

  it('is paused while hidden from the start, and polls once the view is shown', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, () => [issue('1')]);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 30 * SEC, clock });
    poller.setVisible(false);
    poller.start();
    await clock.advance(10 * MIN);
    assert.equal(s.calls.length, 0);
    assert.equal(poller.health.state, 'paused');
    assert.match(poller.health.reason!, /hidden/);
    poller.setVisible(true);
    await clock.advance(0);
    assert.equal(s.calls.length, 1);
    assert.equal(poller.health.state, 'ok');
  });

  it('unfocused polls five times slower; regaining focus polls at once when a poll is overdue', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, () => [issue('1')]);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 30 * SEC, clock });
    poller.start();
    await clock.advance(0);
    poller.setFocused(false);
    await clock.advance(149 * SEC);
    assert.equal(s.calls.length, 1, 'no poll before five intervals while unfocused');
    await clock.advance(1 * SEC);
    assert.equal(s.calls.length, 2);
    await clock.advance(100 * SEC);
    poller.setFocused(true);
    await clock.advance(0);
    assert.equal(s.calls.length, 3, 'the focused interval was long over');
    assert.equal(s.calls[2]!.start - s.calls[1]!.end!, 100 * SEC);
    poller.setFocused(false);
    poller.setFocused(true);
    await clock.advance(0);
    assert.equal(s.calls.length, 3, 'flipping focus does not poll again before the interval');
  });

  it('pollNow is immediate and joins a poll already running', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, () => [issue('1')], () => 5 * SEC);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 60 * SEC, clock });
    poller.start();
    await clock.advance(0);
    assert.equal(s.calls.length, 1);
    const a = poller.pollNow();
    const b = poller.pollNow();
    assert.equal(a, b);
    await clock.advance(5 * SEC);
    await a;
    assert.equal(s.calls.length, 1);
    await clock.advance(20 * SEC);
    const c = poller.pollNow();
    await clock.advance(0);
    assert.equal(s.calls.length, 2, 'refresh polls at once, before the interval is over');
    await clock.advance(5 * SEC);
    await c;
    // The next timed poll counts from the refresh.
    await clock.advance(59 * SEC);
    assert.equal(s.calls.length, 2);
    await clock.advance(1 * SEC);
    assert.equal(s.calls.length, 3);
  });

  it('reports added, changed and removed issues, and the first poll as first', async () => {
    const clock = new VirtualClock();
    const answers = [[issue('1'), issue('2')], [issue('1'), issue('2')], [issue('1', { count: 5 }), issue('3')]];
    const s = scripted(clock, (n) => answers[Math.min(n, answers.length - 1)]!);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 10 * SEC, clock });
    const updates: PollUpdate[] = [];
    poller.onDidUpdate((u) => updates.push(u));
    poller.start();
    await clock.advance(25 * SEC);
    assert.equal(s.calls.length, 3);
    assert.equal(updates.length, 2, 'an unchanged poll fires no update');
    assert.equal(updates[0]!.first, true);
    assert.deepEqual(updates[0]!.added.map((i) => i.id), ['1', '2']);
    assert.equal(updates[1]!.first, false);
    assert.deepEqual(updates[1]!.added.map((i) => i.id), ['3']);
    assert.deepEqual(updates[1]!.changed.map((i) => i.id), ['1']);
    assert.deepEqual(updates[1]!.removed, ['2']);
    assert.deepEqual(poller.issues.map((i) => i.id), ['1', '3']);
  });

  it('429: waits as long as Sentry says, keeps the data, health degraded', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, (n) => (n === 1 ? new SentryRateLimitError('rate limited', { retryAfterMs: 5 * MIN }) : [issue('1')]));
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 30 * SEC, clock });
    const health: PollHealth[] = [];
    poller.onDidChangeHealth((h) => health.push(h));
    poller.start();
    await clock.advance(30 * SEC);
    assert.equal(s.calls.length, 2);
    assert.equal(poller.health.state, 'degraded');
    assert.equal(poller.health.errorKind, 'rate-limited');
    assert.equal(poller.health.nextPollAt, clock.now() + 5 * MIN);
    assert.equal(poller.issues.length, 1, 'the last data stays');
    await clock.advance(5 * MIN - 1);
    assert.equal(s.calls.length, 2);
    await clock.advance(1);
    assert.equal(s.calls.length, 3);
    assert.equal(poller.health.state, 'ok');
    assert.ok(health.some((h) => h.state === 'degraded'));
  });

  it('5xx and network failures: exponential backoff with jitter, then back to the interval', async () => {
    const clock = new VirtualClock();
    const failing = new Set([1, 2, 3, 4]);
    const s = scripted(clock, (n) => (failing.has(n) ? new SentryError(n % 2 ? 'server' : 'network', 'down') : [issue('1')]));
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 10 * SEC, clock, random: () => 0.5, maxBackoffMs: 60 * SEC });
    poller.start();
    await clock.advance(10 * MIN);
    const gaps = s.calls.slice(1, 7).map((c, i) => c.start - s.calls[i]!.end!);
    // After the first success: interval; then 1x, 2x, 4x, 8x→capped 60 s, each with +25% jitter; then the interval again.
    assert.deepEqual(gaps, [10_000, 12_500, 25_000, 50_000, 75_000, 10_000]);
    assert.equal(poller.health.state, 'ok');
  });

  it('keeps the last data and reports degraded while the server fails', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, (n) => (n === 0 ? [issue('1')] : new SentryError('server', 'Sentry had a server error (500)')));
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 10 * SEC, clock });
    poller.start();
    await clock.advance(1 * MIN);
    assert.equal(poller.health.state, 'degraded');
    assert.match(poller.health.reason!, /server error/);
    assert.deepEqual(poller.issues.map((i) => i.id), ['1']);
  });

  it('401/403: health error and no hammering; retries only at the long interval; Refresh still tries', async () => {
    const clock = new VirtualClock();
    let ok = false;
    const s = scripted(clock, () => (ok ? [issue('1')] : new SentryAuthError('The auth token is invalid or expired', { status: 401 })));
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 10 * SEC, clock, errorRetryMs: 15 * MIN });
    poller.start();
    await clock.advance(14 * MIN);
    assert.equal(s.calls.length, 1);
    assert.equal(poller.health.state, 'error');
    assert.equal(poller.health.errorKind, 'auth');
    assert.match(poller.health.reason!, /invalid or expired/);
    await clock.advance(1 * MIN);
    assert.equal(s.calls.length, 2);
    ok = true;
    const p = poller.pollNow();
    await clock.advance(0);
    await p;
    assert.equal(s.calls.length, 3);
    assert.equal(poller.health.state, 'ok');
  });

  it('stop cancels the running poll, emits no update, and leaves no timer', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, () => [issue('1')], () => 10 * SEC);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 30 * SEC, clock });
    let updates = 0;
    poller.onDidUpdate(() => updates++);
    poller.start();
    await clock.advance(1 * SEC);
    assert.equal(poller.polling, true);
    poller.stop();
    await clock.advance(10 * MIN);
    assert.equal(s.calls[0]!.signal.aborted, true);
    assert.equal(updates, 0);
    assert.equal(clock.pending, 0);
    assert.equal(s.calls.length, 1);
    assert.equal(poller.health.state, 'paused');
  });

  it('setInterval takes effect at once and rejects nonsense', async () => {
    const clock = new VirtualClock();
    const s = scripted(clock, () => [issue('1')]);
    poller = new IssuePoller({ fetch: s.fetch, intervalMs: 5 * MIN, clock });
    poller.start();
    await clock.advance(1 * MIN);
    assert.equal(s.calls.length, 1);
    poller.setInterval(30 * SEC);
    await clock.advance(0);
    assert.equal(s.calls.length, 2, 'the shorter interval is already over');
    assert.throws(() => poller!.setInterval(0), /positive/);
    assert.throws(() => poller!.setInterval(Number.NaN), /positive/);
    assert.throws(() => new IssuePoller({ fetch: s.fetch, intervalMs: -1, clock }), RangeError);
  });
});
