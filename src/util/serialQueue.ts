/**
 * Runs tasks one after another, in the order they were queued: a task starts
 * once every earlier one has settled, whether it succeeded or failed. Each
 * `run` returns its own task's result (or rejection); a failure never stops
 * the tasks queued after it.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private pending = 0;

  run<T>(task: () => T | Promise<T>): Promise<T> {
    this.pending++;
    const next = this.tail.then(task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.tail = settled;
    void settled.then(() => this.pending--);
    return next;
  }

  /** Tasks queued or running. */
  get size(): number {
    return this.pending;
  }

  /** Resolves once every task queued so far has settled. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
