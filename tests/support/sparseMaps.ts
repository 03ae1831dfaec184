/** Maps for the Spearman tests given by their values, not by a kernel's places. */
import type { SparseMap } from '../../workers/inference/clustering/spearman.ts';

/** A map given by its values: each value's place among the distinct ones found by sorting them. */
export function mapOfValues(index: Int32Array, value: ArrayLike<number>): SparseMap {
  const distinct = Float64Array.from(new Set(Array.from(value))).sort();
  const place = new Map<number, number>();
  distinct.forEach((v, n) => place.set(v, n));
  return { index, ordinal: Int32Array.from(value, (v) => place.get(v) as number), levels: distinct.length };
}

