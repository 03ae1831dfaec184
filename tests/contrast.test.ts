/** Contrast and conjunction on JALE's inhibition example: high vs low. */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { conjunction, finishSubtraction, gatedContrast, permutationCounts, subtractionModel, type Subtraction } from '../workers/inference/contrast.ts';
import { significantClusterIds } from '../workers/inference/fwe.ts';
import { runPermutationPool } from '../workers/runtime/pool.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { prepareInput, type PreparedExperiment } from '../workers/core/prepare.ts';
import { runAle, type AleResult } from '../workers/analysis/runAle.ts';
import { runContrast } from '../workers/analysis/runContrast.ts';
import { inverseNormalCdf } from '../workers/core/normal.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

function significantMask(result: AleResult, alpha: number): Uint8Array {
  const keep = new Set(significantClusterIds(result.observed.clusters.clusters, result.fwe, alpha));
  return Uint8Array.from(result.observed.clusters.labels, (id) => (keep.has(id) ? 1 : 0));
}

/** The whole subtraction in this thread, as runContrast does it on the pool. */
function aleSubtraction(a: readonly PreparedExperiment[], b: readonly PreparedExperiment[], geometry: Geometry, options: { iterations: number; seed: number }): Subtraction {
  const model = subtractionModel(a, b, geometry, options.seed);
  return finishSubtraction(model, permutationCounts(model, 0, options.iterations), options.iterations, geometry);
}

