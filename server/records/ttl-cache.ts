/**
 * A small per-process cache for records answers: entries live `seconds`, concurrent askers for one
 * key share one computation, failures are not kept, and the map is bounded.
 */
const MAX_ENTRIES = 10_000;

export class TtlCache<T> {
  readonly #entries = new Map<string, { value: T; until: number }>();
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(private readonly seconds: number) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    const cached = this.#entries.get(key);
    if (cached && cached.until > Date.now()) return Promise.resolve(cached.value);
    let pending = this.#inFlight.get(key);
    if (!pending) {
      pending = compute()
        .then((value) => (this.#remember(key, value), value))
        .finally(() => this.#inFlight.delete(key));
      this.#inFlight.set(key, pending);
    }
    return pending;
  }

  forget(key: string): void {
    this.#entries.delete(key);
  }

  #remember(key: string, value: T): void {
    if (this.seconds <= 0) return;
    if (this.#entries.size >= MAX_ENTRIES) {
      const now = Date.now();
      for (const [k, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(k);
      if (this.#entries.size >= MAX_ENTRIES) this.#entries.delete(this.#entries.keys().next().value!);
    }
    this.#entries.set(key, { value, until: Date.now() + this.seconds * 1000 });
  }
}
