/**
 * Known answers for NiMARE's analytic null, piece by piece: the bin count, one experiment's histogram, the
 * convolution against a plain transcription of NiMARE's loop, the survival curve, and p and thresholds read off it.
 */
import { describe, expect, it } from 'vitest';
import { createGeometry } from '../workers/core/grid.ts';
import { aleKernel, fwhmFromSampleSize } from '../workers/core/kernel.ts';
import { experimentMA, ModeledActivationStamper } from '../workers/core/modeledActivation.ts';
import { convolveHistograms } from '../workers/core/nullConvolution.ts';
import {
  aleThresholdForP,
  binCentre,
  binCount,
  experimentHistogram,
  INV_BIN_STEP,
  nullDistribution,
  pFromAle,
  survivalFromHistogram,
  type NullDistribution,
  type SparseHistogram,
} from '../workers/core/nullHistogram.ts';

/**
 * NiMARE's _update_ale_histogram written out plainly: for each experiment bin (outer) and each non-empty
 * accumulated bin (inner), both ascending, the union's bin gets the product of their masses; bins past the
 * last are clamped to it.
 */
function plainConvolution(histograms: readonly SparseHistogram[], nBins: number): Float64Array {
  let acc = new Float64Array(nBins);
  histograms[0].bins.forEach((b, n) => (acc[b] = histograms[0].mass[n]));
  for (const { bins, mass } of histograms.slice(1)) {
    const out = new Float64Array(nBins);
    bins.forEach((b, x) => {
      for (let a = 0; a < nBins; a++) {
        if (!(acc[a] > 0)) continue;
        const union = 1 - (1 - binCentre(b)) * (1 - binCentre(a));
        out[Math.min(Math.trunc(union * INV_BIN_STEP), nBins - 1)] += mass[x] * acc[a];
      }
    });
    acc = out;
  }
  return acc;
}

function sparse(bins: number[], mass: number[]): SparseHistogram {
  return { bins: Int32Array.from(bins), mass: Float64Array.from(mass) };
}

describe("the null's bins", () => {
  it('allocates bins up to the largest ALE the maxima allow, from their values rounded up to 1e-5 in float32', () => {
    expect(binCount([])).toBe(2);
    expect(binCount([0.5])).toBe(50_002);
    expect(binCount([0.5, 0.5])).toBe(75_002);
    // 0.012345 → ceil(1234.5) = 1235 → 0.01235 in float32 (0.0123500004…) → (0.0123500004 + 1.5e-5) / 1e-5 → 1237.
    expect(binCount([0.012345])).toBe(1237);
  });

  it("histograms one experiment's MA values over the whole mask, zeros in bin 0, as NiMARE's probabilities", () => {
    const geometry = createGeometry([24, 24, 24], Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), new Uint8Array(24 ** 3).fill(1));
    // N = 1: the kernel's tails truncate to bin 0, so zeros and tails share it (and it is listed once).
    for (const sampleSize of [20, 1]) {
      const kernel = aleKernel(fwhmFromSampleSize(sampleSize));
      const ijk = Int32Array.from([5, 6, 7, 9, 6, 7, 20, 20, 1]);
      const ma = experimentMA(ijk, kernel, geometry);
      const counts = new Map<number, number>([[0, geometry.nMasked - ma.value.length]]);
      for (const v of ma.value) {
        const b = Math.trunc(v * INV_BIN_STEP);
        counts.set(b, (counts.get(b) ?? 0) + 1);
      }
      const expected = [...counts].sort((p, q) => p[0] - q[0]);
      const scratch = new Int32Array(100_001);
      const stamper = new ModeledActivationStamper(geometry);
      stamper.stamp(ijk, kernel);
      const h = experimentHistogram(stamper, kernel, geometry.nMasked, scratch);
      expect(Array.from(h.bins)).toEqual(expected.map(([b]) => b));
      expect(Array.from(h.mass)).toEqual(expected.map(([, c]) => c * (1 / geometry.nMasked)));
      expect(h.bins[0]).toBe(0);
      expect(scratch.every((c) => c === 0)).toBe(true);
    }
  });
});

