import type { Disposable } from './disposable';
import { errorDetail } from './errorDetail';
import { type Logger, silentLogger } from './logger';

export type { Disposable } from './disposable';

/** Where a listener's failure goes: the owner's log. */
export type ListenerErrorHandler = (error: unknown) => void;

/** Without an owner's log, a listener's failure goes to stderr (the extension host's log in VS Code): never nowhere. */
const toStderr: ListenerErrorHandler = (e) => console.error(`an event listener failed: ${errorDetail(e)}`);

/** A handler that reports a listener's failure to `log()` (read when it happens), or to stderr while that is the silent logger. */
export function reportTo(log: () => Logger, what: string): ListenerErrorHandler {
  return (e) => {
    const l = log();
    if (l === silentLogger) toStderr(e);
    else l.error(`${what} failed: ${errorDetail(e)}`);
  };
}

/** A minimal typed event emitter with disposable subscriptions. */
export class Emitter<T> implements Disposable {
  private listeners = new Set<(value: T) => void>();

  /** `onListenerError` receives what a listener throws; the other listeners still run. */
  constructor(private readonly onListenerError: ListenerErrorHandler = toStderr) {}

  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };

  fire(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch (e) {
        this.report(e);
      }
    }
  }

  private report(e: unknown): void {
    try {
      this.onListenerError(e);
    } catch (inner) {
      toStderr(inner); // the handler itself failed: say so rather than break fire()
    }
  }

  dispose(): void {
    this.listeners.clear();
  }
}
