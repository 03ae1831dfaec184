/**
 * Known answers for the exact analytic null, piece by piece: grid masses of a two-experiment union by hand,
 * the mean kept exactly by the linear split, the far tail dropped at 1e-60, the triangle-spread survival by
 * hand, and one experiment's histogram keeping its mean MA value.
 */
import { describe, expect, it } from 'vitest';
import { exactConvolution, exactHistogram, exactNullDistribution, exactSurvival, EXACT_LOOKUP_BINS, type ExactHistogram } from '../workers/core/exactNull.ts';
import { createGeometry } from '../workers/core/grid.ts';
import { aleKernel, fwhmFromSampleSize } from '../workers/core/kernel.ts';
import { experimentMA, ModeledActivationStamper } from '../workers/core/modeledActivation.ts';

const hist = (values: number[], mass: number[]): ExactHistogram => ({ values: Float64Array.from(values), mass: Float64Array.from(mass) });

describe('the exact null’s convolution', () => {
  it('puts a two-experiment union’s mass on the grid points around each value, split linearly', () => {
    const grid = exactConvolution([hist([0, 2e-5], [0.5, 0.5]), hist([0, 3e-5], [0.5, 0.5])]);
    // Unions: 0, 2e-5, 3e-5 (each 0.25) and 1 − (1 − 2e-5)(1 − 3e-5) = 4.99994e-5: 0.00006 of it at 4e-5, the rest at 5e-5.
    const expected = [0.25, 0, 0.25, 0.25, 0.25 * 0.00006, 0.25 * 0.99994];
    expect(grid.length).toBe(6);
    grid.forEach((m, k) => expect(m).toBeCloseTo(expected[k], 12));
  });

  it('keeps the mean ALE exactly, 1 − Π(1 − mean MAₑ), and the total mass', () => {
    const histograms = [
      hist([0, 1.3e-4, 0.0071, 0.0123], [0.9, 0.05, 0.03, 0.02]),
      hist([0, 3.37e-5, 0.0204], [0.95, 0.04, 0.01]),
      hist([0, 0.001, 0.002, 0.005, 0.0301], [0.8, 0.1, 0.05, 0.04, 0.01]),
    ];
    const grid = exactConvolution(histograms);
    const mean = grid.reduce((s, m, k) => s + m * k * 1e-5, 0);
    const meanMa = histograms.map((h) => h.values.reduce((s, v, n) => s + v * h.mass[n], 0));
    expect(mean).toBeCloseTo(1 - meanMa.reduce((p, m) => p * (1 - m), 1), 15);
    expect(grid.reduce((s, m) => s + m, 0)).toBeCloseTo(1, 14);
    // The largest union, 1 − (1 − 0.0123)(1 − 0.0204)(1 − 0.0301) = 0.0615724, lies between grid points 6157 and 6158.
    expect(grid.length).toBe(6159);
    expect(grid[6158]).toBeGreaterThan(0);
  });

  it('drops the far upper tail once it holds less than 1e-60, and no more', () => {
    // Ten experiments at 0.5 with probability 1e-9 each: six of them (210 ways, 2.1e-52) are kept, seven or more
    // (1.2e-61 in all) are not.
    const grid = exactConvolution(Array.from({ length: 10 }, () => hist([0, 0.5], [1 - 1e-9, 1e-9])));
    // Six at 0.5 give ALE 1 − 0.5⁶ = 0.984375, halfway between grid points 98437 and 98438.
    expect(grid.length).toBe(98_439);
    expect(grid[98_438] / (0.5 * 210e-54)).toBeCloseTo(1, 7);
  });

  it('drops tail bins while their sum stays under 1e-60, so one bin too small alone is kept when the sum reaches it', () => {
    // Three unions of ε² ≈ 4e-61 each at the top (0.475, 0.44 and 0.37): the first two are dropped (8e-61 together),
    // the third brings the tail to 1.2e-60 and is kept.
    const e = Math.sqrt(4e-61);
    const grid = exactConvolution([hist([0, 0.1, 0.2, 0.25], [1 - 3 * e, e, e, e]), hist([0, 0.3], [1 - e, e])]);
    expect(grid.length).toBeGreaterThanOrEqual(37_000);
    expect(grid.length).toBeLessThanOrEqual(37_002);
    expect(grid.slice(36_990).reduce((s, m) => s + m, 0)).toBeCloseTo(4e-61, 70);
  });
});

describe('the exact null’s survival', () => {
  it('spreads each grid point’s mass as a triangle one step wide, read at tenths of a step', () => {
    const survival = exactSurvival(Float64Array.from([0.5, 0.5]));
    expect(survival.length).toBe(21);
    // s = 5 (x = 0.5 between points 0 and 1): 0.5·(1 − 0.125) + 0.5·0.25/2 = 0.5; s = 10: half of point 1; s = 15: 0.0625.
    expect([survival[0], survival[5], survival[10], survival[15], survival[20]]).toEqual([1, 0.5, 0.25, 0.0625, 0]);
    expect(survival[3]).toBeCloseTo(0.5 * (1 - 0.09 / 2) + (0.5 * 0.49) / 2, 15);
    const unnormalised = exactSurvival(Float64Array.from([1, 1]));
    expect(Array.from(unnormalised)).toEqual(Array.from(survival));
  });

  it('builds the null read at a tenth of its grid, and refuses an empty list', () => {
    const nd = exactNullDistribution([hist([0, 2e-5], [0.5, 0.5]), hist([0, 3e-5], [0.5, 0.5])]);
    expect([nd.binsPerUnit, nd.invStep, nd.convention]).toEqual([EXACT_LOOKUP_BINS, EXACT_LOOKUP_BINS, 'exact']);
    expect(nd.survival.length).toBe(61);
    expect(nd.pMin).toBe(Math.min(...Array.from(nd.survival).filter((s) => s > 0)));
    expect(() => exactNullDistribution([])).toThrow('the null distribution needs at least one experiment');
  });
});

describe('one experiment’s exact histogram', () => {
  it('lists 0 and its MA values (merged within 1e-6) with their shares, keeping the mean MA value', () => {
    const geometry = createGeometry([24, 24, 24], Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), new Uint8Array(24 ** 3).fill(1));
    const kernel = aleKernel(fwhmFromSampleSize(12));
    const ijk = Int32Array.from([6, 6, 6, 9, 7, 6, 20, 20, 20]);
    const ma = experimentMA(ijk, kernel, geometry);
    const stamper = new ModeledActivationStamper(geometry);
    stamper.stamp(ijk, kernel);
    const h = exactHistogram(stamper, kernel, geometry.nMasked);
    expect(h.values[0]).toBe(0);
    expect(h.mass[0]).toBe((geometry.nMasked - ma.value.length) / geometry.nMasked);
    expect(h.mass.reduce((s, m) => s + m, 0)).toBeCloseTo(1, 14);
    const meanMa = ma.value.reduce((s, v) => s + v, 0) / geometry.nMasked;
    expect(h.values.reduce((s, v, n) => s + v * h.mass[n], 0)).toBeCloseTo(meanMa, 15);
    for (let n = 2; n < h.values.length; n++) expect(h.values[n] - h.values[n - 1]).toBeGreaterThan(0);
    // Merging within a tenth of the grid leaves fewer values than the kernel has distinct ones reached.
    expect(h.values.length - 1).toBeLessThan(new Set(ma.value).size);
    expect(h.values[h.values.length - 1]).toBeCloseTo(ma.max, 6);
  });
});