describe('the convolution of the experiments’ histograms', () => {
  const histograms = [
    sparse([0, 3, 40, 41], [0.5, 0.25, 0.125, 0.125]),
    sparse([0, 7, 900], [0.75, 0.2, 0.05]),
    sparse([0, 2, 5, 1500], [0.6, 0.2, 0.15, 0.05]),
    sparse([1, 1999], [0.5, 0.5]),
  ];

  it('gives NiMARE’s loop bin for bin, in WebAssembly and in TypeScript, with unions past the last bin clamped to it', () => {
    for (const nBins of [2000, 3000]) {
      const plain = plainConvolution(histograms, nBins);
      expect(plain.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(convolveHistograms(histograms, nBins, 'wasm')).toEqual(plain);
      expect(convolveHistograms(histograms, nBins, 'typescript')).toEqual(plain);
    }
    // With 2000 bins, unions beyond bin 1999 pile up in it.
    expect(plainConvolution(histograms, 2000)[1999]).toBeGreaterThan(plainConvolution(histograms, 3000)[1999]);
  });

  it('skips bins whose mass underflowed to exactly 0 at either end, as NiMARE’s non-zero test does', () => {
    // 1e-300 · 1e-300 is 0: the lowest and highest unions of the first two experiments are empty bins.
    const tiny = [sparse([0, 10, 20], [1e-300, 1, 1e-300]), sparse([5, 6, 30], [1e-300, 1, 1e-300])];
    const two = plainConvolution(tiny, 100);
    expect([two[4], two[5], two[39], two[49]]).toEqual([0, 1e-300, 1e-300, 0]);
    const three = [...tiny, sparse([0, 1, 2], [1e-100, 1, 1e-100])];
    for (const histograms of [tiny, three]) {
      const plain = plainConvolution(histograms, 100);
      for (const engine of ['wasm', 'typescript'] as const) expect(convolveHistograms(histograms, 100, engine)).toEqual(plain);
    }
  });
});

describe('p-values and thresholds from the survival curve', () => {
  function nullOf(histogram: number[]): NullDistribution {
    const h = Float64Array.from(histogram);
    return { histogram: h, ...survivalFromHistogram(h), binsPerUnit: 100_000, invStep: INV_BIN_STEP, convention: 'nimare' };
  }

  it('is the reverse cumulative sum of the normalised histogram, scaled so that it starts at exactly 1', () => {
    const { survival, pMin } = survivalFromHistogram(Float64Array.from([2, 1, 1, 0]));
    expect(Array.from(survival)).toEqual([1, 0.5, 0.25, 0]);
    expect(pMin).toBe(0.25);
    // 0.3/0.6 + 0.2/0.6 + 0.1/0.6 sums to 0.9999999999999999; the curve is divided by it.
    const rounded = survivalFromHistogram(Float64Array.from([0.1, 0.2, 0.3]));
    expect(rounded.survival[0]).toBe(1);
    expect(rounded.survival[1]).toBeCloseTo(5 / 6, 15);
    expect(rounded.survival[2]).toBeCloseTo(0.5, 15);
    expect(rounded.pMin).toBe(rounded.survival[2]);
  });

  it('reads p at round(ALE · 99999.99999999999), never below the smallest non-zero survival, 1 at ALE 0', () => {
    const nd = nullOf([2, 1, 1, 0]);
    expect(pFromAle(0, nd)).toBe(1);
    expect(pFromAle(1e-5, nd)).toBe(0.5);
    // 1.5e-5 · 99999.99999999999 = 1.4999999999999998: NiMARE's lookup rounds it down to bin 1.
    expect(pFromAle(1.5e-5, nd)).toBe(0.5);
    expect(pFromAle(1.6e-5, nd)).toBe(0.25);
    expect(pFromAle(3e-5, nd)).toBe(0.25);
    expect(pFromAle(0.9, nd)).toBe(0.25);
    expect(pFromAle(1e-7, nd)).toBe(1);
  });

  it('thresholds at the centre of the bin before the first whose survival is ≤ p, or says none reaches p', () => {
    const nd = nullOf([2, 1, 1, 0]);
    expect([1, 0.5, 0.3, 0.25, 0.1].map((p) => aleThresholdForP(p, nd))).toEqual([0, 0, 1e-5, 1e-5, 2e-5]);
    expect(() => aleThresholdForP(0.1, nullOf([1, 1]))).toThrow('no ALE value reaches p ≤ 0.1 under this null; the dataset is too small for that threshold');
    // JALE's rule (jaleNull.ts): the first bin whose survival is < p, less half a bin of 1e-4.
    expect(aleThresholdForP(0.25, { ...nd, convention: 'jale' })).toBeCloseTo(2.5e-4, 15);
  });

  it('builds the null from the histograms and the maxima, and refuses an empty list', () => {
    const nd = nullDistribution([sparse([0, 3], [0.5, 0.5]), sparse([0, 2], [0.75, 0.25])], [3e-5, 2e-5]);
    // Unions in float64, truncated with NumPy (1 − (1 − 3e-5) = 2.999999999997449e-05 → bin 2;
    // 1 − (1 − 2e-5) = 2.0000000000020002e-05 → bin 2; 1 − (1 − 2e-5)(1 − 3e-5) = 4.999939999994485e-05 → bin 4).
    expect(nd.histogram.length).toBe(binCount([3e-5, 2e-5]));
    expect(Array.from(nd.histogram.slice(0, 6))).toEqual([0.375, 0, 0.5, 0, 0.125, 0]);
    expect([nd.binsPerUnit, nd.invStep, nd.convention]).toEqual([100_000, INV_BIN_STEP, 'nimare']);
    expect(nd.pMin).toBe(0.125);
    expect(nd.survival[3]).toBe(0.125);
    expect(() => nullDistribution([], [])).toThrow('the null distribution needs at least one experiment');
  });
});
