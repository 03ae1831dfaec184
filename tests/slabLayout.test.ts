/**
 * How slab stamping cuts the grid, worked by hand on a 5 × 3 × 4 grid with four mask voxels: the mask's
 * bounding box, slabs of two i-planes, each mask voxel's slab-local index in the padded slab, and the slabs a
 * kernel reaches.
 */
import { describe, expect, it } from 'vitest';
import { NullFoci } from '../workers/inference/monteCarlo/nullFoci.ts';
import { maskBox, SlabLayout } from '../workers/inference/monteCarlo/slabLayout.ts';
import { supraLogLimit } from '../workers/inference/monteCarlo/supraThreshold.ts';
import type { Shape3 } from '../workers/core/grid.ts';
import { toyNullSpec } from './support/nullSpec.ts';

const shape: Shape3 = [5, 3, 4];
// (1,0,2), (1,2,1), (2,1,3) and (4,1,1): flat (i·3 + j)·4 + k.
const maskVoxels = [14, 21, 31, 53];

const foci = () =>
  new NullFoci(
    toyNullSpec({
      shape,
      maskedToFlat: Int32Array.from(maskVoxels),
      kernels: [{ radius: 1, values: new Float32Array(27).fill(0.1) }],
      experimentKernel: Int32Array.from([0]),
      experimentFoci: Int32Array.from([1]),
    }),
  );

describe('the slab layout', () => {
  it('bounds the mask by its smallest box, inclusive', () => {
    const mask = new Uint8Array(60);
    for (const v of maskVoxels) mask[v] = 1;
    expect(maskBox(mask, shape)).toEqual({ lo: [1, 0, 1], hi: [4, 2, 3] });
    expect(maskBox(new Uint8Array(60).fill(1), shape)).toEqual({ lo: [0, 0, 0], hi: [4, 2, 3] });
    const one = new Uint8Array(60);
    one[31] = 1;
    expect(maskBox(one, shape)).toEqual({ lo: [2, 1, 3], hi: [2, 1, 3] });
    const origin = new Uint8Array(60);
    origin[0] = 1;
    expect(maskBox(origin, shape)).toEqual({ lo: [0, 0, 0], hi: [0, 0, 0] });
  });

  it('cuts the box into slabs of two planes and lists each slab’s mask voxels with their padded local index', () => {
    const layout = new SlabLayout(foci(), Math.fround(0.1), 1);
    expect([layout.nj, layout.nk, layout.pj, layout.pk, layout.nSlabs, layout.slabVoxels]).toEqual([3, 3, 5, 5, 2, 50]);
    // Planes 1 and 2 form slab 0, planes 3 and 4 slab 1.
    expect(Array.from(layout.maskStart)).toEqual([0, 3, 4]);
    expect(Array.from(layout.maskFlat)).toEqual([14, 21, 31, 53]);
    // ((i − 1 − 2s)·5 + (j + 1))·5 + (k − 1 + 1)
    expect(Array.from(layout.maskLocal)).toEqual([7, 16, 38, 36]);
    expect(layout.logLimit).toBe(supraLogLimit(Math.fround(0.1)));
  });

  it('needs no padding for whole-grid stamps', () => {
    const layout = new SlabLayout(foci(), Math.fround(0.1));
    expect([layout.pj, layout.pk, layout.slabVoxels]).toEqual([3, 3, 18]);
    // ((i − 1 − 2s)·3 + j)·3 + (k − 1)
    expect(Array.from(layout.maskLocal)).toEqual([1, 6, 14, 12]);
  });

  it('gives the slabs a kernel reaches, clipped to the box', () => {
    const layout = new SlabLayout(foci(), Math.fround(0.1), 1);
    expect(layout.slabRange(1, 0)).toEqual([0, 0]);
    expect(layout.slabRange(2, 0)).toEqual([0, 0]);
    expect(layout.slabRange(3, 0)).toEqual([1, 1]);
    expect(layout.slabRange(2, 1)).toEqual([0, 1]);
    expect(layout.slabRange(4, 5)).toEqual([0, 1]);
    expect(layout.slabRange(0, 1)).toEqual([0, 0]);
  });
});
