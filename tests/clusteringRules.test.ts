/**
 * Known answers for the clustering of experiments' own rules, beside the SciPy comparison in clustering.test.ts:
 * which pair merges on a tie and which index a merged cluster keeps, the label numbers of a cut and of k-medoids,
 * Calinski–Harabasz without spread, and how the subsamples' scores, their spread and each k's z against the null
 * are put together (all leave-one-out subsamples, so every subsample is known).
 */
import { describe, expect, it } from 'vitest';
import { calinskiHarabasz, cutTree, kMedoids, linkage, silhouette } from '../workers/inference/clustering/hierarchical.ts';
import { clusterExperiments, type ClusteringModel, type ClusteringNullRunner } from '../workers/inference/clustering/experimentClustering.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { prepareInput, type PreparedExperiment } from '../workers/core/prepare.ts';
import type { Dataset } from '../workers/input/dataset.ts';
import { hasReference, painGeometry } from './support/reference.ts';

describe('hierarchical clustering and k-medoids on small matrices worked by hand', () => {
  it('merges the first of tied pairs in row order, keeps the smaller index, and updates by the larger (complete) or weighted mean (average)', () => {
    // d(0,1) = d(2,3) = 1: (0, 1) comes first in row order. Then complete: d({0,1}, 2) = max(3, 5) = 5, d({0,1}, 3) = max(4, 6) = 6.
    const d = Float64Array.from([0, 1, 3, 4, 1, 0, 5, 6, 3, 5, 0, 1, 4, 6, 1, 0]);
    expect(linkage(d, 4, 'complete').merges).toEqual([
      { a: 0, b: 1, distance: 1 },
      { a: 2, b: 3, distance: 1 },
      { a: 0, b: 2, distance: 6 },
    ]);
    // Average: d({0,1}, 2) = 4, d({0,1}, 3) = 5; then {0,1} to {2,3} = (4·2 + 5·2) / 4 = 4.5.
    expect(linkage(d, 4, 'average').merges.map((m) => m.distance)).toEqual([1, 1, 4.5]);
    // Sizes weight the average: {0, 1, 2} to 3 is (2·7.5 + 1·3)/3 = 6, the mean of 9, 6 and 3.
    const e = Float64Array.from([0, 1, 2, 9, 1, 0, 2, 6, 2, 2, 0, 3, 9, 6, 3, 0]);
    expect(linkage(e, 4, 'average').merges.map((m) => [m.a, m.b, m.distance])).toEqual([
      [0, 1, 1],
      [0, 2, 2],
      [0, 3, 6],
    ]);
  });

  it('numbers a cut’s clusters in the order of their first item', () => {
    const tree = { n: 5, merges: [{ a: 1, b: 4, distance: 1 }, { a: 0, b: 2, distance: 2 }, { a: 0, b: 3, distance: 3 }, { a: 0, b: 1, distance: 4 }] };
    expect(Array.from(cutTree(tree, 3))).toEqual([1, 2, 1, 3, 2]);
    expect(Array.from(cutTree(tree, 5))).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(cutTree(tree, 1))).toEqual([1, 1, 1, 1, 1]);
  });

  it('numbers k-medoids’ clusters by their medoids’ start order (smallest distance sum first, then index)', () => {
    // Two pairs, {0, 1} at distance 1 and {2, 3} at 2, 10 apart. Sums 21, 21, 22, 22: the medoids start at 0 and 1,
    // both in one pair. Ties of distance go to the first medoid, so its cluster is {0, 2, 3}; its medoid moves to 2
    // (cost 12; 3 only ties it), and label 1 ends on the pair {2, 3}.
    const d = Float64Array.from([0, 1, 10, 10, 1, 0, 10, 10, 10, 10, 0, 2, 10, 10, 2, 0]);
    expect(Array.from(kMedoids(d, 4, 2))).toEqual([2, 2, 1, 1]);
    // Sums 11, 13, 10.5, 12.5: item 2 starts first, so its pair is group 1 (largest sums first would start at 1 and 3).
    const f = Float64Array.from([0, 1, 4, 6, 1, 0, 6, 6, 4, 6, 0, 0.5, 6, 6, 0.5, 0]);
    expect(Array.from(kMedoids(f, 4, 2))).toEqual([2, 2, 1, 1]);
    // Sums 11, 13, 11, 13: items 0 and 2 tie, and the lower index starts first.
    const g = Float64Array.from([0, 1, 4, 6, 1, 0, 6, 6, 4, 6, 0, 1, 6, 6, 1, 0]);
    expect(Array.from(kMedoids(g, 4, 2))).toEqual([1, 1, 2, 2]);
  });

  it('gives Calinski–Harabasz 1 when no cluster has spread within, as scikit-learn does, and worked values otherwise', () => {
    const features = Float64Array.from([1, 1, 0, 1, 1, 0, 0, 0, 1]);
    expect(calinskiHarabasz(features, Int32Array.from([1, 1, 2]))).toBe(1);
    const spread = Float64Array.from([0, 0, 0, 2, 0, 0, 6, 0, 0]);
    // Clusters {0, 1} (mean 1) and {2} (6); overall mean 8/3. Between = 2·(5/3)² + (10/3)² = 50/3; within = 1 + 1 = 2.
    expect(calinskiHarabasz(spread, Int32Array.from([1, 1, 2]))).toBeCloseTo((50 / 3 / 2) * (3 - 2) / (2 - 1), 12);
  });

  it('takes the nearest other cluster’s mean distance as b in the silhouette', () => {
    // Item 0 with 1 (a = 1); clusters {2} at 3 and {3} at 5: b = 3, s = 2/3. Items 2 and 3 alone: 0.
    const d = Float64Array.from([0, 1, 3, 5, 1, 0, 3, 5, 3, 3, 0, 4, 5, 5, 4, 0]);
    expect(silhouette(d, Int32Array.from([1, 1, 2, 3]))).toBeCloseTo((2 / 3 + 2 / 3) / 4, 15);
  });
});

