/**
 * The Monte-Carlo null on the pain data: its distribution agrees with
 * NiMARE's 1,000 iterations, and a run can be cancelled at once
 * (nullStrategies.test.ts checks each engine against full stamping).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { analyseObserved, type ObservedAnalysis } from '../workers/core/observedAnalysis.ts';
import { correctFwe, nullToP, type NullMaximaArrays } from '../workers/inference/fwe.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { nullModelSpec, type NullModelSpec } from '../workers/inference/monteCarlo/index.ts';
import { CancelledError, runNullPool } from '../workers/runtime/pool.ts';
import { prepareInput, type PreparedExperiment } from '../workers/core/prepare.ts';
import { hasReference, loadDataset, painGeometry, readCsv } from './support/reference.ts';
import { ksTwoSample, orderStatistic, percentile } from './support/stats.ts';

describe.skipIf(!hasReference)('Monte-Carlo null on the pain data', () => {
  let geometry: Geometry;
  let experiments: PreparedExperiment[];
  let observed: ObservedAnalysis;
  let spec: NullModelSpec;
  let ours: NullMaximaArrays;
  const nimare = () => readCsv('pain/fwe_niters-1000_ncores-1_seed-0/fwe_null_distributions.csv');

  beforeAll(async () => {
    geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    experiments = prepared.input.experiments;
    observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    spec = nullModelSpec(experiments, observed, geometry, 6, 0);
    ours = await runNullPool(spec, { iterations: 1000, workers: 2, createWorker: createNodeWorker });
  });

  it('has the max-cluster-size distribution of NiMARE (95th percentiles within Monte-Carlo error, KS p > 0.01)', () => {
    const theirs = nimare().map((r) => r.max_cluster_size_vox as number);
    expect(theirs.length).toBe(1000);
    // A 95th percentile from n = 1000 draws sits within about ±14 ranks (1.96·√(n·0.95·0.05)) of its true rank;
    // two independent samples: ±20 ranks.
    const ourP95 = percentile(ours.maxSize, 95);
    const theirP95 = percentile(theirs, 95);
    expect(ourP95).toBeGreaterThanOrEqual(orderStatistic(theirs, 949 - 20));
    expect(ourP95).toBeLessThanOrEqual(orderStatistic(theirs, 949 + 20));
    expect(theirP95).toBeGreaterThanOrEqual(orderStatistic(ours.maxSize, 949 - 20));
    expect(theirP95).toBeLessThanOrEqual(orderStatistic(ours.maxSize, 949 + 20));
    expect(ksTwoSample(ours.maxSize, theirs).p).toBeGreaterThan(0.01);
  });

  it('has NiMARE’s distributions of max ALE and max cluster mass too (KS p > 0.01)', () => {
    const rows = nimare();
    expect(ksTwoSample(ours.maxAle, rows.map((r) => r.max_ale as number)).p).toBeGreaterThan(0.01);
    expect(ksTwoSample(ours.maxMass, rows.map((r) => r.max_cluster_mass as number)).p).toBeGreaterThan(0.01);
  });

  it('gives every cluster a size and mass FWE p within 3 Monte-Carlo standard errors of NiMARE’s', () => {
    const reference = readCsv('pain/fwe_niters-1000_ncores-1_seed-0/clusters_ale_p001.csv');
    const fwe = correctFwe(observed.ale, observed.clusters.labels, observed.clusters.clusters, ours);
    const n = 1000;
    for (const c of observed.clusters.clusters) {
      const r = reference.find((row) => row.peak_x === c.peak.xyz[0] && row.peak_y === c.peak.xyz[1] && row.peak_z === c.peak.xyz[2]);
      if (!r) throw new Error(`no reference cluster at ${c.peak.xyz}`);
      const mine = fwe.clusters[c.id - 1];
      for (const [p, q] of [[mine.pSize, r.p_cFWE_size as number], [mine.pMass, r.p_cFWE_mass as number]]) {
        const pooled = Math.max((p + q) / 2, 1 / n);
        const se = Math.sqrt((2 * pooled * (1 - pooled)) / n);
        expect(Math.abs(p - q), `cluster at ${c.peak.xyz}: ${p} vs ${q}`).toBeLessThanOrEqual(3 * se);
      }
    }
    expect(fwe.clusters.filter((c) => c.pSize < 0.05).length).toBe(6);
  });

  it('cancels a run at once and frees its workers', async () => {
    const controller = new AbortController();
    let last = 0;
    const run = runNullPool(spec, {
      iterations: 100_000,
      workers: 2,
      createWorker: createNodeWorker,
      signal: controller.signal,
      onProgress: (done) => {
        last = done;
        if (done >= 20) controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    // Stopped within the chunks already under way, far short of the 100,000 asked for.
    expect(last).toBeGreaterThanOrEqual(20);
    expect(last).toBeLessThan(1000);
  });
});

describe('FWE p-values', () => {
  it('count null maxima at least as large, clamped to [1/n, 1 − 1/n] (NiMARE’s null_to_p)', () => {
    const sorted = Float64Array.from([1, 2, 2, 3, 5, 8, 8, 9, 10, 12]);
    expect(nullToP(8, sorted)).toBeCloseTo(0.5, 15);
    expect(nullToP(2, sorted)).toBeCloseTo(0.9, 15);
    expect(nullToP(0, sorted)).toBeCloseTo(0.9, 15); // 10/10 clamped to 1 − 1/n
    expect(nullToP(100, sorted)).toBeCloseTo(0.1, 15); // 0/10 clamped to 1/n
  });
});
