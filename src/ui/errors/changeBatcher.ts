/** Collects keys during a burst and hands them over once, `delayMs` after the first one. Timers are injected. */
export class ChangeBatcher<K> {
  private pending = new Set<K>();
  private all = false;
  private timer: unknown;

  constructor(
    private readonly delayMs: number,
    private readonly flush: (keys: Set<K>, all: boolean) => void,
    private readonly timers: { set(fn: () => void, ms: number): unknown; clear(h: unknown): void } = {
      set: (fn, ms) => setTimeout(fn, ms),
      clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
    },
  ) {}

  /** Adds keys; `all` marks that everything changed (e.g. the store was cleared). */
  add(keys: Iterable<K>, all = false): void {
    for (const k of keys) this.pending.add(k);
    if (all) this.all = true;
    if (this.timer === undefined) this.timer = this.timers.set(() => this.run(), this.delayMs);
  }

  private run(): void {
    this.timer = undefined;
    const keys = this.pending;
    const all = this.all;
    this.pending = new Set();
    this.all = false;
    if (keys.size || all) this.flush(keys, all);
  }

  dispose(): void {
    if (this.timer !== undefined) this.timers.clear(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }
}
