import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aleKernel, fwhmFromSampleSize, numpySum } from '../workers/core/kernel.ts';
import { convolveHistograms } from '../workers/core/nullConvolution.ts';
import { Xoshiro128 } from '../workers/inference/rng.ts';
import { hasReference, referencePath } from './support/reference.ts';

describe('ALE kernel (spec §3, §12A)', () => {
  it('has the width, size and sum of §12A for N = 20', () => {
    const k = aleKernel(fwhmFromSampleSize(20));
    expect(k.sigmaVoxels).toBeCloseTo(1.962197, 6);
    expect(k.radius).toBe(8);
    expect(k.side).toBe(17);
    expect(numpySum(k.values64)).toBeCloseTo(1, 12);
    // §12A's centre, 8.404614650e-03, assumes float64 voxel sizes; NiMARE takes sqrt of float32 zooms,
    // which its own kernels (below) confirm, and that gives this value.
    expect(k.values64[(8 * 17 + 8) * 17 + 8]).toBeCloseTo(8.404614219e-3, 12);
  });

  it('is cut by the 31-voxel box at N = 1, so it no longer sums to 1', () => {
    const k = aleKernel(fwhmFromSampleSize(1));
    expect(k.side).toBe(31);
    expect(numpySum(k.values64)).toBeCloseTo(0.999758995, 9);
  });

  it.skipIf(!hasReference)('equals NiMARE’s float32 kernels exactly for every sample size of the pain data', () => {
    const reference = JSON.parse(readFileSync(referencePath('pain/kernels_3d_by_sample_size.json'), 'utf8')) as Record<string, number[][][]>;
    const sizes = Object.keys(reference);
    expect(sizes.length).toBeGreaterThanOrEqual(9);
    for (const key of sizes) {
      const expected = reference[key];
      const k = aleKernel(fwhmFromSampleSize(Number(key.slice(1))));
      expect(expected.length, key).toBe(k.side);
      const flat = expected.flat(2);
      let mismatches = 0;
      let maxRelative = 0;
      for (let i = 0; i < flat.length; i++) {
        if (Math.fround(flat[i]) !== k.values[i]) mismatches++;
        maxRelative = Math.max(maxRelative, Math.abs(flat[i] - k.values64[i]) / flat[i]);
      }
      expect(mismatches, key).toBe(0);
      expect(maxRelative, key).toBeLessThan(1e-14);
    }
  });
});

describe('the analytic null’s convolution', () => {
  it('gives the same histogram bin for bin in TypeScript as in WebAssembly', () => {
    const rng = new Xoshiro128(11, 0);
    // 30 experiments, each with mass at zero and at 40 random bins below 0.05 (MA values of real kernels).
    const histograms = Array.from({ length: 30 }, () => {
      const bins = Int32Array.from(new Set([0, ...Array.from({ length: 40 }, () => 1 + rng.nextBelow(5000))])).sort();
      const raw = Array.from(bins, (b) => (b === 0 ? 50 : 1 + rng.nextBelow(9)));
      const total = raw.reduce((a, b) => a + b, 0);
      return { bins, mass: Float64Array.from(raw, (r) => r / total) };
    });
    const wasm = convolveHistograms(histograms, 100_001, 'wasm');
    const typescript = convolveHistograms(histograms, 100_001, 'typescript');
    expect(typescript).toEqual(wasm);
    expect(wasm.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(wasm.findLastIndex((v) => v > 0)).toBeGreaterThan(20_000);
  });

  it('takes 150,000 experiments (a list that large overflowed the call stack as spread arguments)', () => {
    const histograms = Array.from({ length: 150_000 }, () => ({ bins: Int32Array.from([0]), mass: Float64Array.from([1]) }));
    const null_ = convolveHistograms(histograms, 10, 'wasm');
    expect(Array.from(null_)).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