describe.skipIf(!hasReference)('contrast of high vs low inhibition', () => {
  let geometry: Geometry;
  let high: PreparedExperiment[];
  let low: PreparedExperiment[];
  let highVsLow: Subtraction;

  const prepared = (file: string) => {
    const p = prepareInput(loadDataset(`datasets/inhibition_jale_example/${file}`), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!p.ok) throw new Error('prepare failed');
    return p.input.experiments;
  };

  beforeAll(() => {
    geometry = painGeometry();
    high = prepared('inhibition_high_MNI.sleuth.txt');
    low = prepared('inhibition_low_MNI.sleuth.txt');
    highVsLow = aleSubtraction(high, low, geometry, { iterations: 200, seed: 4 });
  });

  it('computes the difference map and a two-sided permutation z', () => {
    expect(high.length).toBe(25);
    expect(low.length).toBe(32);
    let nonZero = 0;
    let maxAbsZ = 0;
    for (let m = 0; m < geometry.nMasked; m++) {
      if (highVsLow.difference[m] !== 0) nonZero++;
      maxAbsZ = Math.max(maxAbsZ, Math.abs(highVsLow.z[m]));
      // p never leaves NiMARE's clamp [1/n, 1 − 1/n].
      expect(highVsLow.p[m]).toBeGreaterThanOrEqual(1 / 200);
    }
    expect(nonZero).toBeGreaterThan(50_000);
    // With 200 permutations the smallest two-sided p is 1/200: z = Φ⁻¹(1 − 1/400) ≈ 2.807.
    expect(maxAbsZ).toBeCloseTo(2.807, 2);
  });

  it('is seeded: the same seed gives the same maps, another seed does not', () => {
    // 40 permutations are enough to tell two seeds apart; the 200 of the other tests only cost time here.
    const once = aleSubtraction(high, low, geometry, { iterations: 40, seed: 4 });
    expect(aleSubtraction(high, low, geometry, { iterations: 40, seed: 4 }).z).toEqual(once.z);
    expect(aleSubtraction(high, low, geometry, { iterations: 40, seed: 5 }).z).not.toEqual(once.z);
  });

  it('gives the same maps when the permutations run on a pool of 2 workers', async () => {
    const model = subtractionModel(high, low, geometry, 4);
    const counts = await runPermutationPool(model, { iterations: 200, workers: 2, createWorker: createNodeWorker });
    const pooled = finishSubtraction(model, counts, 200, geometry);
    expect(pooled.z).toEqual(highVsLow.z);
    expect(pooled.p).toEqual(highVsLow.p);
  });

  it('swaps the signs when A and B are swapped', () => {
    const lowVsHigh = aleSubtraction(low, high, geometry, { iterations: 200, seed: 4 });
    expect(Array.from(lowVsHigh.difference)).toEqual(Array.from(highVsLow.difference, (v) => (v === 0 ? 0 : -v)));
    expect(Array.from(lowVsHigh.z)).toEqual(Array.from(highVsLow.z, (v) => (v === 0 ? 0 : -v)));
    expect(lowVsHigh.p).toEqual(highVsLow.p);
  });

  it('gates the subtraction by each main effect, and the conjunction lies inside both', async () => {
    const hooks = { workers: 2, createWorker: createNodeWorker };
    const parameters = { clusterFormingP: 0.001, iterations: 200, seed: 1, connectivity: 6 as const, snap: 'nearest' as const, talTransform: 'other' as const, outsideMask: 'keep' as const };
    const [a, b] = await Promise.all([
      runAle(loadDataset('datasets/inhibition_jale_example/inhibition_high_MNI.sleuth.txt'), geometry, parameters, hooks),
      runAle(loadDataset('datasets/inhibition_jale_example/inhibition_low_MNI.sleuth.txt'), geometry, parameters, hooks),
    ]);
    if (!a.ok || !b.ok) throw new Error('main effects failed');
    const sigA = significantMask(a.result, 0.05);
    const sigB = significantMask(b.result, 0.05);
    expect(sigA.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);
    expect(sigB.reduce((s, v) => s + v, 0)).toBeGreaterThan(100);

    const gated = gatedContrast(highVsLow, sigA, sigB, 0.05);
    // Every voxel is gated by the rule, both ways: kept exactly where the group that is larger there is
    // significant and its one-sided permutation p is below α (with 200 permutations, p ≤ 0.045, z ≥ 1.695).
    let kept = 0;
    for (let m = 0; m < gated.length; m++) {
      const d = highVsLow.difference[m];
      const oneSided = d > 0 ? highVsLow.above[m] : highVsLow.below[m];
      const expected = d !== 0 && (d > 0 ? sigA[m] : sigB[m]) === 1 && Math.max(oneSided, 1 / 200) < 0.05 ? Math.sign(d) : 0;
      if (Math.sign(gated[m]) !== expected) expect({ m, gated: gated[m], expected }).toBeNull();
      if (expected !== 0) {
        kept++;
        expect(Math.abs(gated[m])).toBeCloseTo(-inverseNormalCdf(Math.max(oneSided, 1 / 200)), 5);
      }
    }
    expect(kept).toBeGreaterThan(0);
    const conj = conjunction(a.result.observed.maps.z, b.result.observed.maps.z, sigA, sigB);
    let inBoth = 0;
    for (let m = 0; m < conj.length; m++) {
      if (conj[m] !== 0) {
        expect(sigA[m] && sigB[m]).toBe(1);
        expect(conj[m]).toBe(Math.min(a.result.observed.maps.z[m], b.result.observed.maps.z[m]));
        inBoth++;
      }
    }
    expect(inBoth).toBeGreaterThan(0);
  });

  it('reuses A’s null when it is given: the same contrast, without A’s Monte Carlo', async () => {
    const parameters = { clusterFormingP: 0.001, iterations: 40, seed: 2, connectivity: 6 as const, snap: 'nearest' as const, talTransform: 'other' as const, outsideMask: 'keep' as const, alpha: 0.05 };
    const [high, low] = ['high', 'low'].map((g) => loadDataset(`datasets/inhibition_jale_example/inhibition_${g}_MNI.sleuth.txt`));
    const names: [string, string] = ['high', 'low'];
    const fresh = await runContrast(high, low, names, geometry, parameters, { workers: 2, createWorker: createNodeWorker });
    if (!fresh.ok || !fresh.result.mainA.nullMaxima) throw new Error('contrast failed');
    const stages = new Set<string>();
    const reused = await runContrast(high, low, names, geometry, parameters, { workers: 2, createWorker: createNodeWorker, onProgress: (stage) => stages.add(stage) }, fresh.result.mainA.nullMaxima);
    if (!reused.ok) throw new Error('contrast failed');
    expect([...stages].sort()).toEqual(['main effect B', 'subtraction']);
    expect(reused.result.gated).toEqual(fresh.result.gated);
    expect(reused.result.conjunction).toEqual(fresh.result.conjunction);
    expect(reused.result.peakP).toEqual(fresh.result.peakP);
    expect(fresh.result.clusters.aOverB.length + fresh.result.clusters.bOverA.length).toBeGreaterThan(0);
  });
});
