import type { Disposable } from './disposable';

export type { Disposable } from './disposable';

/** A minimal typed event emitter with disposable subscriptions. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // a failing listener must not stop the others
      }
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
