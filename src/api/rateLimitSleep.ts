import { SentryError } from '../sentry/errors';

/** Sleeps `ms`, or rejects with a cancelled SentryError as soon as `signal` aborts. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new SentryError('cancelled', 'The request was cancelled while waiting out a rate limit.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new SentryError('cancelled', 'The request was cancelled while waiting out a rate limit.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
