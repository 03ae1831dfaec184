/**
 * Every Monte-Carlo engine against plain full stamping on a toy made to be unforgiving: a 10 × 9 × 11 grid whose
 * sides are not multiples of the 4-voxel blocks, a patterned mask, and kernels that are heavy to their edges and
 * fall at a different rate along each axis (a value read one voxel past a kernel's edge, or along the wrong axis,
 * changes the ALE by percents, where the real Gaussians' tiny tails hide it). Thresholds range from most voxels
 * passing to none.
 */
import { describe, expect, it } from 'vitest';
import { PrunedEngine } from '../workers/inference/monteCarlo/prunedEngine.ts';
import type { NullModelSpec } from '../workers/inference/monteCarlo/nullModel.ts';
import { SlabStamping } from '../workers/inference/monteCarlo/slabStamping.ts';
import { WasmSlabStamping } from '../workers/inference/monteCarlo/wasmSlabStamping.ts';
import { fullStampIteration } from './support/fullStampNull.ts';
import { stampedIteration, toyNullSpec } from './support/nullSpec.ts';

/**
 * A kernel of radius r that falls from its centre along each axis at its own rate, and stays heavy to its edges.
 * Each axis is symmetric, as Gaussian kernels are and as the engines' bounds assume (they read a block's nearest
 * voxel at the distance from the focus, not at the signed offset).
 */
function heavy(r: number, base: number): { radius: number; values: Float32Array } {
  const side = 2 * r + 1;
  const fall = (d: number, rate: number) => ((r + 1 - Math.abs(d)) / (r + 1)) * rate;
  const values = new Float32Array(side ** 3);
  for (let a = -r; a <= r; a++)
    for (let b = -r; b <= r; b++)
      for (let c = -r; c <= r; c++) values[((a + r) * side + (b + r)) * side + (c + r)] = base + fall(a, 0.1) + fall(b, 0.06) + fall(c, 0.03);
  return { radius: r, values };
}

function toy(threshold: number, connectivity: 6 | 26 = 6): NullModelSpec {
  const shape: [number, number, number] = [10, 9, 11];
  const maskedToFlat: number[] = [];
  for (let i = 0, v = 0; i < 10; i++) for (let j = 0; j < 9; j++) for (let k = 0; k < 11; k++, v++) if ((7 * i + 3 * j + k) % 10 < 7) maskedToFlat.push(v);
  return toyNullSpec({
    shape,
    maskedToFlat: Int32Array.from(maskedToFlat),
    kernels: [heavy(1, 0.05), heavy(2, 0.02)],
    experimentKernel: Int32Array.from([0, 1, 0, 1, 0]),
    experimentFoci: Int32Array.from([3, 2, 4, 1, 2]),
    threshold,
    connectivity,
    seed: 11,
  });
}

const THRESHOLDS = [0.15, 0.25, 0.35, 0.45];

describe('the Monte-Carlo engines on a heavy-tailed toy', () => {
  it('has thresholds that some iterations pass widely, some narrowly and some not at all', () => {
    const sizes = THRESHOLDS.map((t) => Array.from({ length: 6 }, (_, i) => fullStampIteration(toy(t), i).maxSize));
    expect(Math.min(...sizes[0])).toBeGreaterThan(15);
    expect(Math.min(...sizes[2])).toBeGreaterThan(0);
    expect(Math.max(...sizes[2])).toBeLessThan(5);
    expect(Math.max(...sizes[3])).toBe(0);
  });

  it.each(THRESHOLDS)('prunes blocks and equals full stamping (threshold %f)', (threshold) => {
    for (const connectivity of [6, 26] as const) {
      const spec = toy(threshold, connectivity);
      const engine = new PrunedEngine(spec);
      for (let i = 0; i < 6; i++) expect(engine.iteration(i), `iteration ${i}, ${connectivity}-connectivity`).toEqual(fullStampIteration(spec, i));
    }
  });

  it('finds a lone focus’s own peak as the largest ALE when nothing passes', () => {
    const spec = { ...toy(0.45), experimentKernel: Int32Array.from([1]), experimentFoci: Int32Array.from([1]) };
    const engine = new PrunedEngine(spec);
    for (let i = 0; i < 4; i++) expect(engine.iteration(i)).toEqual({ maxAle: spec.kernels[1].values[62], maxSize: 0, maxMass: 0 });
  });

  it.each(THRESHOLDS)('stamps slabs in TypeScript and equals full stamping (threshold %f)', (threshold) => {
    const spec = toy(threshold);
    for (let i = 0; i < 6; i++) expect(stampedIteration(spec, (foci, reach) => new SlabStamping(foci, reach), i), `iteration ${i}`).toEqual(fullStampIteration(spec, i));
  });

  it.each(THRESHOLDS)('stamps slabs in WebAssembly, whole kernels and kernel cores, and equals full stamping (threshold %f)', (threshold) => {
    const spec = toy(threshold);
    for (const tau of [0, 0.06, 0.2]) {
      for (let i = 0; i < 6; i++) expect(stampedIteration(spec, (foci, reach) => new WasmSlabStamping(foci, reach, tau), i), `iteration ${i}, τ ${tau}`).toEqual(fullStampIteration(spec, i));
    }
  });
});
