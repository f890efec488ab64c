import { SentryError, SentryRateLimitError, type SentryErrorKind, logDetailOf, userMessageOf } from '../sentry/errors';
import { type Disposable, Emitter } from '../util/emitter';
import { type Logger, silentLogger } from '../util/logger';
import type { ApiIssue } from './apiIssue';
import { backoffDelay } from './backoff';
import type { Clock } from './clock';
import { type IssueDiff, diffIssues, isEmptyDiff } from './issueDiff';

export type PollHealthState = 'ok' | 'degraded' | 'error' | 'paused';

export interface PollHealth {
  state: PollHealthState;
  /** Why, for a person (no secrets): the last failure, or why polling is paused. */
  reason?: string;
  /** The kind of the last failure, when there is one. */
  errorKind?: SentryErrorKind;
  /** When the next timed poll will start (clock milliseconds); absent while paused or polling. */
  nextPollAt?: number;
  /** When the data last arrived. */
  lastSuccessAt?: number;
}

export interface PollUpdate extends IssueDiff {
  /** The whole current list. */
  issues: ApiIssue[];
  /** The first successful poll: everything is "added", nothing is new to the user. */
  first: boolean;
}

export interface IssuePollerOptions {
  /** One poll: fetch the current issue list; abort when the signal fires. */
  fetch: (signal: AbortSignal) => Promise<ApiIssue[]>;
  /** Pause between the end of one poll and the start of the next while focused. */
  intervalMs: number;
  clock: Clock;
  random?: () => number;
  logger?: Logger;
  /** How much slower to poll while the window is unfocused (default 5). */
  unfocusedFactor?: number;
  /** Longest backoff after repeated server or network failures (default 15 min). */
  maxBackoffMs?: number;
  /** Wait after a rejected token or a wrong organization/project before trying again (default 15 min). */
  errorRetryMs?: number;
}

const MIN_INTERVAL_MS = 1_000;

/**
 * Polls the REST API with chained timeouts: the next poll is scheduled only
 * after the previous one ended, so polls never overlap. Slower while the
 * window is unfocused, paused while the view is hidden, immediate on
 * `pollNow()` (joined with a poll already running). A 429 waits as long as
 * Sentry says; server and network failures back off exponentially with
 * jitter and keep the last data; a rejected token stops hammering and
 * retries only at a long interval.
 */
export class IssuePoller implements Disposable {
  private readonly onDidUpdateEmitter = new Emitter<PollUpdate>((e) => this.log.error(`an update listener failed: ${logDetailOf(e)}`));
  private readonly onDidChangeHealthEmitter = new Emitter<PollHealth>((e) => this.log.error(`a health listener failed: ${logDetailOf(e)}`));
  /** Fires after a poll that changed something (and after the first one). */
  readonly onDidUpdate = this.onDidUpdateEmitter.event;
  /** Fires when the health state, its reason or the next poll time changes. */
  readonly onDidChangeHealth = this.onDidChangeHealthEmitter.event;

  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: Logger;
  private readonly unfocusedFactor: number;
  private readonly maxBackoffMs: number;
  private readonly errorRetryMs: number;
  private intervalMs: number;

  private running = false;
  private visible = true;
  private focused = true;
  private timer: unknown;
  private inFlight: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private current: ApiIssue[] = [];
  private hadSuccess = false;
  private failures = 0;
  private lastEndAt: number | undefined;
  private lastSuccessAt: number | undefined;
  /** The earliest a timed poll may start after a failure (backoff, rate limit, auth). */
  private notBefore = 0;
  private nextPollAt: number | undefined;
  private condition: { state: 'ok' | 'degraded' | 'error'; reason?: string; errorKind?: SentryErrorKind } = { state: 'ok' };
  private lastHealthKey = '';
  private lastHealthValue: PollHealth = { state: 'paused', reason: 'not started' };

  constructor(private readonly opts: IssuePollerOptions) {
    this.clock = opts.clock;
    this.random = opts.random ?? Math.random;
    this.log = opts.logger ?? silentLogger;
    this.unfocusedFactor = opts.unfocusedFactor ?? 5;
    this.maxBackoffMs = opts.maxBackoffMs ?? 15 * 60_000;
    this.errorRetryMs = opts.errorRetryMs ?? 15 * 60_000;
    this.intervalMs = checkInterval(opts.intervalMs);
  }

  get issues(): readonly ApiIssue[] {
    return this.current;
  }

  get health(): PollHealth {
    return this.lastHealthValue;
  }

  /** Whether a poll is running right now. */
  get polling(): boolean {
    return this.inFlight !== undefined;
  }

  /** Starts polling (the first poll at once unless hidden). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.reschedule();
  }

  /** Stops the timer and cancels a running poll; the last data stays. */
  stop(): void {
    this.running = false;
    this.clearTimer();
    this.abort?.abort();
    this.emitHealth();
  }

