/**
 * What a plot of a Monte-Carlo null shows: a histogram of the per-iteration
 * maxima on an axis that also holds the observed values, and the FWE cut-off
 * at α. Observed clusters are often ten times the largest null one, so the
 * bins are even on a symlog axis (linear near 0, logarithmic above): both the
 * null's shape and every observed cluster stay readable. Loops, not spreads,
 * so 10⁵ iterations do not overflow the stack.
 */
import { fweCutoff } from '../inference/fwe.ts';

export interface NullPlot {
  /** Bin b covers [edges[b], edges[b + 1]); the last bin includes its right edge. */
  edges: Float64Array;
  counts: Int32Array;
  /** Right end of the axis: the largest null or observed value. */
  top: number;
  maxCount: number;
  /** Observed values above it have FWE p < α. */
  cut: number;
  iterations: number;
}

/** The symlog transform with constant 1, as Observable Plot's "symlog" scale uses. */
export const symlog = (v: number) => Math.sign(v) * Math.log1p(Math.abs(v));
const symexp = (v: number) => Math.sign(v) * Math.expm1(Math.abs(v));

export function nullPlot(nullMaxima: ArrayLike<number>, observed: readonly number[], alpha: number, nBins = 40): NullPlot {
  let top = 1;
  for (let i = 0; i < nullMaxima.length; i++) if (nullMaxima[i] > top) top = nullMaxima[i];
  for (const v of observed) if (v > top) top = v;
  const step = symlog(top) / nBins;
  const edges = Float64Array.from({ length: nBins + 1 }, (_, b) => (b === nBins ? top : symexp(b * step)));
  const counts = new Int32Array(nBins);
  // Binary search on the edges themselves, so a value on an edge lands where the edges say.
  for (let i = 0; i < nullMaxima.length; i++) {
    const v = nullMaxima[i];
    let lo = 0;
    let hi = nBins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (edges[mid] <= v) lo = mid;
      else hi = mid - 1;
    }
    counts[lo]++;
  }
  let maxCount = 0;
  for (const n of counts) if (n > maxCount) maxCount = n;
  return { edges, counts, top, maxCount, cut: nullMaxima.length > 0 ? fweCutoff(nullMaxima, alpha) : Number.NaN, iterations: nullMaxima.length };
}
