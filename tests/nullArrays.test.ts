/**
 * The null arrays' bookkeeping with known answers: chunks land at their offsets, prefixes are cut and joined,
 * and a chunk without TFCE in a TFCE run is an error, never a null silently left at zero.
 */
import { describe, expect, it } from 'vitest';
import { allocateNull, joinNulls, nullArraysOf, nullBuffers, storeChunk, truncateNull } from '../workers/inference/monteCarlo/nullArrays.ts';
import type { NullMaximaArrays } from '../workers/inference/fwe.ts';

const arrays = (values: number[], tfce: boolean): NullMaximaArrays => {
  const out: NullMaximaArrays = {
    maxAle: Float64Array.from(values),
    maxSize: Float64Array.from(values, (v) => 10 * v),
    maxMass: Float64Array.from(values, (v) => 100 * v),
  };
  if (tfce) out.maxTfce = Float64Array.from(values, (v) => 1000 * v);
  return out;
};
const plain = (m: NullMaximaArrays) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, Array.from(v as Float64Array)]));

describe('the null arrays', () => {
  it('are allocated with TFCE only when asked', () => {
    expect(plain(allocateNull(2, false))).toEqual({ maxAle: [0, 0], maxSize: [0, 0], maxMass: [0, 0] });
    expect(plain(allocateNull(2, true))).toEqual({ maxAle: [0, 0], maxSize: [0, 0], maxMass: [0, 0], maxTfce: [0, 0] });
  });

  it('take a chunk at its offset, every array', () => {
    const target = allocateNull(4, true);
    storeChunk(target, arrays([1, 2], true), 1);
    expect(plain(target)).toEqual({ maxAle: [0, 1, 2, 0], maxSize: [0, 10, 20, 0], maxMass: [0, 100, 200, 0], maxTfce: [0, 1000, 2000, 0] });
  });

  it('ignore a chunk’s TFCE when the run has none, and refuse a chunk without it when the run has it', () => {
    const target = allocateNull(2, false);
    storeChunk(target, arrays([3, 4], true), 0);
    expect(plain(target)).toEqual({ maxAle: [3, 4], maxSize: [30, 40], maxMass: [300, 400] });
    expect(() => storeChunk(allocateNull(2, true), arrays([3, 4], false), 0)).toThrow('a Monte-Carlo chunk came back without maxTfce');
  });

  it('hand over a result’s arrays without copying them', () => {
    const m = { ...arrays([5], false), engine: 'cpu' };
    const out = nullArraysOf(m);
    expect(Object.keys(out)).toEqual(['maxAle', 'maxSize', 'maxMass']);
    expect(out.maxAle).toBe(m.maxAle);
    expect(out.maxMass).toBe(m.maxMass);
    const withTfce = arrays([5], true);
    expect(nullArraysOf(withTfce).maxTfce).toBe(withTfce.maxTfce);
  });

  it('cut a prefix into copies', () => {
    const m = arrays([1, 2, 3], true);
    const cut = truncateNull(m, 2);
    expect(plain(cut)).toEqual({ maxAle: [1, 2], maxSize: [10, 20], maxMass: [100, 200], maxTfce: [1000, 2000] });
    cut.maxAle[0] = 9;
    expect(m.maxAle[0]).toBe(1);
    expect(Object.keys(truncateNull(arrays([1], false), 1))).toEqual(['maxAle', 'maxSize', 'maxMass']);
  });

  it('join a head’s prefix and a whole tail', () => {
    expect(plain(joinNulls(arrays([1, 2, 3], true), 2, arrays([7, 8], true)))).toEqual({
      maxAle: [1, 2, 7, 8],
      maxSize: [10, 20, 70, 80],
      maxMass: [100, 200, 700, 800],
      maxTfce: [1000, 2000, 7000, 8000],
    });
    expect(plain(joinNulls(arrays([1, 2], false), 0, arrays([4], false)))).toEqual({ maxAle: [4], maxSize: [40], maxMass: [400] });
  });

  it('list each array’s buffer for a transfer between threads', () => {
    const m = arrays([1], true);
    expect(nullBuffers(m)).toEqual([m.maxAle.buffer, m.maxSize.buffer, m.maxMass.buffer, m.maxTfce!.buffer]);
    expect(nullBuffers(arrays([1], false))).toHaveLength(3);
  });
});
