/** A disposable, shaped like VS Code's `Disposable`, for the core that does not import `vscode`. */
export interface Disposable {
  dispose(): void;
}

/** A disposable that runs `fn` once, on the first `dispose()`. */
export function toDisposable(fn: () => void): Disposable {
  let done = false;
  return {
    dispose: () => {
      if (done) return;
      done = true;
      fn();
    },
  };
}

/**
 * Disposes each of `items` once, newest first (what was made later may use
 * what was made before it). A failing one does not stop the others: after
 * all ran, the one error is thrown, or an AggregateError for several.
 */
export function disposeAll(items: Iterable<Disposable>): void {
  const errors: unknown[] = [];
  for (const d of [...items].reverse()) {
    try {
      d.dispose();
    } catch (e) {
      errors.push(e);
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${errors.length} disposables failed to dispose`);
}

/**
 * Owns disposables and disposes them together. Once disposed, anything added
 * is disposed at once (a late subscription must not outlive its owner).
 */
export class DisposableStore implements Disposable {
  private readonly items = new Set<Disposable>();
  private disposed = false;

  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `d` and returns it, so construction and registration read as one line. */
  add<T extends Disposable>(d: T): T {
    if (this.disposed) {
      d.dispose();
      return d;
    }
    this.items.add(d);
    return d;
  }

  /** Disposes `d` now and forgets it. */
  delete(d: Disposable): void {
    if (this.items.delete(d)) d.dispose();
  }

  /** Disposes everything held so far; the store stays usable. */
  clear(): void {
    const items = [...this.items];
    this.items.clear();
    disposeAll(items);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.clear();
  }
}

/**
 * A base class for things that own disposables: `this._register(x)` ties x's
 * life to this object's. Subclasses that override `dispose()` call `super.dispose()`.
 */
export abstract class DisposableBase implements Disposable {
  // A #private field: subclasses may name their own members `store` or `disposables`.
  readonly #owned = new DisposableStore();

  protected get isDisposed(): boolean {
    return this.#owned.isDisposed;
  }

  protected _register<T extends Disposable>(d: T): T {
    return this.#owned.add(d);
  }

  dispose(): void {
    this.#owned.dispose();
  }
}
