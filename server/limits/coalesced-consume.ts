/**
 * One store write for a crowd from one address: the calls that arrive for a key while that key's
 * previous write is in flight are counted together, in one atomic `$inc` of their number
 * (rate-limiter-flexible's `consume(key, points)`), instead of one round trip each. The store still
 * holds the one shared count (every process adds to it atomically), so the limit stays exact: the
 * write answers the count after it, and the i-th call of a group of k is the one that brought the
 * count to `after − k + i` — allowed when that is within the limit, as it would have been had the
 * k calls been written one by one. A call that comes alone is written at once, with no delay.
 */
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** What a counted call learns: allowed, or refused with the time until the window ends. */
export type Counted = { allowed: true } | { allowed: false; msBeforeNext: number };

interface Waiting {
  settle: (result: Counted) => void;
  fail: (error: unknown) => void;
}

export function createCoalescedConsume(limiter: RateLimiterAbstract): (key: string) => Promise<Counted> {
  const waiting = new Map<string, Waiting[]>();
  const inFlight = new Set<string>();

  async function write(key: string): Promise<void> {
    inFlight.add(key);
    try {
      while ((waiting.get(key)?.length ?? 0) > 0) {
        const group = waiting.get(key)!;
        waiting.delete(key);
        let result: RateLimiterRes;
        try {
          result = await limiter.consume(key, group.length);
        } catch (refusal) {
          if (!(refusal instanceof RateLimiterRes)) {
            for (const call of group) call.fail(refusal);
            continue;
          }
          result = refusal;
        }
        const first = result.consumedPoints - group.length; // the count before this group
        group.forEach((call, i) => call.settle(first + i + 1 <= limiter.points ? { allowed: true } : { allowed: false, msBeforeNext: result.msBeforeNext }));
      }
    } finally {
      inFlight.delete(key);
    }
  }

  return (key) =>
    new Promise<Counted>((settle, fail) => {
      const group = waiting.get(key) ?? [];
      group.push({ settle, fail });
      waiting.set(key, group);
      if (!inFlight.has(key)) void write(key);
    });
}
