/**
 * Clustering of experiments against SciPy (tests/fixtures/clustering_reference.py):
 * the Spearman matrix of sparse maps with ties, complete and average
 * linkage heights, the partitions into 2–5 clusters, and the silhouette and
 * Calinski–Harabasz scores of each.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { runClusteringNullPool } from '../workers/runtime/pool.ts';
import { calinskiHarabasz, cutTree, kMedoids, linkage, silhouette, type Linkage } from '../workers/inference/clustering/hierarchical.ts';
import { spearmanMatrix } from '../workers/inference/clustering/spearman.ts';
import { mapOfValues } from './support/sparseMaps.ts';
import { consensusLabels, separationMatrix } from '../workers/inference/clustering/consensus.ts';
import { clusterExperiments, groupAleMaps, type ClusteringResult } from '../workers/inference/clustering/experimentClustering.ts';
import { prepareInput } from '../workers/core/prepare.ts';
import { analyseObserved } from '../workers/core/observedAnalysis.ts';
import { aleKernel } from '../workers/core/kernel.ts';
import { experimentMA } from '../workers/core/modeledActivation.ts';
import type { Dataset } from '../workers/input/dataset.ts';
import { hasReference, painGeometry } from './support/reference.ts';

interface Reference {
  n_voxels: number;
  maps: { index: number[]; value: number[] }[];
  spearman: number[];
  linkages: Record<Linkage, { heights: number[]; cuts: Record<string, { labels: number[]; silhouette: number; calinski_harabasz: number }> }>;
  kmedoids: Record<string, { labels: number[]; silhouette: number }>;
}

const reference = JSON.parse(readFileSync(new URL('./fixtures/clustering_reference.json', import.meta.url), 'utf8')) as Reference;
const n = reference.maps.length;
const maps = reference.maps.map((m) => mapOfValues(Int32Array.from(m.index), m.value));

/** The same partition whatever the label numbers: which items share a cluster. */
const together = (labels: ArrayLike<number>) => Array.from({ length: labels.length }, (_, i) => Array.from({ length: labels.length }, (_, j) => labels[i] === labels[j]));

/** The fixture's Spearman matrix and 1 − r, computed inside each test (Stryker sees only what a test runs). */
function matrices() {
  const r = spearmanMatrix(maps, reference.n_voxels);
  return { r, distance: Float64Array.from(r, (v, t) => (t % (n + 1) === 0 ? 0 : 1 - v)) };
}

describe('clustering experiments, against SciPy', () => {
  it('gives scipy.stats.spearmanr on sparse maps with ties', () => {
    const { r } = matrices();
    reference.spearman.forEach((v, t) => expect(r[t], `entry ${t}`).toBeCloseTo(v, 12));
  });

  for (const method of ['complete', 'average'] as const) {
    it(`merges at scipy's heights and cuts scipy's partitions (${method} linkage)`, () => {
      const { r, distance } = matrices();
      const tree = linkage(distance, n, method);
      const heights = tree.merges.map((m) => m.distance);
      reference.linkages[method].heights.forEach((h, s) => expect(heights[s]).toBeCloseTo(h, 12));
      for (const [k, cut] of Object.entries(reference.linkages[method].cuts)) {
        const labels = cutTree(tree, Number(k));
        expect(Math.max(...labels)).toBe(Number(k));
        expect(together(labels)).toEqual(together(cut.labels));
        expect(silhouette(distance, labels)).toBeCloseTo(cut.silhouette, 12);
        expect(calinskiHarabasz(r, labels)).toBeCloseTo(cut.calinski_harabasz, 9);
      }
    });
  }

  it('partitions as scikit-learn-extra’s k-medoids (heuristic start, alternating updates) for k = 2 … 5', () => {
    const { distance } = matrices();
    for (const [k, cut] of Object.entries(reference.kmedoids)) {
      const labels = kMedoids(distance, n, Number(k));
      expect(together(labels)).toEqual(together(cut.labels));
      expect(silhouette(distance, labels)).toBeCloseTo(cut.silhouette, 12);
    }
  });

  it('gives a map without spread a correlation of 0 with every other, and 1 with itself', () => {
    const m = spearmanMatrix([maps[0], mapOfValues(new Int32Array(0), [])], reference.n_voxels);
    expect(Array.from(m)).toEqual([1, 0, 0, 1]);
  });

  it('keeps k-medoids’ clusters non-empty when two items are identical and both start as medoids', () => {
    // Items 0 and 1 coincide and have the smallest distance sums; 2 and 3 lie apart from them.
    const d = Float64Array.from([0, 0, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0.5, 1, 1, 0.5, 0]);
    expect(together(kMedoids(d, 4, 2))).toEqual(together([1, 1, 2, 2]));
  });

  it('scores an item alone in its cluster 0 in the silhouette', () => {
    const d = Float64Array.from([0, 1, 4, 1, 0, 4, 4, 4, 0]);
    // Items 0 and 1 together (a = 1, b = 4: s = 0.75 each), item 2 alone (0): mean 0.5.
    expect(silhouette(d, Int32Array.from([1, 1, 2]))).toBeCloseTo(0.5, 15);
  });
});

