/** Resolves once `cond()` is true, checking every `intervalMs`; rejects after `ms`. */
export function waitFor(cond: () => boolean, ms = 10_000, intervalMs = 20): Promise<void> {
  const start = Date.now();
  return new Promise((resolve, reject) => {
    const t = setInterval(() => {
      if (cond()) {
        clearInterval(t);
        resolve();
      } else if (Date.now() - start > ms) {
        clearInterval(t);
        reject(new Error('timed out waiting'));
      }
    }, intervalMs);
  });
}
