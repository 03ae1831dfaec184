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

/**
 * A decision at α is settled when the 99.95 % one-sided Clopper–Pearson bound lies beyond α, which
 * is the same as a binomial tail at α below 0.0005: P(X ≤ k | n, α) < 0.0005 (the upper bound is
 * below α) or P(X ≥ k | n, α) < 0.0005 (the lower bound is above α).
 */
function settledByBinomialTails(k: number, n: number, alpha: number): boolean {
  const logTerms = Array.from({ length: n + 1 }, (_, i) => i);
  let log = n * Math.log1p(-alpha);
  for (let i = 0; i <= n; i++) {
    logTerms[i] = log;
    log += Math.log((n - i) / (i + 1)) + Math.log(alpha / (1 - alpha));
  }
  const tail = (from: number, to: number) => logTerms.slice(from, to + 1).reduce((s, t) => s + Math.exp(t), 0);
  return tail(0, k) < 0.0005 || tail(k, n) < 0.0005;
}

describe('the binomial-tail reading of settled decisions', () => {
  it('agrees with the intervals on every k for n = 100 and 400', () => {
    for (const n of [100, 400]) {
      const nullSizes = (k: number) => Float64Array.from({ length: n }, (_, i) => (i < k ? 10 : 0));
      for (let k = 0; k <= n; k++) expect([k, liveClusterFwe([{ id: 1, sizeVoxels: 10 }], nullSizes(k), 0.05)[0].settled]).toEqual([k, settledByBinomialTails(k, n, 0.05)]);
    }
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
    // At the stop, every cluster's decision is settled; one checkpoint earlier, not all were. Judged here
    // from binomial tails, not with the interval code the run used.
    const clusters = runs[0].observed.clusters.clusters;
    const settled = (prefix: ArrayLike<number>) => clusters.every((c) => settledByBinomialTails(Array.from(prefix).filter((v) => v >= c.sizeVoxels).length, prefix.length, 0.05));
    expect(n).toBeGreaterThan(100);
    expect(settled(runs[0].nullMaxima!.maxSize)).toBe(true);
    expect(settled(runs[0].nullMaxima!.maxSize.subarray(0, n / 2))).toBe(false);
  });
});
