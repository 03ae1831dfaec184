/**
 * Each cluster's peak and sub-peaks against SciPy, following nilearn's get_clusters_table step by step
 * (tests/fixtures/cluster_peaks.py): smooth maps with clusters on the grid's faces, plateaus and ties.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterPeakVoxels } from '../workers/core/clusterPeaks.ts';
import { createGeometry, type Shape3 } from '../workers/core/grid.ts';

interface Reference {
  shape: Shape3;
  affine: number[];
  wide_affine: number[];
  cases: { values: number[]; clusters: { voxels: number[]; peaks: number[]; peaks_wide: number[] }[] }[];
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/cluster_peaks.json', import.meta.url), 'utf8')) as Reference;
const { shape } = reference;
const geometry = createGeometry(shape, Float64Array.from(reference.affine), new Uint8Array(shape[0] * shape[1] * shape[2]).fill(1));
/** The same grid with voxels 20 mm apart (no analysis grid; createGeometry refuses it): no peak is pared by distance. */
const wide = { ...geometry, affine: Float64Array.from(reference.wide_affine) };

describe("cluster peaks as nilearn's get_clusters_table finds them (SciPy)", () => {
  it('covers clusters on every face of the grid, with four peaks and with one', () => {
    const onFace = [0, 0, 0, 0, 0, 0];
    for (const c of reference.cases.flatMap((r) => r.clusters)) {
      for (const v of c.voxels) {
        const k = v % shape[2], j = Math.floor(v / shape[2]) % shape[1], i = Math.floor(v / (shape[1] * shape[2]));
        [i === 0, j === 0, k === 0, i === shape[0] - 1, j === shape[1] - 1, k === shape[2] - 1].forEach((f, n) => (onFace[n] += f ? 1 : 0));
      }
    }
    expect(onFace.every((n) => n > 0)).toBe(true);
    const counts = reference.cases.flatMap((r) => r.clusters.map((c) => c.peaks.length));
    expect(Math.max(...counts)).toBe(4);
    expect(Math.min(...counts)).toBe(1);
  });

  reference.cases.forEach((c, n) => {
    it(`finds SciPy's peaks in map ${n + 1} (${c.clusters.length} clusters)`, () => {
      const ale = Float32Array.from(c.values);
      for (const cluster of c.clusters) {
        // The answer must not depend on the order the cluster's voxels come in (a flood fill's, not raster order).
        const shuffled = cluster.voxels.map((v, t) => ({ v, key: (t * 7919) % 1009 })).sort((p, q) => p.key - q.key || p.v - q.v).map((p) => p.v);
        for (const voxels of [cluster.voxels, [...cluster.voxels].reverse(), shuffled]) {
          expect(clusterPeakVoxels(voxels, (flat) => ale[flat], geometry)).toEqual(cluster.peaks);
          expect(clusterPeakVoxels(voxels, (flat) => ale[flat], wide)).toEqual(cluster.peaks_wide);
        }
      }
    });
  });
});
