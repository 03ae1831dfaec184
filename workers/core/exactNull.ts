/**
 * An exact analytic null of ALE, offered beside NiMARE's (issue 19, item 8).
 * NiMARE's null bins every MA value down to a 1e-5 grid and truncates each
 * convolution step to a bin again, so every step loses up to one bin: after
 * tens of experiments the whole distribution sits several bins too low and
 * the cluster-forming threshold is liberal (inhibition example: ALE 0.02127,
 * whose true p is about 0.00108, where the 0.999 quantile is 0.021449).
 *
 * Here each experiment contributes its distinct MA values unbinned, and each
 * step splits the mass of every combined value linearly between the two
 * grid points around it. The split keeps each value's mean exactly, so the
 * only error left is a spread of about one grid step, whose effect on a tail
 * probability is of second order (far below 0.1 % at p = 0.001). Mass above
 * the last grid point whose tail exceeds 1e-60 is dropped: p is never
 * reported below that, where z is above 16.
 */
import { distinctKernelValues, type AleKernel } from './kernel.ts';
import type { ModeledActivationStamper } from './modeledActivation.ts';
import type { NullDistribution } from './nullHistogram.ts';

/** Spacing of the convolution grid, in ALE units. */
const GRID = 1e-5;
/** Lookup bins per ALE unit: p is read at round(ALE · 1e6), a tenth of the grid. */
export const EXACT_LOOKUP_BINS = 1_000_000;
/** MA values closer than this are merged (a tenth of the grid). */
const MERGED_WIDTH = GRID / 10;
/** Mass beyond which the upper tail is dropped. */
const TAIL_DROPPED = 1e-60;

/** One experiment's distribution of MA values over the mask voxels: its distinct values (0 included) and their shares. */
export interface ExactHistogram {
  values: Float64Array;
  mass: Float64Array;
}

/** The experiment just stamped, as the float32 MA values the observed map is made of. */
export function exactHistogram(stamped: ModeledActivationStamper, kernel: AleKernel, nMasked: number): ExactHistogram {
  const { index, values } = distinctKernelValues(kernel);
  const counts = new Float64Array(values.length);
  for (let t = 0; t < stamped.count; t++) counts[index[stamped.offset[t]]]++;
  const outValues = [0];
  const outMass = [(nMasked - stamped.count) / nMasked];
  // Values within one MERGED_WIDTH bucket become one, at their mass-weighted mean: each convolution
  // step is affine in the MA value, so the mean is kept, and a tenth of a grid step moves nothing
  // measurable while halving the values of a wide kernel (most of them tiny).
  let bucket = -1;
  let weighted = 0;
  values.forEach((v, n) => {
    if (counts[n] === 0) return;
    const b = Math.floor(v / MERGED_WIDTH);
    if (b !== bucket || outValues.length === 1) {
      if (outValues.length > 1) outValues[outValues.length - 1] = weighted / outMass[outMass.length - 1];
      outValues.push(v);
      outMass.push(0);
      weighted = 0;
      bucket = b;
    }
    outMass[outMass.length - 1] += counts[n] / nMasked;
    weighted += (v * counts[n]) / nMasked;
  });
  if (outValues.length > 1) outValues[outValues.length - 1] = weighted / outMass[outMass.length - 1];
  return { values: Float64Array.from(outValues), mass: Float64Array.from(outMass) };
}

/**
 * Mass at the grid points k·1e-5 of ALE = 1 − Π(1 − MAₑ), each MAₑ drawn
 * independently from its experiment's histogram.
 */
export function exactConvolution(histograms: readonly ExactHistogram[]): Float64Array {
  let logNone = 0;
  for (const h of histograms) logNone += Math.log1p(-h.values[h.values.length - 1]);
  const nBins = Math.ceil(-Math.expm1(logNone) / GRID) + 3;
  let acc = new Float64Array(nBins);
  let out = new Float64Array(nBins);
  acc[0] = 1;
  let hi = 0;
  for (const { values, mass } of histograms) {
    out.fill(0, 0, Math.min(nBins, hi + Math.ceil(values[values.length - 1] / GRID) + 3));
    let top = 0;
    for (let x = 0; x < values.length; x++) {
      const m = values[x];
      const w = mass[x];
      // 1 − (1 − a·GRID)(1 − m), in grid units: a·(1 − m) + m / GRID.
      if (m === 0) {
        for (let a = 0; a <= hi; a++) out[a] += w * acc[a];
        continue;
      }
      const slope = 1 - m;
      const shift = m / GRID;
      for (let a = 0; a <= hi; a++) {
        const q = w * acc[a];
        const u = a * slope + shift;
        // u is positive and below 2^31: | 0 floors it.
        const j = u | 0;
        const f = u - j;
        out[j] += q - q * f;
        out[j + 1] += q * f;
      }
      top = Math.max(top, ((hi * slope + shift) | 0) + 1);
    }
    [acc, out] = [out, acc];
    hi = dropFarTail(acc, top);
  }
  return acc.subarray(0, hi + 1);
}

/** The highest bin kept: the bins above it hold less than TAIL_DROPPED together, and are zeroed. */
function dropFarTail(mass: Float64Array, top: number): number {
  let tail = 0;
  let k = top;
  while (k > 0 && tail + mass[k] < TAIL_DROPPED) {
    tail += mass[k];
    mass[k] = 0;
    k--;
  }
  return k;
}

/**
 * P(ALE ≥ t) at t = k / 1e6: each grid point's mass is spread as a triangle
 * one grid step wide on either side (what the linear split approximates), so
 * the survival is smooth between grid points and half of a point's own mass
 * counts at the point itself.
 */
export function exactSurvival(gridMass: Float64Array): Float64Array {
  let total = 0;
  for (const m of gridMass) total += m;
  const n = gridMass.length;
  const tail = new Float64Array(n + 2);
  for (let k = n - 1; k >= 0; k--) tail[k] = tail[k + 1] + gridMass[k] / total;
  const perGrid = Math.round(EXACT_LOOKUP_BINS * GRID);
  const survival = new Float64Array(n * perGrid + 1);
  for (let s = 0; s < survival.length; s++) {
    const g = Math.floor(s / perGrid);
    const x = (s - g * perGrid) / perGrid;
    const here = g < n ? gridMass[g] / total : 0;
    const next = g + 1 < n ? gridMass[g + 1] / total : 0;
    survival[s] = Math.min(tail[Math.min(g + 2, n)] + next * (1 - (x * x) / 2) + here * ((1 - x) * (1 - x)) / 2, 1);
  }
  // Every ALE is ≥ 0; the spread of the point at 0 (most of it a true atom) must not say otherwise.
  survival[0] = 1;
  return survival;
}

/** The exact null of these experiments, read as NiMARE's is (pFromAle, aleThresholdForP), at a tenth of its bin. */
export function exactNullDistribution(histograms: readonly ExactHistogram[]): NullDistribution {
  if (histograms.length === 0) throw new Error('the null distribution needs at least one experiment');
  const histogram = exactConvolution(histograms);
  const survival = exactSurvival(histogram);
  let pMin = 1;
  for (const s of survival) if (s > 0 && s < pMin) pMin = s;
  return { histogram, survival, pMin, binsPerUnit: EXACT_LOOKUP_BINS, invStep: EXACT_LOOKUP_BINS, convention: 'exact' };
}
