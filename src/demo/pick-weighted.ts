/**
 * Draws an index with probability proportional to its weight, given the
 * running sums of the weights (`cumulative[i]` = w0 + … + wi). One draw of
 * `rand`, a binary search: the demo's history and the benchmark workload
 * sample communes and streams with it.
 *
 * @example
 * ```ts
 * pickWeighted([1, 1, 10], () => 0.5); // 2 (x = 5 falls in the third weight)
 * ```
 */
export function pickWeighted(cumulative: readonly number[], rand: () => number): number {
  const x = rand() * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
