/** Live FWE p-values with Monte-Carlo intervals, and stopping once every decision is settled. */
import { describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { runAle } from '../workers/analysis/runAle.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { allSettled, clopperPearson, isCheckpoint, liveClusterFwe } from '../workers/inference/liveFwe.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

describe('Clopper–Pearson intervals', () => {
  it.each([
    // k, n, two-sided 95 % bounds (exact binomial tails, as R's binom.test)
    [0, 100, 0, 0.03621669],
    [5, 100, 0.01643187, 0.11283491],
    [50, 100, 0.39832113, 0.60167887],
    [100, 100, 0.96378331, 1],
    [3, 5000, 0.00012375152, 0.0017524436],
  ])('k = %i of n = %i: [%f, %f]', (k, n, lo, hi) => {
    const [a, b] = clopperPearson(k, n, 0.025);
    expect(a).toBeCloseTo(lo, 7);
    expect(b).toBeCloseTo(hi, 7);
  });

  it('looks at checkpoints 100, 200, 400, … only', () => {
    expect([50, 100, 150, 200, 300, 400, 800, 1600, 1000].map(isCheckpoint)).toEqual([false, true, false, true, false, true, true, true, false]);
  });

  it('settles a cluster far from α both ways, not one near it', () => {
    const nullSizes = Float64Array.from({ length: 400 }, (_, i) => i % 100); // sizes 0 … 99, four times
    const live = liveClusterFwe([{ id: 1, sizeVoxels: 500 }, { id: 2, sizeVoxels: 10 }, { id: 3, sizeVoxels: 95 }], nullSizes, 0.05);
    expect(live[0]).toMatchObject({ p: 1 / 400, significant: true, settled: true });
    expect(live[1]).toMatchObject({ p: 0.9, significant: false, settled: true });
    expect(live[2]).toMatchObject({ p: 0.05, significant: false, settled: false });
    expect(allSettled([{ id: 1, sizeVoxels: 500 }, { id: 2, sizeVoxels: 10 }], nullSizes, 0.05)).toBe(true);
  });
});

describe.skipIf(!hasReference)('stopping once settled, on the pain data', () => {
  it('stops at the same checkpoint with the same null for 1 and 2 workers, short of the requested iterations', async () => {
    const geometry = painGeometry();
    const dataset = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const parameters = { ...DEFAULT_PARAMETERS, snap: 'trunc' as const, iterations: 20_000, stopWhenSettled: 0.05 };
    const runs = [];
    for (const workers of [1, 2]) {
      const outcome = await runAle(dataset, geometry, parameters, { workers, createWorker: createNodeWorker });
      if (!outcome.ok) throw new Error('run failed');
      runs.push(outcome.result);
    }
    const n = runs[0].nullMaxima?.maxSize.length ?? 0;
    expect(isCheckpoint(n)).toBe(true);
    expect(n).toBeLessThan(20_000);
    expect(runs[1].nullMaxima?.maxSize).toEqual(runs[0].nullMaxima?.maxSize);
    expect(runs[1].nullMaxima?.maxAle).toEqual(runs[0].nullMaxima?.maxAle);
    // At the stop, every cluster's decision is settled; one checkpoint earlier, not all were.
    const clusters = runs[0].observed.clusters.clusters;
    expect(allSettled(clusters, runs[0].nullMaxima!.maxSize, 0.05)).toBe(true);
    if (n > 100) expect(allSettled(clusters, runs[0].nullMaxima!.maxSize.subarray(0, n / 2), 0.05)).toBe(false);
  });
});
