/**
 * NiMARE's analytic ("approximate") null distribution of ALE and the
 * uncorrected p-values read from it (spec §5). It is reproduced literally,
 * quirks included, because "fixing" them moves p-values by about 1 %.
 */
import { numpySum } from './kernel.ts';
import type { SparseMA } from './modeledActivation.ts';

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
}

export function binCentre(k: number): number {
  return k / 100000;
}

/** Number of bins NiMARE allocates: enough for the largest ALE the experiments' maxima allow. */
export function binCount(maps: readonly SparseMA[]): number {
  let logNone = 0;
  for (const ma of maps) {
    const rounded = Math.fround(Math.ceil(Math.fround(ma.max * 100000)) / 100000);
    logNone += Math.log1p(-rounded);
  }
  const maxAle = 1 - Math.exp(logNone);
  return Math.ceil((maxAle + 1.5e-5) / BIN_STEP);
}

/** One experiment's MA histogram over all mask voxels (zeros in bin 0), as probabilities. */
export function experimentHistogram(ma: SparseMA, nMasked: number, nBins: number): Float64Array {
  const h = new Float64Array(nBins);
  for (let t = 0; t < ma.value.length; t++) {
    const b = Math.trunc(ma.value[t] * INV_BIN_STEP);
    h[Math.min(Math.max(b, 0), nBins - 1)] += 1;
  }
  h[0] += nMasked - ma.value.length;
  const scale = 1 / nMasked;
  for (let b = 0; b < nBins; b++) h[b] *= scale;
  return h;
}

function nonZeroBins(h: Float64Array): Int32Array {
  const out: number[] = [];
  for (let b = 0; b < h.length; b++) if (h[b] > 0) out.push(b);
  return Int32Array.from(out);
}

/**
 * Distribution of the ALE union when each experiment's MA value is drawn
 * independently from its histogram: repeated convolution in experiment order.
 */
export function convolveHistograms(histograms: readonly Float64Array[], nBins: number): Float64Array {
  let acc = histograms[0];
  const centres = new Float64Array(nBins);
  for (let k = 0; k < nBins; k++) centres[k] = binCentre(k);
  for (let e = 1; e < histograms.length; e++) {
    const he = histograms[e];
    const accBins = nonZeroBins(acc);
    const expBins = nonZeroBins(he);
    const accNot = new Float64Array(accBins.length);
    const accMass = new Float64Array(accBins.length);
    for (let a = 0; a < accBins.length; a++) {
      accNot[a] = 1 - centres[accBins[a]];
      accMass[a] = acc[accBins[a]];
    }
    const out = new Float64Array(nBins);
    const last = nBins - 1;
    for (const j of expBins) {
      const om = 1 - centres[j];
      const w = he[j];
      for (let a = 0; a < accBins.length; a++) {
        const s = 1 - om * accNot[a];
        let t = Math.trunc(s * INV_BIN_STEP);
        if (t > last) t = last;
        else if (t < 0) t = 0;
        out[t] += w * accMass[a];
      }
    }
    acc = out;
  }
  return acc;
}

export function nullDistribution(maps: readonly SparseMA[], nMasked: number): NullDistribution {
  if (maps.length === 0) throw new Error('the null distribution needs at least one experiment');
  const nBins = binCount(maps);
  const histogram = convolveHistograms(
    maps.map((ma) => experimentHistogram(ma, nMasked, nBins)),
    nBins,
  );
  return { histogram, ...survivalFromHistogram(histogram) };
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

/** Uncorrected p of an ALE value: the histogram was built by truncation, the lookup rounds. */
export function pFromAle(ale: number, nullDist: NullDistribution): number {
  if (ale === 0) return 1;
  const last = nullDist.survival.length - 1;
  const b = Math.min(Math.round(ale * INV_BIN_STEP), last);
  return Math.min(Math.max(nullDist.survival[b], nullDist.pMin), 1);
}

/**
 * Cluster-forming threshold in ALE units for an uncorrected p (spec §5.5):
 * the centre of the bin before the first one whose survival is ≤ p.
 */
export function aleThresholdForP(p: number, nullDist: NullDistribution): number {
  const s = nullDist.survival;
  let k = 0;
  while (k < s.length && s[k] > p) k++;
  if (k === s.length) throw new Error(`no ALE value reaches p ≤ ${p} under this null; the dataset is too small for that threshold`);
  return binCentre(Math.max(0, k - 1));
}
