import { describe, expect, it } from 'vitest';
import { TokenBuckets } from './token-buckets.js';

describe('TokenBuckets', () => {
  it('allows the capacity at once, then one more per 60/capacity seconds, with an honest Retry-After', () => {
    let now = 0;
    const buckets = new TokenBuckets(6, () => now); // one request back every 10 s
    for (let i = 0; i < 6; i += 1) expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 10 });
    now += 4_000;
    expect(buckets.take('a')).toEqual({ allowed: false, retryAfterSeconds: 6 });
    now += 6_000;
    expect(buckets.take('a').allowed).toBe(true);
    expect(buckets.take('b').allowed).toBe(true); // keys are independent
  });

  it('never holds more than the capacity after a long idle time', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, () => now);
    now += 3_600_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')].map((r) => r.allowed)).toEqual([true, true, false]);
  });

  it('stays bounded under a flood of addresses, forgetting refilled buckets first', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, () => now, 100);
    buckets.take('busy');
    for (let i = 0; i < 1_000; i += 1) buckets.take(`flood-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
    now += 60_000; // everything refilled: the sweep may drop all of it
    for (let i = 0; i < 150; i += 1) buckets.take(`later-${i}`);
    expect(buckets.size).toBeLessThanOrEqual(100);
  });
});
