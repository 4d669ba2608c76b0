/** A least-recently-used cache bounded by the total weight of its values. */
export class LruCache<K, V> {
  readonly #map = new Map<K, { value: V; weight: number }>();
  #total = 0;

  /**
   * Creates a cache holding at most `budget` weight units; `weigh` gives a value's weight
   * (default 1 per entry). Values heavier than `maxEntryWeight` are never stored.
   */
  constructor(
    public budget: number,
    private readonly weigh: (value: V) => number = () => 1,
    public maxEntryWeight = budget,
  ) {}

  /** Returns the value for `key` and marks it most recently used. */
  get(key: K): V | undefined {
    const e = this.#map.get(key);
    if (e === undefined) return undefined;
    this.#map.delete(key);
    this.#map.set(key, e);
    return e.value;
  }

  /**
   * Returns the value for `key` (marking it most recently used), or stores and returns
   * `create()` when there is none.
   */
  getOrCreate(key: K, create: () => V): V {
    let value = this.get(key);
    if (value === undefined) {
      value = create();
      this.set(key, value);
    }
    return value;
  }

  /** Returns the value for `key` without touching its recency. */
  peek(key: K): V | undefined {
    return this.#map.get(key)?.value;
  }

  /** Stores `value` under `key`, evicting the least recently used entries as needed. */
  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    if (weight > this.maxEntryWeight || weight > this.budget) return;
    this.#map.set(key, { value, weight });
    this.#total += weight;
    this.#evict();
  }

  /** Removes `key`; returns whether it was present. */
  delete(key: K): boolean {
    const e = this.#map.get(key);
    if (e === undefined) return false;
    this.#map.delete(key);
    this.#total -= e.weight;
    return true;
  }

  /** Removes every entry. */
  clear(): void {
    this.#map.clear();
    this.#total = 0;
  }

  /** Number of entries. */
  get size(): number {
    return this.#map.size;
  }

  /** Sum of the weights of the entries. */
  get weight(): number {
    return this.#total;
  }

  /** Changes the budget, evicting if needed. */
  resize(budget: number): void {
    this.budget = budget;
    this.#evict();
  }

  #evict(): void {
    for (const [k, e] of this.#map) {
      if (this.#total <= this.budget) break;
      this.#map.delete(k);
      this.#total -= e.weight;
    }
  }
}
