/**
 * A small least-recently-used map: reading or writing a key makes it the
 * newest; the oldest go when there are more than `capacity` entries or, with
 * a `weigh` function, when the total weight passes `maxWeight`.
 *
 * A read moves its entry only when it is not among the last quarter of the
 * capacity moved or added: a key read over and over (the lines of one file,
 * for every frame in it) costs a lookup, not a delete and a re-insert, and it
 * still goes only after at least three quarters of the capacity went before it.
 */
export class LruCache<K, V> {
  private map = new Map<K, Slot<V>>();
  private weight = 0;
  /** Counts additions and moves; a slot's stamp is the count when it was last added or moved. */
  private clock = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh?: (value: V) => number,
    private readonly maxWeight = Infinity,
  ) {}

  get(key: K): V | undefined {
    const slot = this.map.get(key);
    if (slot === undefined) return undefined;
    if (this.clock - slot.stamp > this.capacity >> 2) {
      this.map.delete(key);
      this.map.set(key, slot);
      slot.stamp = ++this.clock;
    }
    return slot.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh ? this.weigh(value) : 0;
    this.map.set(key, { value, weight, stamp: ++this.clock });
    this.weight += weight;
    while (this.map.size > 1 && (this.map.size > this.capacity || this.weight > this.maxWeight)) {
      this.delete(this.map.keys().next().value as K);
    }
  }

  delete(key: K): boolean {
    const slot = this.map.get(key);
    if (slot === undefined) return false;
    this.weight -= slot.weight;
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.weight = 0;
  }

  get size(): number {
    return this.map.size;
  }
}

interface Slot<V> {
  value: V;
  weight: number;
  stamp: number;
}
