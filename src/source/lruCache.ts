/**
 * A small least-recently-used map: reading or writing a key makes it the
 * newest; the oldest go when there are more than `capacity` entries or, with
 * a `weigh` function, when the total weight passes `maxWeight`.
 */
export class LruCache<K, V> {
  private map = new Map<K, V>();
  private weight = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh?: (value: V) => number,
    private readonly maxWeight = Infinity,
  ) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, v);
    return v;
  }

  set(key: K, value: V): void {
    this.delete(key);
    this.map.set(key, value);
    if (this.weigh) this.weight += this.weigh(value);
    while (this.map.size > 1 && (this.map.size > this.capacity || this.weight > this.maxWeight)) {
      this.delete(this.map.keys().next().value as K);
    }
  }

  delete(key: K): boolean {
    const v = this.map.get(key);
    if (v === undefined && !this.map.has(key)) return false;
    if (this.weigh && v !== undefined) this.weight -= this.weigh(v);
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
