/**
 * Slab stamping's choice between whole kernels and kernel cores, worked by hand on a radius-2 kernel whose centre
 * row is [0.02, 0.2, 0.6, 0.2, 0.02] and whose other 24 rows are [0.004, 0.008, 0.016, 0.008, 0.004], with two
 * experiments of one focus each on a 100-voxel mask and a threshold whose |log1p(−t)| is 0.5, so the four bands
 * give τ = 0.5 · band / 2 = 0.005, 0.0125, 0.025 and 0.05, and core sums of 2 · (101, 53, 4, 4) values. The choice changes only the time an iteration takes (the engines' values are exact either way),
 * but it is what the summary and the methods report name.
 */
import { describe, expect, it } from 'vitest';
import { NullFoci } from '../workers/inference/monteCarlo/nullFoci.ts';
import { planSlabs } from '../workers/inference/monteCarlo/slabEngine.ts';
import { coreHalfWidths, coreLengths, WasmSlabStamping } from '../workers/inference/monteCarlo/wasmSlabStamping.ts';
import { toyNullSpec } from './support/nullSpec.ts';

const values = new Float32Array(125);
for (let row = 0; row < 25; row++) values.set(row === 12 ? [0.02, 0.2, 0.6, 0.2, 0.02] : [0.004, 0.008, 0.016, 0.008, 0.004], row * 5);
const threshold = 1 - Math.exp(-0.5);
const foci = () =>
  new NullFoci(
    toyNullSpec({
      shape: [5, 5, 4],
      maskedToFlat: Int32Array.from({ length: 100 }, (_, v) => v),
      kernels: [{ radius: 2, values }],
      experimentKernel: Int32Array.from([0, 0]),
      experimentFoci: Int32Array.from([1, 1]),
    }),
  );

describe('kernel cores', () => {
  it('keep, row by row, the half-width of the values at least τ, stamped in even lengths', () => {
    const widths = (tau: number) => [coreHalfWidths(values, 2, tau)[12], coreHalfWidths(values, 2, tau)[0]];
    expect(widths(0.005)).toEqual([2, 1]);
    expect(widths(0.0125)).toEqual([2, 0]);
    expect(widths(0.025)).toEqual([1, -1]);
    expect(widths(0.7)).toEqual([-1, -1]);
    const sum = (tau: number) => coreLengths(values, 2, tau).reduce((a, b) => a + b, 0);
    // The centre row whole (5) and 4 or 2 of each other row; then the centre row's 3 values, stamped as 4.
    expect([sum(0.005), sum(0.0125), sum(0.025), sum(0.05), sum(0.7), sum(0)]).toEqual([5 + 24 * 4, 5 + 24 * 2, 4, 4, 0, 125]);
  });
});

describe('the log sums the plan is made from', () => {
  it('are each voxel’s exact Σ log1p(−MA) over the experiments, in experiment order, and are refused with kernel cores', () => {
    const f = foci();
    // Experiment 0 at (2, 2, 2), experiment 1 at (2, 2, 1): at (2, 2, 2) the centre 0.6 and the centre row's 0.2.
    [f.fi[0], f.fj[0], f.fk[0], f.fi[1], f.fj[1], f.fk[1]] = [2, 2, 2, 2, 2, 1];
    const { logs, flat } = new WasmSlabStamping(f, Math.fround(threshold)).logSums(f);
    const at = (i: number, j: number, k: number) => logs[flat.indexOf((i * 5 + j) * 4 + k)];
    const log = (v: number) => Math.log1p(-Math.fround(v));
    expect(at(2, 2, 2)).toBe(0 + log(0.6) + log(0.2));
    expect(at(2, 2, 1)).toBe(0 + log(0.2) + log(0.6));
    expect(at(0, 2, 3)).toBe(0 + log(0.008) + log(0.004));
    expect(flat).toHaveLength(100);
    expect(() => new WasmSlabStamping(f, Math.fround(threshold), 0.01).logSums(f)).toThrow('log sums are exact only with whole kernels');
  });
});

describe('the slab plan', () => {
  it('takes the first band with the fewest predicted nanoseconds: 3 per core value and 50 per focus of each undecided voxel', () => {
    // Each band's limit is −0.5 − 2·log1p(−τ): −0.490, −0.475, −0.449 and −0.397. A voxel at −0.46 is undecided
    // from τ = 0.025 on: 606, 318, 24 + 50 · 2.5 and 24 + 125 ns against 625 for whole kernels.
    const logs = Float64Array.from({ length: 100 }, (_, m) => (m === 7 ? -0.46 : -0.1));
    const plan = planSlabs(foci(), threshold, logs);
    expect(plan.tau).toBeCloseTo(0.025, 12);
    expect(plan.predictedNs).toBe(149);
    expect(plan.wholeNs).toBe(625);
  });

  it('keeps whole kernels when the voxels left undecided would cost more than stamping everything', () => {
    // Ten voxels below every band's limit add 1,250 ns to each.
    const logs = Float64Array.from({ length: 100 }, (_, m) => (m < 10 ? -0.6 : -0.1));
    expect(planSlabs(foci(), threshold, logs)).toEqual({ tau: 0, predictedNs: 625, wholeNs: 625 });
    // Two add 250: cores again, at the first of the two cheapest bands.
    const fewer = planSlabs(foci(), threshold, Float64Array.from({ length: 100 }, (_, m) => (m < 2 ? -0.6 : -0.1)));
    expect(fewer.predictedNs).toBe(274);
    expect(fewer.tau).toBeCloseTo(0.025, 12);
  });
});
