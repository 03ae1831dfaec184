/**
 * The per-block upper bounds of block pruning, worked by hand on an 8³ grid (2³ blocks of 4³ voxels) with a
 * radius-1 kernel whose value depends only on how many axes a voxel is off the centre: each experiment gives a
 * block the kernel value at the block's nearest voxel to its nearest focus, and the experiments' log1p(−value)s add.
 */
import { describe, expect, it } from 'vitest';
import { BlockBounds, firstBlock, lastBlock } from '../workers/inference/monteCarlo/blockBounds.ts';
import { NullFoci } from '../workers/inference/monteCarlo/nullFoci.ts';
import { toyNullSpec } from './support/nullSpec.ts';

/** Centre 0.4, faces 0.2, edges 0.1, corners 0.05. */
const BY_AXES_OFF = [0.4, 0.2, 0.1, 0.05];
const kernelValues = new Float32Array(27);
for (let di = -1; di <= 1; di++)
  for (let dj = -1; dj <= 1; dj++)
    for (let dk = -1; dk <= 1; dk++) kernelValues[((di + 1) * 3 + (dj + 1)) * 3 + (dk + 1)] = BY_AXES_OFF[Math.abs(di) + Math.abs(dj) + Math.abs(dk)];
const log = (axesOff: number) => Math.log1p(-Math.fround(BY_AXES_OFF[axesOff]));

/** Foci per experiment, placed by hand. */
function fociAt(experiments: [number, number, number][][]): NullFoci {
  const foci = new NullFoci(
    toyNullSpec({
      shape: [8, 8, 8],
      maskedToFlat: Int32Array.from({ length: 512 }, (_, v) => v),
      kernels: [{ radius: 1, values: kernelValues }],
      experimentKernel: new Int32Array(experiments.length),
      experimentFoci: Int32Array.from(experiments, (e) => e.length),
    }),
  );
  experiments.flat().forEach(([i, j, k], f) => {
    foci.fi[f] = i;
    foci.fj[f] = j;
    foci.fk[f] = k;
  });
  return foci;
}

/** The bound of every touched block, by block coordinates. */
function boundsOf(bounds: BlockBounds, foci: NullFoci): Map<string, number> {
  const n = bounds.bound(foci);
  expect(n).toBe(bounds.nTouched);
  const out = new Map<string, number>();
  for (let t = 0; t < n; t++) {
    const b = bounds.touched[t];
    out.set(`${Math.floor(b / 4)},${Math.floor(b / 2) % 2},${b % 2}`, bounds.blockLog[b]);
  }
  return out;
}

describe('block bounds', () => {
  it('give each block the kernel value at its nearest voxel to the focus', () => {
    const bounds = new BlockBounds([8, 8, 8]);
    expect(bounds.nb).toEqual([2, 2, 2]);
    const got = boundsOf(bounds, fociAt([[[3, 3, 3]]]));
    expect(got.size).toBe(8);
    expect(got.get('0,0,0')).toBe(log(0));
    expect(got.get('1,0,0')).toBe(log(1));
    expect(got.get('0,1,0')).toBe(log(1));
    expect(got.get('1,1,0')).toBe(log(2));
    expect(got.get('1,1,1')).toBe(log(3));
    // A focus well inside a block reaches that block only.
    expect([...boundsOf(bounds, fociAt([[[1, 2, 1]]])).entries()]).toEqual([['0,0,0', log(0)]]);
  });

  it('keep the largest value over one experiment’s foci, and add the experiments’ logs', () => {
    const bounds = new BlockBounds([8, 8, 8]);
    const one = boundsOf(bounds, fociAt([[[3, 3, 3], [4, 3, 3]]]));
    expect(one.get('0,0,0')).toBe(log(0));
    expect(one.get('1,0,0')).toBe(log(0));
    expect(one.get('1,1,1')).toBe(log(2));
    const two = boundsOf(bounds, fociAt([[[3, 3, 3], [4, 3, 3]], [[3, 4, 3]]]));
    expect(two.get('0,0,0')).toBe(log(0) + log(1));
    expect(two.get('0,1,0')).toBe(log(1) + log(0));
    expect(two.get('1,1,1')).toBe(log(2) + log(2));
    expect(two.size).toBe(8);
  });

  it('start every iteration afresh', () => {
    const bounds = new BlockBounds([8, 8, 8]);
    boundsOf(bounds, fociAt([[[3, 3, 3]], [[3, 3, 3]]]));
    const next = boundsOf(bounds, fociAt([[[5, 5, 5]], [[6, 6, 6]]]));
    expect([...next.entries()]).toEqual([['1,1,1', log(0) + log(0)]]);
  });

  it('clip a kernel’s blocks to the grid', () => {
    expect([firstBlock(1, 1), firstBlock(4, 1), firstBlock(5, 1), firstBlock(9, 1)]).toEqual([0, 0, 1, 2]);
    expect([lastBlock(2, 1, 2), lastBlock(3, 1, 2), lastBlock(7, 1, 2), lastBlock(6, 1, 3)]).toEqual([0, 1, 1, 1]);
    expect(new BlockBounds([6, 9, 4]).nb).toEqual([2, 3, 1]);
  });
});
