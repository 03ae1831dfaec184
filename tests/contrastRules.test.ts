/**
 * The contrast's smallest cluster volume (GingerALE's minimum volume), on a
 * hand-made signed map: which clusters of each sign go, which stay, and
 * that the kept voxels keep their values.
 */
import { describe, expect, it } from 'vitest';
import { parseVolumeMm3, withoutSmallClusters } from '../workers/analysis/runContrast.ts';
import { createGeometry, flatIndex } from '../workers/core/grid.ts';

// A 6 × 1 × 4 grid of 2 mm voxels (8 mm³ each), all in the mask.
const geometry = createGeometry([6, 1, 4], Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), new Uint8Array(24).fill(1));
// All voxels are in the mask, so masked and flat indices agree.
const at = (i: number, k: number) => flatIndex([6, 1, 4], i, 0, k);
// Positive: three voxels in a row (24 mm³) and one alone (8 mm³); negative: two voxels (16 mm³).
const map = new Float32Array(24);
[at(0, 0), at(1, 0), at(2, 0)].forEach((m, n) => (map[m] = 3 + n));
map[at(5, 0)] = 4.5;
map[at(0, 3)] = -3.5;
map[at(1, 3)] = -4;

describe('the contrast’s smallest cluster volume', () => {
  it('drops clusters of either sign below the volume and keeps the rest as they were', () => {
    const kept = (min: number) => Array.from(withoutSmallClusters(map, geometry, 6, min));
    const expected = Array.from(map);
    expected[at(5, 0)] = 0;
    // 16 mm³: the lone voxel (8) goes; the negative pair (exactly 16) stays.
    expect(kept(16)).toEqual(expected);
    // 17 mm³: the pair goes too; the row of three (24) stays.
    expected[at(0, 3)] = 0;
    expected[at(1, 3)] = 0;
    expect(kept(17)).toEqual(expected);
    expect(kept(25).every((v) => v === 0)).toBe(true);
  });

  it('keeps everything at 0, and never joins voxels of opposite signs into one cluster', () => {
    expect(withoutSmallClusters(map, geometry, 6, 0)).toBe(map);
    // A positive and a negative voxel side by side are two clusters of 8 mm³ each, not one of 16.
    const touching = new Float32Array(24);
    touching[at(2, 2)] = 3.2;
    touching[at(3, 2)] = -3.2;
    expect(Array.from(withoutSmallClusters(touching, geometry, 6, 9)).every((v) => v === 0)).toBe(true);
    expect(Array.from(withoutSmallClusters(touching, geometry, 6, 8))).toEqual(Array.from(touching));
  });

  it('reads a volume as typed: plain decimals in mm³ up to 10,000,000', () => {
    expect(['0', '200', '12.5', '10000000'].map(parseVolumeMm3)).toEqual([0, 200, 12.5, 1e7]);
    expect(['', ' 200', '-5', '1e3', '0x10', '200 mm3', '10000000.5', '.5'].map(parseVolumeMm3)).toEqual([null, null, null, null, null, null, null, null]);
  });
});
