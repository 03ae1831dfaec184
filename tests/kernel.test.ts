import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { aleKernel, fwhmFromSampleSize, jaleKernel, KernelCache, numpySum } from '../workers/core/kernel.ts';
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

describe('NumPy’s np.sum (pairwise within each 8,192-value buffer)', () => {
  it('gives the float64 sum of NumPy 1.24.2 (the reference outputs’ version), to the last bit', () => {
    // a[i] = ((7919 i mod 1009) − 504) · 2^((29 i mod 83) − 41) + 0.1 (i mod 3): exact in both languages.
    const values = (n: number) => Float64Array.from({ length: n }, (_, i) => (((i * 7919) % 1009) - 504) * 2 ** (((i * 29) % 83) - 41) + 0.1 * (i % 3));
    // np.sum in NumPy 1.24.2 (Debian bookworm's python3-numpy). 10,000 and 20,001 values span buffers.
    const NUMPY: [number, number][] = [
      [0, 0],
      [1, -2.2919266484677792e-10],
      [7, -519176191.7320313],
      [9, 9211609116.25547],
      [17, 3191245516124.9556],
      [127, 1461931345140924.5],
      [128, 1461931345140925.0],
      [129, 1461931393375421.2],
      [200, 1937480644940239.5],
      // 255 and 1,023 (16m − 1) are where halving down and up would split a block differently.
      [255, 2377687736760062.0],
      [1023, 462839201042541.0],
      [1000, -499547310960130.0],
      [4097, 947914264922396.1],
      [10_000, 798499062609314.6],
      [20_001, 668162434334797.6],
    ];
    for (const [n, sum] of NUMPY) expect(numpySum(values(n)), `n = ${n}`).toBe(sum);
  });
});

describe('JALE’s kernel (compute_3dkernel)', () => {
  it('equals compute_3dkernel run in NumPy 1.24.2 to within its exp’s last bits, and stays within the 31-voxel box', () => {
    // [N, FWHM, half-width, value at the centre, at (0, 1, 2), at centre + (0, 1, 3)] from JALE's code in NumPy 1.24.2.
    // NumPy's vectorised exp and JavaScript's differ in the last bit for some arguments, so values agree to 1e-15.
    const JALE: [number, number, number, number, number, number][] = [
      [20, 9.241242951547518, 7, 0.008407134720458351, 5.257661742376064e-9, 0.00229435784951237],
      [5, 11.37334466796002, 9, 0.00450947183056047, 2.694650750676292e-10, 0.0019132598917393712],
      [1, 19.072644189655946, 15, 0.000956363120466918, 1.474564801073724e-11, 0.0007050448365647663],
    ];
    for (const [n, fwhm, h, centre, corner, offset] of JALE) {
      expect(fwhmFromSampleSize(n)).toBe(fwhm);
      const k = jaleKernel(fwhm);
      const at = (i: number, j: number, l: number) => k.values64[(i * k.side + j) * k.side + l];
      expect([k.radius, k.side]).toEqual([h, 2 * h + 1]);
      [at(h, h, h), at(0, 1, 2), at(h, h + 1, h + 3)].forEach((v, i) => expect(Math.abs(v / [centre, corner, offset][i] - 1)).toBeLessThan(1e-15));
      expect(k.values[0]).toBe(Math.fround(k.values64[0]));
    }
    const wide = jaleKernel(30);
    expect(wide.side).toBe(31);
    expect(numpySum(wide.values64)).toBeCloseTo(1, 12);
  });

  it('refuses a sample size that is not a positive number, and caches one kernel per width and form', () => {
    for (const bad of [0, -3, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => fwhmFromSampleSize(bad)).toThrow(`sample size must be a positive number, got ${bad}`);
    const nimare = new KernelCache();
    const jale = new KernelCache(8, 'jale');
    expect(nimare.forFwhm(10)).toBe(nimare.forFwhm(10));
    expect(nimare.forFwhm(10)).not.toBe(nimare.forFwhm(11));
    expect(nimare.forFwhm(10).values64).toEqual(aleKernel(10).values64);
    expect(jale.forFwhm(10).values64).toEqual(jaleKernel(10).values64);
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
