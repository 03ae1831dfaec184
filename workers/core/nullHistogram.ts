/**
 * NiMARE's analytic ("approximate") null distribution of ALE and the
 * uncorrected p-values read from it (spec §5). It is reproduced literally,
 * quirks included, because "fixing" them moves p-values by about 1 %.
 */
import { numpySum } from './kernel.ts';
import type { AleKernel } from './kernel.ts';
import { kernelTables, type ModeledActivationStamper } from './modeledActivation.ts';
import { jaleThresholdForP } from './jaleNull.ts';
import { convolveHistograms } from './nullConvolution.ts';

/** Width of a histogram bin in ALE units. */
export const BIN_STEP = 1e-5;
/**
 * 1 / 1e-5 in floating point is 99999.99999999999, not 100000; truncating
 * with this factor drops many exact bin centres one bin, as NiMARE does.
 */
export const INV_BIN_STEP = 1 / BIN_STEP;

export interface NullDistribution {
  /** Probability mass of each ALE bin (bin k is centred at k·1e-5). */
  histogram: Float64Array;
  /** P(ALE ≥ bin k) under the null, normalised so survival[0] = 1. */
  survival: Float64Array;
  /** Smallest non-zero survival value: p-values are never smaller. */
  pMin: number;
  /** Survival entry k is P(ALE ≥ k / binsPerUnit)… */
  binsPerUnit: number;
  /** …and an ALE value is looked up at round(ALE · invStep) (NiMARE: 1 / 1e-5 in floating point, see INV_BIN_STEP). */
  invStep: number;
  /** Whose rules made it: they differ in the threshold (aleThresholdForP) and JALE sets negative z to 0. */
  convention: 'nimare' | 'exact' | 'jale';
}

export function binCentre(k: number): number {
  return k / 100000;
}

/** Number of bins NiMARE allocates: enough for the largest ALE the experiments' maxima allow. */
export function binCount(maxima: readonly number[]): number {
  let logNone = 0;
  for (const max of maxima) {
    const rounded = Math.fround(Math.ceil(Math.fround(max * 100000)) / 100000);
    logNone += Math.log1p(-rounded);
  }
  const maxAle = 1 - Math.exp(logNone);
  return Math.ceil((maxAle + 1.5e-5) / BIN_STEP);
}

/** One experiment's MA histogram over all mask voxels (zeros in bin 0), as probabilities, listing only its non-empty bins. */
export interface SparseHistogram {
  /** Non-empty bins, ascending. */
  bins: Int32Array;
  mass: Float64Array;
}

/**
 * One experiment's MA histogram over all mask voxels (zeros in bin 0), from
 * the experiment just stamped. The bin of a value never needs NiMARE's clamp
 * to the last bin (no single MA value exceeds the largest possible ALE), so
 * histograms can be made before the bin count is known.
 */
export function experimentHistogram(stamped: ModeledActivationStamper, kernel: AleKernel, nMasked: number, counts: Int32Array): SparseHistogram {
  const { bin, bins: kernelBins } = kernelTables(kernel);
  const { offset, count } = stamped;
  for (let t = 0; t < count; t++) counts[bin[offset[t]]]++;
  counts[0] += nMasked - count;
  const bins: number[] = [];
  const mass: number[] = [];
  // Counts are multiplied by 1/nMasked (not divided), as NiMARE normalises the histogram.
  const scale = 1 / nMasked;
  if (kernelBins[0] !== 0 && counts[0] > 0) {
    bins.push(0);
    mass.push(counts[0] * scale);
    counts[0] = 0;
  }
  for (const b of kernelBins) {
    if (counts[b] > 0) {
      bins.push(b);
      mass.push(counts[b] * scale);
    }
    counts[b] = 0;
  }
  counts[0] = 0;
  return { bins: Int32Array.from(bins), mass: Float64Array.from(mass) };
}

/** NiMARE's null from the experiments' histograms and MA maxima, in analysis order. */
export function nullDistribution(histograms: readonly SparseHistogram[], maxima: readonly number[]): NullDistribution {
  if (histograms.length === 0) throw new Error('the null distribution needs at least one experiment');
  const histogram = convolveHistograms(histograms, binCount(maxima));
  return { histogram, ...survivalFromHistogram(histogram), binsPerUnit: 100000, invStep: INV_BIN_STEP, convention: 'nimare' };
}

/** Reverse cumulative sum of the normalised histogram, as nullhist_to_p does. */
export function survivalFromHistogram(histogram: Float64Array): { survival: Float64Array; pMin: number } {
  const n = histogram.length;
  const total = numpySum(histogram);
  const survival = new Float64Array(n);
  let run = 0;
  for (let k = n - 1; k >= 0; k--) {
    run += histogram[k] / total;
    survival[k] = run;
  }
  let max = 0;
  for (let k = 0; k < n; k++) if (survival[k] > max) max = survival[k];
  let pMin = 1;
  for (let k = 0; k < n; k++) {
    survival[k] /= max;
    if (survival[k] > 0 && survival[k] < pMin) pMin = survival[k];
  }
  return { survival, pMin };
}

/** Uncorrected p of an ALE value: NiMARE's histogram was built by truncation, the lookup rounds. */
export function pFromAle(ale: number, nullDist: NullDistribution): number {
  if (ale === 0) return 1;
  const last = nullDist.survival.length - 1;
  const b = Math.min(Math.round(ale * nullDist.invStep), last);
  return Math.min(Math.max(nullDist.survival[b], nullDist.pMin), 1);
}

/**
 * Cluster-forming threshold in ALE units for an uncorrected p (spec §5.5):
 * the centre of the bin before the first one whose survival is ≤ p.
 */
export function aleThresholdForP(p: number, nullDist: NullDistribution): number {
  if (nullDist.convention === 'jale') return jaleThresholdForP(p, nullDist);
  const s = nullDist.survival;
  let k = 0;
  while (k < s.length && s[k] > p) k++;
  if (k === s.length) throw new Error(`no ALE value reaches p ≤ ${p} under this null; the dataset is too small for that threshold`);
  return Math.max(0, k - 1) / nullDist.binsPerUnit;
}
