/**
 * Token buckets keyed by client address, in this process's memory. Each key may spend `capacity`
 * requests at once and earns them back at `capacity` per minute. A bucket that has refilled is the
 * same as no bucket, so idle keys are swept and memory stays bounded under a flood of addresses.
 *
 * Per process: with N processes behind a load balancer a client may get up to N × the limit
 * (SECURITY.md says so); the limit still bounds what one address can make us do.
 */

export interface TakeResult {
  allowed: boolean;
  /** Whole seconds until one request is allowed again (0 when allowed). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #refillPerMs: number;

  constructor(
    readonly capacity: number,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 100_000,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.#refillPerMs = capacity / 60_000;
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.#buckets.get(key) ?? { tokens: this.capacity, updatedMs: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updatedMs) * this.#refillPerMs);
    bucket.updatedMs = now;
    if (!this.#buckets.has(key)) this.#remember(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, retryAfterSeconds: 0 };
    }
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / this.#refillPerMs / 1000)) };
  }

  get size(): number {
    return this.#buckets.size;
  }

  #remember(key: string, bucket: Bucket): void {
    if (this.#buckets.size >= this.maxKeys) this.#sweep();
    this.#buckets.set(key, bucket);
  }

  /** Drops buckets that have refilled; if a flood of fresh keys leaves none, drops the oldest half. */
  #sweep(): void {
    const now = this.now();
    for (const [key, bucket] of this.#buckets) {
      if (bucket.tokens + (now - bucket.updatedMs) * this.#refillPerMs >= this.capacity) this.#buckets.delete(key);
    }
    if (this.#buckets.size < this.maxKeys) return;
    // Forgetting a bucket only ever makes the limit looser for that key, never refuses anyone.
    let drop = Math.ceil(this.#buckets.size / 2);
    for (const key of this.#buckets.keys()) {
      if (drop-- <= 0) break;
      this.#buckets.delete(key);
    }
  }
}
