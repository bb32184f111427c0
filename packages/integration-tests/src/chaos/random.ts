/** `count` points drawn uniformly from [from, to), ascending. */
export function sortedPoints(random: () => number, count: number, from: number, to: number): number[] {
  return Array.from({ length: count }, () => from + random() * (to - from)).sort((a, b) => a - b);
}

/** The `p`-th percentile (0..100, nearest rank) of `values`; `undefined` when there are none. */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
