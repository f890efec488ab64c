import type { StoredLog } from '../recordKinds';

/**
 * Log lines in arrival order, bounded (oldest first). Pure state: records in,
 * no disk. A ring over one array, so appending and evicting cost nothing per
 * line beyond the slot.
 */
export class LogBuffer {
  private ring: (StoredLog | undefined)[] = [];
  /** Index of the oldest line in `ring`. */
  private head = 0;
  private count = 0;

  constructor(private maxLogs: number) {}

  get size(): number {
    return this.count;
  }

  get bound(): number {
    return this.maxLogs;
  }

  /** Appends lines; returns how many of the oldest were evicted to stay within the bound. */
  apply(logs: readonly StoredLog[]): number {
    let evicted = 0;
    for (const l of logs) {
      if (this.maxLogs <= 0) return evicted + 1;
      if (this.count === this.maxLogs) {
        // Full: the new line takes the oldest one's slot.
        this.slotSet(this.head, l);
        this.head = (this.head + 1) % this.ring.length;
        evicted++;
        continue;
      }
      if (this.ring.length < this.maxLogs && this.head === 0) {
        this.ring.push(l);
      } else {
        this.slotSet((this.head + this.count) % this.ring.length, l);
      }
      this.count++;
    }
    return evicted;
  }

  /** Changes the bound; returns how many lines were evicted. */
  setBound(maxLogs: number): number {
    const keep = this.newestFirst(Math.max(0, maxLogs)).reverse();
    const evicted = this.count - keep.length;
    this.maxLogs = maxLogs;
    this.ring = keep;
    this.head = 0;
    this.count = keep.length;
    return evicted;
  }

  clear(): void {
    this.ring = [];
    this.head = 0;
    this.count = 0;
  }

  /** Up to `limit` lines that pass `filter`, newest first. */
  newestFirst(limit: number, filter?: (l: StoredLog) => boolean): StoredLog[] {
    const out: StoredLog[] = [];
    const n = this.ring.length;
    for (let i = this.count - 1; i >= 0 && out.length < limit; i--) {
      const l = this.ring[(this.head + i) % n]!;
      if (!filter || filter(l)) out.push(l);
    }
    return out;
  }

  private slotSet(i: number, l: StoredLog): void {
    this.ring[i] = l;
  }
}