describe.skipIf(!hasReference)('clustering experiments of a constructed dataset with three groups', () => {
  const geometry = painGeometry();
  // Three places far apart; each experiment reports 3 foci near one of them.
  const places = [[-40, -20, 50], [30, 10, 0], [0, -60, -30]];
  const experiments: Dataset['experiments'] = Array.from({ length: 15 }, (_, e) => ({
    id: `E${String(e).padStart(2, '0')}`,
    study: `E${e}`,
    contrast: '',
    sampleSize: 12 + e,
    where: `E${e}`,
    foci: [0, 1, 2].map((f) => ({ x: places[e % 3][0] + ((e * 7 + f * 5) % 9) - 4, y: places[e % 3][1] + ((e * 3 + f * 11) % 9) - 4, z: places[e % 3][2] + ((e + f * 7) % 9) - 4, space: 'MNI' as const })),
  }));
  const prepared = prepareInput({ source: 'three.txt', format: 'sleuth', experiments }, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error('prepare failed');
  const options = { linkage: 'average' as const, maxClusters: 4, subsamples: 25, nullIterations: 25, fraction: 0.9, seed: 3 };
  let result: ClusteringResult;
  beforeAll(async () => {
    result = await clusterExperiments(prepared.input.experiments, geometry, options);
  });

  it('finds the three groups at k = 3, far above its null, and says so for k = 2 … 4', () => {
    expect(result.levels.map((l) => l.k)).toEqual([2, 3, 4]);
    expect(result.subsampleSize).toBe(13);
    const three = result.levels[1];
    const group = (e: number) => e % 3;
    expect(together(three.labels)).toEqual(together(Array.from({ length: 15 }, (_, e) => group(Number(prepared.input.experiments[e].id.slice(1))))));
    expect(three.silhouette.mean).toBeGreaterThan(0.5);
    expect(three.silhouette.z).toBeGreaterThan(3);
    expect(three.silhouette.z).toBeGreaterThan(result.levels[0].silhouette.z);
    expect(three.separationDensity).toBeCloseTo(5 / 13, 1);
  });

  it('correlates each experiment’s own modelled activation (its kernel, its foci)', () => {
    const own = prepared.input.experiments.map((e) => {
      const ma = experimentMA(e.ijk, aleKernel(e.fwhm), geometry);
      return mapOfValues(ma.index, ma.value);
    });
    const direct = spearmanMatrix(own, geometry.nMasked);
    direct.forEach((v, t) => expect(result.correlation[t]).toBe(v));
  });

  it('orders the experiments so that each group is contiguous in the figure', () => {
    expect([...result.order].sort((a, b) => a - b)).toEqual(Array.from({ length: 15 }, (_, i) => i));
    const groups = result.order.map((e) => Number(prepared.input.experiments[e].id.slice(1)) % 3);
    const changes = groups.filter((g, i) => i > 0 && g !== groups[i - 1]).length;
    expect(changes).toBe(2);
  });

  it('finds the same three groups with k-medoids', async () => {
    const medoids = await clusterExperiments(prepared.input.experiments, geometry, { ...options, method: 'kmedoids' });
    expect(together(medoids.levels[1].labels)).toEqual(together(result.levels[1].labels));
    expect(medoids.levels[1].silhouette.z).toBeGreaterThan(3);
  });

  it('maps each group’s ALE as an analysis of its experiments alone would', () => {
    const labels = result.levels[1].labels;
    const maps = groupAleMaps(prepared.input.experiments, geometry, labels);
    expect(maps).toHaveLength(3);
    for (const g of [1, 2, 3]) {
      const members = prepared.input.experiments.filter((_, e) => labels[e] === g);
      expect(maps[g - 1]).toEqual(analyseObserved(members, geometry, { clusterFormingP: 0.001, connectivity: 6 }).ale);
    }
  });

  it('gives the same result for the same seed, with the null in this thread or on two workers', async () => {
    const again = await clusterExperiments(prepared.input.experiments, geometry, options);
    expect(again.levels).toEqual(result.levels);
    const pooled = await clusterExperiments(prepared.input.experiments, geometry, options, (model) => runClusteringNullPool(model, { workers: 2, createWorker: createNodeWorker }));
    expect(pooled.levels).toEqual(result.levels);
    const other = await clusterExperiments(prepared.input.experiments, geometry, { ...options, seed: 4 });
    expect(other.levels[1].silhouette.z).not.toBe(result.levels[1].silhouette.z);
  });
});

describe('consensus labels', () => {
  it('counts, per pair, the subsamples that held both and separated them', () => {
    const subsamples = [Int32Array.from([1, 1, 2]), Int32Array.from([1, 2, 0]), Int32Array.from([0, 1, 1]), Int32Array.from([2, 0, 1])];
    // (0, 1): together, apart → ½; (0, 2): apart, apart → 1; (1, 2): apart, together → ½.
    expect(Array.from(separationMatrix(subsamples, 3))).toEqual([0, 0.5, 1, 0.5, 0, 0.5, 1, 0.5, 0]);
    expect(Array.from(separationMatrix([Int32Array.from([1, 0])], 2))).toEqual([0, 1, 1, 0]);
  });

  it('joins experiments that the subsamples keep together, counting only subsamples that held both', () => {
    // Experiments 0, 1 always together; 2, 3 together; 3 missing (0) from the second subsample.
    const subsamples = [Int32Array.from([1, 1, 2, 2]), Int32Array.from([2, 2, 1, 0]), Int32Array.from([1, 1, 2, 2])];
    expect(together(consensusLabels(subsamples, 4, 2, 'average'))).toEqual(together([1, 1, 2, 2]));
  });
});
