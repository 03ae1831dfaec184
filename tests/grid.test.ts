import { describe, expect, it } from 'vitest';
import { createGeometry, flatIndex, inGrid, unflatIndex, unmaskFloat32, unmaskInt32, voxelToWorld, worldToVoxel } from '../workers/core/grid.ts';

const AFFINE = Float64Array.from([2, 0, 0, -4, 0, 2, 0, -6, 0, 0, 2, -2, 0, 0, 0, 1]);
const SHAPE = [2, 3, 4] as const;

describe('the analysis grid', () => {
  it('numbers voxels in C order (k fastest) and back', () => {
    expect(flatIndex(SHAPE, 0, 0, 1)).toBe(1);
    expect(flatIndex(SHAPE, 0, 1, 0)).toBe(4);
    expect(flatIndex(SHAPE, 1, 0, 0)).toBe(12);
    expect(flatIndex(SHAPE, 1, 2, 3)).toBe(23);
    for (let f = 0; f < 24; f++) expect(flatIndex(SHAPE, ...unflatIndex(SHAPE, f))).toBe(f);
    expect(unflatIndex(SHAPE, 17)).toEqual([1, 1, 1]);
  });

  it('knows which indices lie on the grid, edge by edge', () => {
    expect(inGrid(SHAPE, 0, 0, 0)).toBe(true);
    expect(inGrid(SHAPE, 1, 2, 3)).toBe(true);
    expect([inGrid(SHAPE, -1, 0, 0), inGrid(SHAPE, 0, -1, 0), inGrid(SHAPE, 0, 0, -1)]).toEqual([false, false, false]);
    expect([inGrid(SHAPE, 2, 0, 0), inGrid(SHAPE, 0, 3, 0), inGrid(SHAPE, 0, 0, 4)]).toEqual([false, false, false]);
  });

  it('maps voxel centres to world mm with the full affine, and back on an axis-aligned one', () => {
    const general = Float64Array.from([2, 0.5, 0.25, -4, 0.1, 2, 0.3, -6, 0.2, 0.4, 2, -2, 0, 0, 0, 1]);
    // 2·1 + 0.5·2 + 0.25·3 − 4 = −0.25; 0.1 + 4 + 0.9 − 6 = −1; 0.2 + 0.8 + 6 − 2 = 5.
    const [x, y, z] = voxelToWorld(general, 1, 2, 3);
    expect([x, y, z].map((v) => Math.round(v * 1e12) / 1e12)).toEqual([-0.25, -1, 5]);
    expect(voxelToWorld(AFFINE, 1, 2, 3)).toEqual([-2, -2, 4]);
    expect(worldToVoxel(AFFINE, -2, -2, 4)).toEqual([1, 2, 3]);
    const flipped = Float64Array.from([-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]);
    expect(worldToVoxel(flipped, 0, 0, 0)).toEqual([45, 63, 36]);
  });

  it('builds the masked order from the mask, NaN and 0 outside', () => {
    const values = new Float32Array(24);
    values[3] = 1;
    values[7] = Number.NaN;
    values[12] = -0.5;
    values[23] = 2;
    const g = createGeometry(SHAPE, AFFINE, values);
    expect(g.nMasked).toBe(3);
    expect(Array.from(g.maskedToFlat)).toEqual([3, 12, 23]);
    expect(g.flatToMasked[3]).toBe(0);
    expect(g.flatToMasked[12]).toBe(1);
    expect(g.flatToMasked[23]).toBe(2);
    expect(g.flatToMasked[7]).toBe(-1);
    expect(g.flatToMasked[0]).toBe(-1);
    expect(Array.from(g.mask).reduce((a, b) => a + b, 0)).toBe(3);
    expect(g.zooms).toEqual([2, 2, 2]);
    expect(Array.from(unmaskFloat32([0.5, 1.5, 2.5], g))).toEqual(Array.from({ length: 24 }, (_, f) => ({ 3: 0.5, 12: 1.5, 23: 2.5 })[f] ?? 0));
    expect(Array.from(unmaskInt32([7, 8, 9], g))).toEqual(Array.from({ length: 24 }, (_, f) => ({ 3: 7, 12: 8, 23: 9 })[f] ?? 0));
  });

  it('accepts axis flips and refuses masks ALE cannot use, saying why', () => {
    const ones = new Uint8Array(24).fill(1);
    const flipped = Float64Array.from([-2, 0, 0, 4, 0, 2, 0, -6, 0, 0, -2, 2, 0, 0, 0, 1]);
    expect(createGeometry(SHAPE, flipped, ones).zooms).toEqual([2, 2, 2]);
    expect(() => createGeometry(SHAPE, AFFINE, new Uint8Array(23))).toThrow('mask has 23 values but its shape 2×3×4 needs 24');
    expect(() => createGeometry(SHAPE, AFFINE, new Uint8Array(24))).toThrow('mask is empty: no voxel is non-zero');
    const rotated = Float64Array.from([2, 0, 0, -4, 0, 2, 0.01, -6, 0, 0, 2, -2, 0, 0, 0, 1]);
    expect(() => createGeometry(SHAPE, rotated, ones)).toThrow('mask affine is rotated or sheared; only axis-aligned grids are supported');
    const nearlyAligned = Float64Array.from([2, 1e-7, 0, -4, 0, 2, 0, -6, 0, 0, 2, -2, 0, 0, 0, 1]);
    expect(createGeometry(SHAPE, nearlyAligned, ones).nMasked).toBe(24);
    const threeMm = Float64Array.from([2, 0, 0, -4, 0, 3, 0, -6, 0, 0, 2, -2, 0, 0, 0, 1]);
    expect(() => createGeometry(SHAPE, threeMm, ones)).toThrow('mask voxels are 2.000×3.000×2.000 mm; ALE needs a 2 mm isotropic grid');
    const lastAxis = Float64Array.from([2, 0, 0, -4, 0, 2, 0, -6, 0, 0, 2.5, -2, 0, 0, 0, 1]);
    expect(() => createGeometry(SHAPE, lastAxis, ones)).toThrow('ALE needs a 2 mm isotropic grid');
    const float32Zoom = Float64Array.from([2.00001, 0, 0, -4, 0, 2, 0, -6, 0, 0, 2, -2, 0, 0, 0, 1]);
    expect(createGeometry(SHAPE, float32Zoom, ones).zooms[0]).toBeCloseTo(2.00001, 9);
  });
});
