/**
 * Known answers for the observed clusters: components against SciPy at every connectivity
 * (tests/fixtures/cluster_labels.py), and each cluster's size, mass, centre, order and label on a map built by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ClusterLabeller, type Connectivity } from '../workers/core/clusterLabeller.ts';
import { createGeometry, flatIndex, type Shape3 } from '../workers/core/grid.ts';
import { observedClusters, supraThresholdFlat } from '../workers/core/observedClusters.ts';

interface Reference {
  shape: Shape3;
  cases: { voxels: number[]; labels: Record<string, number[]> }[];
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/cluster_labels.json', import.meta.url), 'utf8')) as Reference;

describe("connected components, as scipy.ndimage.label finds them", () => {
  for (const connectivity of [6, 18, 26] as const) {
    it(`labels at ${connectivity}-connectivity, numbered in raster order, with one labeller reused and a longer buffer`, () => {
      const labeller = new ClusterLabeller(reference.shape, connectivity as Connectivity);
      for (const c of reference.cases) {
        const expected = c.labels[String(connectivity)];
        // The buffer is longer than the count (the Monte Carlo reuses one): what follows must be ignored.
        const buffer = Int32Array.from([...c.voxels, ...[...c.voxels].reverse()]);
        for (let round = 0; round < 2; round++) {
          const { component, nComponents } = labeller.label(buffer, c.voxels.length);
          expect(Array.from(component)).toEqual(expected);
          expect(nComponents).toBe(Math.max(...expected) + 1);
        }
      }
    });
  }

  it('leaves nothing of one labelling in the next (a reused labeller)', () => {
    const labeller = new ClusterLabeller(reference.shape, 6);
    const at = (i: number, j: number, k: number) => flatIndex(reference.shape, i, j, k);
    labeller.label(Int32Array.from([at(5, 5, 5), at(0, 0, 1)]), 2);
    // (0, 0, 0) touches (0, 0, 1), which is not in this set: the two voxels are two components.
    const { component, nComponents } = labeller.label(Int32Array.from([at(0, 0, 0), at(4, 4, 4)]), 2);
    expect([Array.from(component), nComponents]).toEqual([[0, 1], 2]);
  });
});

/**
 * A 6×6×6 grid, x = 2i − 6, with two voxels outside the mask (so masked and flat positions differ).
 * Threshold 0.1; voxel values by hand, each cluster's voxels in raster order:
 *  B: (1,1,1) 0.4, (1,1,2) 0.15, (1,2,1) 0.35 — three voxels, peak 0.4, first in raster order
 *  D: (1,4,0) 0.3, (2,4,0) 0.5               — two voxels, peak 0.5 at flat 96
 *  C: (2,0,4) 0.5, (2,0,5) 0.3               — two voxels, peak 0.5 at flat 76: before D, though D starts first
 *  A: (4,3,4) 0.2, (4,4,3) 0.3, (4,4,4) 0.5  — three voxels, peak 0.5: before B, though B starts first
 * and a voxel at exactly float32(0.1), which is not above the threshold.
 */
const SHAPE: Shape3 = [6, 6, 6];
const mask = new Uint8Array(216).fill(1);
mask[0] = 0;
mask[flatIndex(SHAPE, 3, 3, 3)] = 0;
const geometry = createGeometry(SHAPE, Float64Array.from([2, 0, 0, -6, 0, 2, 0, -6, 0, 0, 2, -6, 0, 0, 0, 1]), mask);
const A: [number, number, number, number][] = [
  [4, 3, 4, 0.2],
  [4, 4, 3, 0.3],
  [4, 4, 4, 0.5],
];
const B: [number, number, number, number][] = [
  [1, 1, 1, 0.4],
  [1, 1, 2, 0.15],
  [1, 2, 1, 0.35],
];
const C: [number, number, number, number][] = [
  [2, 0, 4, 0.5],
  [2, 0, 5, 0.3],
];
const D: [number, number, number, number][] = [
  [1, 4, 0, 0.3],
  [2, 4, 0, 0.5],
];
const VALUES = [...A, ...B, ...C, ...D, [5, 0, 5, Math.fround(0.1)] as [number, number, number, number]];
const ale = new Float32Array(geometry.nMasked);
const z = new Float32Array(geometry.nMasked);
for (const [i, j, k, v] of VALUES) {
  const m = geometry.flatToMasked[flatIndex(SHAPE, i, j, k)];
  ale[m] = v;
  z[m] = 10 * v;
}
const f32 = Math.fround;
const mm = (i: number, j: number, k: number) => [2 * i - 6, 2 * j - 6, 2 * k - 6];