describe('clustering experiments: refusals', () => {
  it('refuses data whose subsamples are too small for two groups', async () => {
    const three = [{}, {}, {}] as PreparedExperiment[];
    await expect(clusterExperiments(three, {} as Geometry, { linkage: 'average', maxClusters: 10, subsamples: 5, nullIterations: 5, fraction: 0.9, seed: 1 })).rejects.toThrow(
      'clustering needs subsamples of at least 3 experiments; 3 experiments give subsamples of 2',
    );
  });
});

describe.skipIf(!hasReference)('clustering experiments: every leave-one-out subsample, and a null given by hand', () => {
  it.each(['hierarchical', 'kmedoids'] as const)('averages the subsamples’ scores, takes their spread over n, and scores each k against the null’s mean and spread over n − 1 (%s)', async (method) => {
    const geometry = painGeometry();
    const places = [[-40, -20, 50], [30, 10, 0], [0, -60, -30]];
    const experiments: Dataset['experiments'] = Array.from({ length: 9 }, (_, e) => ({
      id: `E${e}`,
      study: `E${e}`,
      contrast: '',
      sampleSize: 10 + 2 * e,
      where: `E${e}`,
      foci: [0, 1].map((f) => ({ x: places[e % 3][0] + ((e * 5 + f * 3) % 7) - 3, y: places[e % 3][1] + ((e + f * 5) % 7) - 3, z: places[e % 3][2] + f * 4 - 2, space: 'MNI' as const })),
    }));
    const prepared = prepareInput({ source: 'toy.txt', format: 'sleuth', experiments }, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    // Two null iterations, per iteration [silhouette, CH] for k = 2, then for k = 3.
    const byHand = Float64Array.from([0.1, 10, 0.2, 20, 0.3, 30, 0.6, 60]);
    let asked: ClusteringModel | undefined;
    const runNull: ClusteringNullRunner = async (model) => {
      asked = model;
      return byHand;
    };
    // n = 9, fraction 0.9: subsamples of 8, of which there are 9 (fewer than the 20 asked): all of them.
    const options = { linkage: 'complete' as const, maxClusters: 3, subsamples: 20, nullIterations: 2, fraction: 0.9, seed: 5 };
    const result = await clusterExperiments(prepared.input.experiments, geometry, method === 'hierarchical' ? options : { ...options, method }, runNull);
    expect(asked).toMatchObject({ maxK: 3, subsampleSize: 8, nullIterations: 2, seed: 5, linkage: 'complete', method });
    expect(result).toMatchObject({ subsampleSize: 8, subsamples: 9, nullIterations: 2 });

    const r = result.correlation;
    const mean = (v: number[]) => v.reduce((s, x) => s + x, 0) / v.length;
    const spread = (v: number[], ddof: number) => Math.sqrt(v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - ddof));
    const expected = [2, 3].map((k) => {
      const sil: number[] = [];
      const ch: number[] = [];
      const density: number[] = [];
      for (let out = 0; out < 9; out++) {
        const rows = [0, 1, 2, 3, 4, 5, 6, 7, 8].filter((e) => e !== out);
        const sub = Float64Array.from(rows.flatMap((i) => rows.map((j) => r[i * 9 + j])));
        const d = Float64Array.from(rows.flatMap((i) => rows.map((j) => (i === j ? 0 : 1 - r[i * 9 + j]))));
        const labels = method === 'kmedoids' ? kMedoids(d, 8, k) : cutTree(linkage(d, 8, 'complete'), k);
        sil.push(silhouette(d, labels));
        ch.push(calinskiHarabasz(sub, labels));
        density.push(Math.max(...Array.from({ length: k }, (_, c) => labels.filter((l) => l === c + 1).length)) / 8);
      }
      return { sil, ch, density };
    });
    const nullOf = (level: number, which: number) => [byHand[2 * level + which], byHand[4 + 2 * level + which]];
    expect(result.levels.map((l) => l.k)).toEqual([2, 3]);
    result.levels.forEach((level, i) => {
      const { sil, ch, density } = expected[i];
      expect(spread(sil, 0)).toBeGreaterThan(0);
      expect(level.silhouette.mean).toBeCloseTo(mean(sil), 12);
      expect(level.silhouette.sd).toBeCloseTo(spread(sil, 0), 12);
      expect(level.silhouette.z).toBeCloseTo((mean(sil) - mean(nullOf(i, 0))) / spread(nullOf(i, 0), 1), 9);
      expect(level.calinskiHarabasz.mean).toBeCloseTo(mean(ch), 9);
      expect(level.calinskiHarabasz.sd).toBeCloseTo(spread(ch, 0), 9);
      expect(level.calinskiHarabasz.z).toBeCloseTo((mean(ch) - mean(nullOf(i, 1))) / spread(nullOf(i, 1), 1), 9);
      expect(level.separationDensity).toBeCloseTo(mean(density), 15);
    });
    // The three places are three groups; at k = 3 every subsample agrees, so the consensus does too.
    expect(Array.from(result.levels[1].labels)).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3]);
    // The figure's order: every experiment once, each place's three together.
    expect([...result.order].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // First-merged side first: the last merge's first side holds experiment 0 (merged clusters keep the smaller index), and so on down.
    expect(result.order[0]).toBe(0);
    expect(result.order.map((e) => e % 3).filter((g, i, all) => i > 0 && g !== all[i - 1])).toHaveLength(2);
    expect(result.tree.merges).toEqual(linkage(Float64Array.from(r, (v, t) => (t % 10 === 0 ? 0 : 1 - v)), 9, 'complete').merges);
  });
});
