/**
 * What a plot of a Monte-Carlo null shows: a histogram of the per-iteration
 * maxima on a scale that also holds the observed values, and the FWE cut-off
 * at α. Loops, not spreads, so 10⁵ iterations do not overflow the stack.
 */
import { fweCutoff } from '../inference/fwe.ts';

export interface NullPlot {
  /** Iterations per bin; bin b covers [b·width, (b + 1)·width). */
  counts: Int32Array;
  width: number;
  /** Right end of the axis: the largest null or observed value. */
  top: number;
  maxCount: number;
  /** Observed values above it have FWE p < α. */
  cut: number;
  iterations: number;
}

export function nullPlot(nullMaxima: ArrayLike<number>, observed: readonly number[], alpha: number, nBins = 40): NullPlot {
  let top = 1;
  for (let i = 0; i < nullMaxima.length; i++) if (nullMaxima[i] > top) top = nullMaxima[i];
  for (const v of observed) if (v > top) top = v;
  const width = top / nBins;
  const counts = new Int32Array(nBins);
  for (let i = 0; i < nullMaxima.length; i++) counts[Math.min(nBins - 1, Math.floor(nullMaxima[i] / width))]++;
  let maxCount = 0;
  for (const n of counts) if (n > maxCount) maxCount = n;
  return { counts, width, top, maxCount, cut: fweCutoff(nullMaxima, alpha), iterations: nullMaxima.length };
}