/** Computed inside each test, so that a mutation tester attributes the run to the test that checks it. */
const analyse = () => observedClusters(ale, z, 0.1, geometry, 6);

describe('observed clusters on a map built by hand', () => {

  it('takes voxels strictly above the threshold as float32, in masked order', () => {
    const supra = Array.from(supraThresholdFlat(ale, 0.1, geometry));
    expect(supra).toHaveLength(10);
    expect(supra).not.toContain(flatIndex(SHAPE, 5, 0, 5));
    expect(supra).toEqual([...supra].sort((a, b) => a - b));
    // Above float32(0.3): 0.4, 0.35 and the three peaks of 0.5; the voxels of exactly 0.3 are not.
    expect(Array.from(supraThresholdFlat(ale, 0.3, geometry))).toEqual([flatIndex(SHAPE, 1, 1, 1), flatIndex(SHAPE, 1, 2, 1), flatIndex(SHAPE, 2, 0, 4), flatIndex(SHAPE, 2, 4, 0), flatIndex(SHAPE, 4, 4, 4)]);
  });

  it('orders clusters by size, then peak ALE, then the peak’s position, and sizes them in mm³', () => {
    const { clusters } = analyse();
    expect(clusters.map((c) => [c.id, c.sizeVoxels, c.sizeMm3, c.peak.ijk])).toEqual([
      [1, 3, 24, [4, 4, 4]],
      [2, 3, 24, [1, 1, 1]],
      [3, 2, 16, [2, 0, 4]],
      [4, 2, 16, [2, 4, 0]],
    ]);
  });

  it('sums ALE above the threshold as mass, and weights the centre by ALE', () => {
    const { clusters } = analyse();
    // Summed in the cluster's raster order, as the engine does.
    const massOf = (points: [number, number, number, number][]) => points.reduce((s, p) => s + (f32(p[3]) - 0.1), 0);
    expect(clusters.map((c) => c.mass)).toEqual([massOf(A), massOf(B), massOf(C), massOf(D)]);
    const centre = (points: [number, number, number, number][]) => {
      const w = points.reduce((s, p) => s + f32(p[3]), 0);
      return [0, 1, 2].map((d) => points.reduce((s, p) => s + f32(p[3]) * mm(p[0], p[1], p[2])[d], 0) / w);
    };
    expect(clusters.map((c) => c.center)).toEqual([centre(A), centre(B), centre(C), centre(D)]);
    // A: (0.2·(2, 0, 2) + 0.3·(2, 2, 0) + 0.5·(2, 2, 2)) / 1.0 = (2, 1.6, 1.4) (in float32 weights).
    expect(clusters[0].center[1]).toBeCloseTo(1.6, 6);
    expect(clusters[0].center[2]).toBeCloseTo(1.4, 6);
  });

  it('reports each peak’s position in mm, its ALE and its Z', () => {
    const { clusters } = analyse();
    expect(clusters[0].peak).toEqual({ xyz: [2, 2, 2], ijk: [4, 4, 4], ale: f32(0.5), z: f32(5) });
    expect(clusters[1].peak).toEqual({ xyz: [-4, -4, -4], ijk: [1, 1, 1], ale: f32(0.4), z: f32(4) });
    expect(clusters.every((c) => c.subPeaks.length === 0)).toBe(true);
  });

  it('labels each masked voxel with its cluster’s id, 0 elsewhere', () => {
    const { labels } = analyse();
    const labelAt = (i: number, j: number, k: number) => labels[geometry.flatToMasked[flatIndex(SHAPE, i, j, k)]];
    expect([labelAt(4, 3, 4), labelAt(1, 2, 1), labelAt(2, 0, 5), labelAt(1, 4, 0), labelAt(5, 0, 5), labelAt(0, 0, 1)]).toEqual([1, 2, 3, 4, 0, 0]);
    expect(labels.length).toBe(geometry.nMasked);
    expect(labels.reduce((n, l) => n + (l > 0 ? 1 : 0), 0)).toBe(10);
  });
});
