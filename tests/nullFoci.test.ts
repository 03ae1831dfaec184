/**
 * The random foci of the Monte-Carlo null with known answers: each focus is a mask voxel drawn from the
 * iteration's own stream in focus order, its grid position is the flat index taken apart in C order, and the
 * per-focus tables follow the experiments. The engines and the full-stamping reference all read these, so a
 * fault here would pass every comparison between them.
 */
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../workers/inference/rng.ts';
import { NullFoci } from '../workers/inference/monteCarlo/nullFoci.ts';
import type { NullModelSpec } from '../workers/inference/monteCarlo/nullModel.ts';
import { toyNullSpec } from './support/nullSpec.ts';

/** A radius-1 kernel (3³ values) whose centre holds `centre` and every other value 0.01. */
const kernel = (centre: number) => {
  const values = new Float32Array(27).fill(0.01);
  values[13] = centre;
  return { radius: 1, values };
};

const spec = (): NullModelSpec =>
  toyNullSpec({
    shape: [3, 4, 5],
    maskedToFlat: Int32Array.from([2, 7, 23, 31, 44, 58]),
    kernels: [kernel(0.25), kernel(0.5)],
    experimentKernel: Int32Array.from([1, 0, 1]),
    experimentFoci: Int32Array.from([2, 1, 3]),
    seed: 42,
  });

describe('the null foci', () => {
  it('list each focus’s kernel and experiment in analysis order, and the largest kernel centre', () => {
    const foci = new NullFoci(spec());
    expect(foci.count).toBe(6);
    expect(foci.nExperiments).toBe(3);
    expect(Array.from(foci.focusExperiment)).toEqual([0, 0, 1, 2, 2, 2]);
    expect(Array.from(foci.focusKernel)).toEqual([1, 1, 0, 1, 1, 1]);
    expect(foci.peak).toBeCloseTo(0.5, 7);
    expect(new NullFoci({ ...spec(), experimentKernel: Int32Array.from([0, 0, 0]) }).peak).toBeCloseTo(0.25, 7);
    // A radius-2 kernel's centre is value 62 of its 5³.
    const wide = new Float32Array(125).fill(0.01);
    wide[62] = 0.75;
    expect(new NullFoci({ ...spec(), kernels: [kernel(0.25), { radius: 2, values: wide }] }).peak).toBeCloseTo(0.75, 7);
    expect(foci.kernelLogs[0][13]).toBeCloseTo(Math.log(0.75), 7);
    expect(foci.kernelLogs[1][0]).toBeCloseTo(Math.log(0.99), 7);
    expect(Array.from(foci.mask.keys()).filter((v) => foci.mask[v] === 1)).toEqual([2, 7, 23, 31, 44, 58]);
    expect(foci.mask).toHaveLength(60);
  });

  it('draw each focus uniformly among the mask voxels from the stream (seed, iteration), in focus order', () => {
    const s = spec();
    const foci = new NullFoci(s);
    for (const iteration of [0, 1, 17]) {
      const rng = new Xoshiro128(42, iteration);
      const expected = Array.from({ length: 6 }, () => s.maskedToFlat[rng.nextBelow(6)]);
      expect(Array.from(foci.drawFlat(iteration))).toEqual(expected);
    }
    expect(Array.from(foci.drawFlat(3))).not.toEqual(Array.from(foci.drawFlat(4)));
    // Over many iterations every mask voxel is drawn and nothing else.
    const seen = new Set<number>();
    for (let iteration = 0; iteration < 200; iteration++) for (const v of foci.drawFlat(iteration)) seen.add(v);
    expect([...seen].sort((a, b) => a - b)).toEqual([2, 7, 23, 31, 44, 58]);
  });

  it('take each drawn flat index apart into (i, j, k) in C order', () => {
    const foci = new NullFoci(spec());
    for (const iteration of [0, 5]) {
      foci.draw(iteration);
      const flat = foci.drawFlat(iteration);
      for (let f = 0; f < foci.count; f++) {
        const v = flat[f];
        expect([foci.fi[f], foci.fj[f], foci.fk[f]]).toEqual([Math.floor(v / 20), Math.floor(v / 5) % 4, v % 5]);
      }
    }
    // 58 = (2·4 + 3)·5 + 3, the last voxel of the last row; 7 = (0·4 + 1)·5 + 2.
    const corner = new NullFoci({ ...spec(), maskedToFlat: Int32Array.from([58]) });
    corner.draw(0);
    expect([corner.fi[0], corner.fj[0], corner.fk[0]]).toEqual([2, 3, 3]);
    const early = new NullFoci({ ...spec(), maskedToFlat: Int32Array.from([7]) });
    early.draw(0);
    expect([early.fi[5], early.fj[5], early.fk[5]]).toEqual([0, 1, 2]);
  });
});
