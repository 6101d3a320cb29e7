/**
 * The banner's "Connected since November 29, 2026." and "Access granted: a and b." are written by
 * hand in each locale (`Copy.longDate`, `Copy.list`) rather than with `Intl.DateTimeFormat` and
 * `Intl.ListFormat`: the first use of any Intl formatter in a fresh renderer costs 25–90 ms of main
 * thread in Chromium (measured: a new page's first `new Intl.DateTimeFormat(…)` or
 * `new Intl.ListFormat(…)` takes that long, the second well under 1 ms — ICU's one-time start-up), and
 * the banner's answer is the widget's critical path (bench/widget-first-render.ts). The outputs are
 * tested against Intl's own, in every browser the tests run (long-date-and-list.test.ts).
 */

/** Joins `items` with ", " and `last` before the last item: `joinList(['a', 'b', 'c'], ' and ')` is "a, b and c". */
export function joinList(items: string[], last: string): string {
  return items.length < 2 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')}${last}${items.at(-1)}`;
}
