/**
 * Delay before retry number `attempt` (1-based): exponential from `baseMs`,
 * capped at `maxMs`, plus up to `jitter` (a fraction) more so that many
 * clients failing together do not come back together. Never below `baseMs`.
 */
export function backoffDelay(attempt: number, opts: { baseMs: number; maxMs: number; jitter?: number; random?: () => number }): number {
  const n = Math.max(1, Math.floor(attempt));
  const exp = Math.min(opts.maxMs, opts.baseMs * 2 ** Math.min(n - 1, 30));
  const r = Math.min(1, Math.max(0, (opts.random ?? Math.random)()));
  return Math.round(Math.max(opts.baseMs, exp) * (1 + (opts.jitter ?? 0.5) * r));
}
