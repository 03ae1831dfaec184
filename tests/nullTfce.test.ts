/**
 * TFCE inside the Monte Carlo: each iteration's largest TFCE equals the one
 * of that iteration's whole z map, stamped in full and enhanced level by
 * level; the other three maxima do not change when TFCE is on; and the pool
 * returns the same array for any number of workers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { analyseObserved, type ObservedAnalysis } from '../workers/core/observedAnalysis.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { zFromP } from '../workers/core/normal.ts';
import { pFromAle } from '../workers/core/nullHistogram.ts';
import { prepareInput } from '../workers/core/prepare.ts';
import { createNullEngine, nullModelSpec, type NullModelSpec } from '../workers/inference/monteCarlo/index.ts';
import { tfceNullSpec } from '../workers/inference/monteCarlo/nullTfce.ts';
import { TfceSweep } from '../workers/inference/tfce.ts';
import { runNullPool } from '../workers/runtime/pool.ts';
import { fullStampAle, fullStampIteration } from './support/fullStampNull.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';
import { direct } from './support/tfceDirect.ts';

/** One iteration's z map over the whole grid, read from the null as the observed z map is. */
function iterationZ(spec: NullModelSpec, observed: ObservedAnalysis, iteration: number): Float64Array {
  const { ale, mask } = fullStampAle(spec, iteration);
  return Float64Array.from(ale, (a, f) => (mask[f] ? Math.fround(zFromP(pFromAle(a, observed.nullDist))) : 0));
}

describe.skipIf(!hasReference)('TFCE in the Monte Carlo', () => {
  let geometry: Geometry;
  const setups: Record<string, { spec: NullModelSpec; observed: ObservedAnalysis }> = {};

  beforeAll(() => {
    geometry = painGeometry();
    for (const [name, file] of [
      ['pain', 'datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'],
      ['motor', 'datasets/motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt'],
    ]) {
      const prepared = prepareInput(loadDataset(file), geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
      if (!prepared.ok) throw new Error('prepare failed');
      const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
      setups[name] = { spec: nullModelSpec(prepared.input.experiments, observed, geometry, 6, 4, true), observed };
    }
  });

  it('reads z from the null exactly as the observed map does, and floors below the first positive z', () => {
    const { observed } = setups.pain;
    const { zByBin, floor } = tfceNullSpec(observed.nullDist);
    const first = zByBin.findIndex((z) => z > 0);
    expect(first).toBeGreaterThan(0);
    expect(floor).toBe((first - 1) / 1e5);
    // Every masked voxel of the observed map: its z from the bin table equals the z map's.
    const { ale, maps } = observed;
    for (let m = 0; m < ale.length; m += 7) {
      const b = Math.min(Math.round(ale[m] * 1e5), zByBin.length - 1);
      expect(ale[m] === 0 ? 0 : zByBin[b]).toBe(maps.z[m]);
      if (maps.z[m] > 0) expect(ale[m]).toBeGreaterThan(floor);
    }
  });

  it.each(['pain', 'motor'])('gives each iteration the largest TFCE of its fully stamped z map (%s)', (name) => {
    const { spec, observed } = setups[name];
    const engine = createNullEngine(spec);
    const plain = createNullEngine({ ...spec, tfce: null });
    const sweep = new TfceSweep(geometry.shape);
    const everywhere = Int32Array.from({ length: geometry.shape[0] * geometry.shape[1] * geometry.shape[2] }, (_, f) => f);
    for (let iteration = 0; iteration < 2; iteration++) {
      const { maxTfce, ...maxima } = engine.iteration(iteration);
      const z = iterationZ(spec, observed, iteration);
      // The sweep's maximum does not depend on the order voxels come in: the engine's equals it on the whole grid.
      expect(maxTfce).toBe(sweep.maximum(everywhere, z));
      // And it is TFCE's definition, a labelling per level.
      expect(maxTfce).toBeCloseTo(direct(geometry.shape, z).reduce((a, b) => Math.max(a, b), 0), 6);
      expect(maxTfce).toBeGreaterThan(0);
      expect(maxima).toEqual(plain.iteration(iteration));
      expect(maxima).toEqual(fullStampIteration(spec, iteration));
    }
  });

  it('returns the same TFCE null for one and two workers', async () => {
    const { spec } = setups.pain;
    const one = await runNullPool(spec, { iterations: 12, workers: 1, createWorker: createNodeWorker, chunkSize: 5 });
    const two = await runNullPool(spec, { iterations: 12, workers: 2, createWorker: createNodeWorker, chunkSize: 3 });
    expect(one.maxTfce).toHaveLength(12);
    expect(two.maxTfce).toEqual(one.maxTfce);
    expect(two.maxSize).toEqual(one.maxSize);
  });
});

describe('the TFCE floor', () => {
  const dist = (survival: number[]) => ({ histogram: new Float64Array(survival.length), survival: Float64Array.from(survival), pMin: 1e-4, binsPerUnit: 10, invStep: 10, convention: 'nimare' as const });

  it('lies one bin below the first bin whose z is positive, and never below 0', () => {
    expect(tfceNullSpec(dist([1, 0.8, 0.6, 0.3, 0.01])).floor).toBe(2 / 10);
    expect(tfceNullSpec(dist([0.3, 0.1])).floor).toBe(0);
  });

  it('is out of reach when no bin has a positive z', () => {
    expect(tfceNullSpec(dist([1, 0.9, 0.5])).floor).toBe(Infinity);
  });
});