  /** Polls now (e.g. "Sentry: Refresh"); joins a poll already running instead of starting a second one. */
  pollNow(): Promise<void> {
    return this.inFlight ?? this.run();
  }

  /** The view became visible (polling resumes, at once if a poll is due) or hidden (polling pauses). */
  setVisible(visible: boolean): void {
    if (this.visible === visible) return;
    this.visible = visible;
    this.reschedule();
  }

  /** The window gained or lost focus: unfocused polls `unfocusedFactor` times less often. */
  setFocused(focused: boolean): void {
    if (this.focused === focused) return;
    this.focused = focused;
    this.reschedule();
  }

  setInterval(ms: number): void {
    this.intervalMs = checkInterval(ms);
    this.reschedule();
  }

  dispose(): void {
    this.stop();
    this.onDidUpdateEmitter.dispose();
    this.onDidChangeHealthEmitter.dispose();
  }

  private get effectiveIntervalMs(): number {
    return this.focused ? this.intervalMs : this.intervalMs * this.unfocusedFactor;
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.nextPollAt = undefined;
  }

  /** Sets the one timer for the next poll, or none while stopped, hidden or polling. */
  private reschedule(): void {
    this.clearTimer();
    if (this.running && this.visible && !this.inFlight) {
      const now = this.clock.now();
      const due = Math.max(this.lastEndAt === undefined ? now : this.lastEndAt + this.effectiveIntervalMs, this.notBefore);
      this.nextPollAt = Math.max(due, now);
      this.timer = this.clock.setTimeout(() => {
        this.timer = undefined;
        void this.run();
      }, this.nextPollAt - now);
    }
    this.emitHealth();
  }

  private run(): Promise<void> {
    if (this.inFlight) return this.inFlight;
    this.clearTimer();
    const ac = new AbortController();
    this.abort = ac;
    const p = (async () => {
      try {
        const issues = await this.opts.fetch(ac.signal);
        if (!ac.signal.aborted) this.succeeded(issues);
      } catch (e) {
        if (!ac.signal.aborted) this.failed(e);
      } finally {
        this.inFlight = undefined;
        if (this.abort === ac) this.abort = undefined;
        this.lastEndAt = this.clock.now();
        this.reschedule();
      }
    })();
    this.inFlight = p;
    this.emitHealth();
    return p;
  }

  private succeeded(issues: ApiIssue[]): void {
    const first = !this.hadSuccess;
    const diff = diffIssues(this.current, issues);
    this.current = issues;
    this.hadSuccess = true;
    this.failures = 0;
    this.notBefore = 0;
    this.lastSuccessAt = this.clock.now();
    this.condition = { state: 'ok' };
    if (first || !isEmptyDiff(diff)) this.onDidUpdateEmitter.fire({ issues, ...diff, first });
  }

  private failed(e: unknown): void {
    const now = this.clock.now();
    const reason = userMessageOf(e);
    const kind = e instanceof SentryError ? e.kind : undefined;
    const withKind = kind ? { errorKind: kind } : {};
    if (e instanceof SentryRateLimitError) {
      this.notBefore = now + Math.max(e.retryAfterMs, this.effectiveIntervalMs);
      this.condition = { state: 'degraded', reason, ...withKind };
    } else if (kind === 'auth' || kind === 'not-found' || kind === 'bad-request') {
      // Retrying soon cannot help: the token or the settings must change first.
      this.notBefore = now + Math.max(this.errorRetryMs, this.effectiveIntervalMs);
      this.condition = { state: 'error', reason, ...withKind };
    } else {
      this.failures++;
      const base = this.effectiveIntervalMs;
      this.notBefore = now + backoffDelay(this.failures, { baseMs: base, maxMs: Math.max(base, this.maxBackoffMs), random: this.random });
      this.condition = { state: 'degraded', reason, ...withKind };
    }
    this.log.warn(`poll failed (${kind ?? 'unexpected'}): ${logDetailOf(e)}; next try in ${Math.round((this.notBefore - now) / 1000)} s`);
  }

  private emitHealth(): void {
    let h: PollHealth;
    if (!this.running && !this.inFlight) h = { state: 'paused', reason: 'polling is stopped' };
    else if (!this.visible && !this.inFlight) h = { state: 'paused', reason: 'the Sentry view is hidden' };
    else {
      h = { state: this.condition.state };
      if (this.condition.reason) h.reason = this.condition.reason;
      if (this.condition.errorKind) h.errorKind = this.condition.errorKind;
      if (this.nextPollAt !== undefined) h.nextPollAt = this.nextPollAt;
    }
    if (this.lastSuccessAt !== undefined) h.lastSuccessAt = this.lastSuccessAt;
    const key = JSON.stringify(h);
    if (key === this.lastHealthKey) return;
    this.lastHealthKey = key;
    this.lastHealthValue = h;
    this.onDidChangeHealthEmitter.fire(h);
  }
}

function checkInterval(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`the poll interval must be a positive number of milliseconds (got ${ms})`);
  return Math.max(MIN_INTERVAL_MS, ms);
}
