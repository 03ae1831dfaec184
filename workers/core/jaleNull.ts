/**
 * JALE's analytic null (its compute_hx, compute_hx_conv and compute_z), for
 * the `jale` preset: MA values binned to the nearest 1e-4 (NumPy's digitize
 * against edges at 0.00005 + k·1e-4), each convolution step rounded half to
 * even to a bin again, p read at round(ALE · 1e4) from the upper cumulative
 * sum, never below machine ε, and negative z set to 0. Clusters form where
 * p < the cluster-forming p (JALE compares z with Φ⁻¹(1 − p)).
 */
import { roundHalfEven } from './numpyRounding.ts';
import { numpySum, type AleKernel } from './kernel.ts';
import type { ModeledActivationStamper } from './modeledActivation.ts';
import type { NullDistribution } from './nullHistogram.ts';

const STEP = 1e-4;
/** int(1 / 1e-4) in JALE, which is exactly 10000. */
const BINS_PER_UNIT = 10000;

/** NumPy's arange(start, stop, step) values: start + i·(second − first). */
function arange(start: number, stop: number, step: number): Float64Array {
  const n = Math.max(Math.ceil((stop - start) / step), 0);
  const delta = start + step - start;
  return Float64Array.from({ length: n }, (_, i) => start + i * delta);
}

export interface JaleBins {
  edges: Float64Array;
  centres: Float64Array;
}

/** The bins JALE sets from the experiments' kernel maxima: up to the largest possible ALE plus 0.001. */
export function jaleBins(kernelMaxima: readonly number[]): JaleBins {
  let none = 1;
  for (const m of kernelMaxima) none *= 1 - m;
  const stop = 1 - none + 0.001;
  return { edges: arange(0.00005, stop, STEP), centres: arange(0, stop, STEP) };
}

/** np.digitize for ascending edges: how many edges are ≤ x. */
function digitize(x: number, edges: Float64Array): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The bin of each of a kernel's values (JALE bins its MA values in float64): a stamped voxel's bin is its kernel offset's. */
export function jaleKernelBins(kernel: Pick<AleKernel, 'values64'>, bins: JaleBins): Int32Array {
  return Int32Array.from(kernel.values64, (v) => digitize(v, bins.edges));
}

/** One experiment's counts per bin over the mask voxels (zeros included), from the experiment just stamped with a kernel of these bins. */
export function jaleHistogram(stamped: ModeledActivationStamper, kernelBins: Int32Array, nMasked: number, bins: JaleBins): Float64Array {
  const counts = new Float64Array(bins.centres.length);
  for (let t = 0; t < stamped.count; t++) counts[kernelBins[stamped.offset[t]]]++;
  counts[digitize(0, bins.edges)] += nMasked - stamped.count;
  return counts;
}

export function jaleNullDistribution(histograms: readonly Float64Array[], bins: JaleBins): NullDistribution {
  if (histograms.length === 0) throw new Error('the null distribution needs at least one experiment');
  const { centres } = bins;
  const normalised = (h: Float64Array) => {
    const total = numpySum(h);
    return Float64Array.from(h, (c) => c / total);
  };
  let hist = normalised(histograms[0]);
  for (let e = 1; e < histograms.length; e++) {
    const v2 = normalised(histograms[e]);
    const next = new Float64Array(centres.length);
    const da1: number[] = [];
    hist.forEach((m, k) => m > 0 && da1.push(k));
    for (let x = 0; x < v2.length; x++) {
      if (!(v2[x] > 0)) continue;
      const notX = 1 - centres[x];
      for (const a of da1) next[roundHalfEven((1 - notX * (1 - centres[a])) * BINS_PER_UNIT)] += v2[x] * hist[a];
    }
    hist = next;
  }
  let last = hist.length - 1;
  while (last > 0 && !(hist[last] > 0)) last--;
  const survival = new Float64Array(last + 1);
  let run = 0;
  for (let k = last; k >= 0; k--) {
    run += hist[k];
    survival[k] = run;
  }
  return { histogram: hist.subarray(0, last + 1), survival, pMin: Number.EPSILON, binsPerUnit: BINS_PER_UNIT, invStep: BINS_PER_UNIT, convention: 'jale' };
}

/** JALE's cluster-forming threshold as an ALE: voxels whose bin has p < pForming, i.e. ALE ≥ (first such bin − ½) · 1e-4. */
export function jaleThresholdForP(p: number, nullDist: NullDistribution): number {
  const k = nullDist.survival.findIndex((s) => s < p);
  if (k < 0) throw new Error(`no ALE value reaches p < ${p} under this null; the dataset is too small for that threshold`);
  return Math.max(0, (k - 0.5) / BINS_PER_UNIT);
}
