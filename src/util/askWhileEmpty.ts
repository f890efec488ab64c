/**
 * Asks a slow or not-yet-ready source until it gives a real answer: a
 * request in flight is waited for up to `answerWithinMs` (counted from the
 * first ask), an empty answer is asked again every `intervalMs` for up to
 * `askAgainForMs` (counted likewise). Undefined when no real answer came in
 * time, when the source failed, or when `signal` aborted. Timers are cleared
 * on every path.
 */
export interface AskWhileEmptyOptions {
  answerWithinMs: number;
  askAgainForMs: number;
  intervalMs: number;
  signal?: AbortSignal;
}

export async function askWhileEmpty<T>(ask: () => PromiseLike<T>, isEmpty: (answer: T) => boolean, opts: AskWhileEmptyOptions): Promise<T | undefined> {
  const start = Date.now();
  for (;;) {
    if (opts.signal?.aborted) return undefined;
    const left = start + opts.answerWithinMs - Date.now();
    if (left <= 0) return undefined;
    const answer = await within(Promise.resolve(ask()).then((v) => ({ v }), () => undefined), left, opts.signal);
    if (answer === undefined) {
      // Timed out or aborted: nothing more to wait for. A failure is asked again like an empty answer.
      if (opts.signal?.aborted || Date.now() >= start + opts.answerWithinMs) return undefined;
    } else if (!isEmpty(answer.v)) {
      return answer.v;
    }
    if (Date.now() + opts.intervalMs > start + opts.askAgainForMs) return undefined;
    await within(new Promise<never>(() => undefined), opts.intervalMs, opts.signal); // a pause that an abort ends
    if (opts.signal?.aborted) return undefined;
  }
}

/** The promise's value, or undefined after `ms` or once `signal` aborts. */
function within<T>(p: Promise<T>, ms: number, signal: AbortSignal | undefined): Promise<T | undefined> {
  return new Promise((resolve) => {
    const done = (v: T | undefined) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(v);
    };
    const onAbort = () => done(undefined);
    const timer = setTimeout(() => done(undefined), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    p.then(done, () => done(undefined));
  });
}
