/**
 * Largest and smallest of a list that grows with the data (experiments,
 * foci): `Math.max(...list)` passes every value as an argument and throws
 * "Maximum call stack size exceeded" past about 100,000 of them.
 */
export function maxOf(values: Iterable<number>): number {
  let max = -Infinity;
  for (const v of values) if (v > max) max = v;
  return max;
}

export function minOf(values: Iterable<number>): number {
  let min = Infinity;
  for (const v of values) if (v < min) min = v;
  return min;
}
