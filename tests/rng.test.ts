/**
 * The Monte Carlo's generator against an independent implementation of the
 * same definition (SplitMix32-derived states, xoshiro128**; written in
 * Python for this test): the first outputs of several (seed, stream) pairs,
 * bounded integers by masked rejection, and floats.
 */
import { describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../workers/inference/rng.ts';

describe('xoshiro128** streams', () => {
  it.each([
    [0, 0, [1760415192, 3113333558, 2997664654, 1589308786]],
    [0, 1, [1800134588, 1636831035, 3374253674, 2395946621]],
    [42, 7, [1662516190, 2782082325, 3711161497, 294499727]],
    // Seeds above 2^32 use their high word too.
    [2 ** 40 + 5, 3, [4070391281, 2129826627, 438322280, 3444794460]],
  ])('seed %i, stream %i gives %j', (seed, stream, outputs) => {
    const rng = new Xoshiro128(seed, stream);
    expect(outputs.map(() => rng.nextUint32())).toEqual(outputs);
  });

  it('draws integers below n without bias (masked rejection), and floats in [0, 1)', () => {
    const rng = new Xoshiro128(9, 2);
    expect(Array.from({ length: 8 }, () => rng.nextBelow(10))).toEqual([8, 6, 3, 6, 2, 7, 2, 5]);
    expect([rng.nextBelow(1), rng.nextBelow(1)]).toEqual([0, 0]);
    expect([rng.nextBelow(2 ** 32), rng.nextBelow(2 ** 32)]).toEqual([3388365883, 853312209]);
    const f = new Xoshiro128(1, 1);
    expect([f.nextFloat(), f.nextFloat()]).toEqual([0.14720857748761773, 0.6584979640319943]);
  });

  it('refuses seeds that are not non-negative whole numbers', () => {
    for (const seed of [-1, 1.5, Number.NaN, 2 ** 53]) expect(() => new Xoshiro128(seed, 0)).toThrow(`seed must be a non-negative integer, got ${seed}`);
  });
});
