/**
 * The Monte-Carlo null as plain data, with known answers: distinct kernels in first-appearance order, JALE's
 * per-iteration design only where asked for and only with JALE's null, the engine each model gets, and the
 * iterations' maxima written at their own places.
 */
import { describe, expect, it } from 'vitest';
import type { AleKernel } from '../workers/core/kernel.ts';
import { jaleBins } from '../workers/core/jaleNull.ts';
import { createNullEngine, runIterations, type NullIterationEngine } from '../workers/inference/monteCarlo/engine.ts';
import { kernelTable, perIterationFormingP, perIterationSpec } from '../workers/inference/monteCarlo/nullModel.ts';
import { PerIterationNullEngine } from '../workers/inference/monteCarlo/perIterationNull.ts';
import { PrunedEngine } from '../workers/inference/monteCarlo/prunedEngine.ts';
import { SlabEngine } from '../workers/inference/monteCarlo/slabEngine.ts';
import { datasetNullSpec } from './support/nullSpec.ts';
import { hasReference } from './support/reference.ts';

const kernel = (radius: number, fill: number): AleKernel => {
  const side = 2 * radius + 1;
  const values64 = new Float64Array(side ** 3).fill(fill);
  return { fwhm: radius * 4, sigmaVoxels: radius, radius, side, values64, values: Float32Array.from(values64) } as AleKernel;
};

describe('the null model', () => {
  it('lists each distinct kernel once, in first-appearance order, and each experiment’s index into them', () => {
    const a = kernel(1, 0.1);
    const b = kernel(2, 0.2);
    const c = kernel(1, 0.3);
    const table = kernelTable([b, a, b, c, a]);
    expect(Array.from(table.experimentKernel)).toEqual([0, 1, 0, 2, 1]);
    expect(table.kernels.map((k) => k.radius)).toEqual([2, 1, 1]);
    expect(table.kernels[0].values).toBe(b.values);
    expect(table.kernels[2].values).toBe(c.values);
  });

  it('forms each iteration’s clusters at its own null only when the options ask for JALE’s design', () => {
    expect(perIterationFormingP({ mcThreshold: 'per-iteration', clusterFormingP: 0.005 })).toBe(0.005);
    expect(perIterationFormingP({ mcThreshold: 'observed', clusterFormingP: 0.005 })).toBeNull();
    expect(perIterationFormingP({ clusterFormingP: 0.005 })).toBeNull();
  });

  it('builds the per-iteration null from the distinct kernels’ float64 values and JALE’s bins, and only with JALE’s null', () => {
    const a = kernel(1, 0.1);
    const b = kernel(1, 0.2);
    const spec = perIterationSpec([a, b, a], { method: 'jale', histograms: [], maxima: [0.1, 0.2, 0.1] }, 0.001);
    expect(spec.kernels64).toEqual([a.values64, b.values64]);
    expect(spec.kernels64[0]).toBe(a.values64);
    expect(spec.formingP).toBe(0.001);
    expect(spec.bins).toEqual(jaleBins([0.1, 0.2, 0.1]));
    expect(() => perIterationSpec([a], { method: 'nimare', histograms: [], maxima: [0.1] }, 0.001)).toThrow("a null recomputed in each iteration follows JALE's rules: use it with JALE's null");
    expect(() => perIterationSpec([a], { method: 'exact', histograms: [] }, 0.001)).toThrow(/JALE's rules/);
  });

  it('writes each iteration’s maxima at its place, with TFCE only when the engine gives it', () => {
    const fake = (tfce: boolean): NullIterationEngine => ({
      strategy: 'fake',
      iteration: (i) => ({ maxAle: i / 100, maxSize: i, maxMass: 2 * i, ...(tfce ? { maxTfce: 3 * i } : {}) }),
    });
    const out = runIterations(fake(true), 5, 3);
    expect(out.start).toBe(5);
    expect(Array.from(out.maxAle)).toEqual([0.05, 0.06, 0.07]);
    expect(Array.from(out.maxSize)).toEqual([5, 6, 7]);
    expect(Array.from(out.maxMass)).toEqual([10, 12, 14]);
    expect(Array.from(out.maxTfce!)).toEqual([15, 18, 21]);
    expect(runIterations(fake(false), 0, 2).maxTfce).toBeUndefined();
  });
});

describe.skipIf(!hasReference)('the engine each null gets', () => {
  it('prunes blocks on the sparse pain null and stamps slabs on the dense motor-learning null', () => {
    const pain = createNullEngine(datasetNullSpec('pain_nidm21', 6, 1));
    expect(pain).toBeInstanceOf(PrunedEngine);
    expect(createNullEngine(datasetNullSpec('motor_sequence_learning', 6, 1))).toBeInstanceOf(SlabEngine);
    // The names the summary and the methods report print.
    expect(pain.strategy).toBe('block pruning');
    expect(createNullEngine(datasetNullSpec('motor_sequence_learning', 6, 1)).strategy).toMatch(/^slab stamping, (kernel cores ≥ \d\.\d\de-\d|whole kernels) \(WebAssembly SIMD\)$/);
  });

  it('follows JALE’s design whenever the model carries a per-iteration null', () => {
    const spec = datasetNullSpec('pain_nidm21', 6, 1);
    const perIteration = { kernels64: spec.kernels.map((k) => Float64Array.from(k.values)), bins: jaleBins([0.1]), formingP: 0.001 };
    expect(createNullEngine({ ...spec, perIteration })).toBeInstanceOf(PerIterationNullEngine);
  });
});
