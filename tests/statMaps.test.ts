/**
 * Known answers for the uncorrected maps and the small numeric helpers behind them: Φ⁻¹ against
 * scipy.special.ndtri in every region of Cephes' approximation, −log10 p and its clipping, p as stored,
 * counting in sorted arrays, and extremes of long lists.
 */
import { describe, expect, it } from 'vitest';
import { maxOf, minOf } from '../workers/core/extent.ts';
import { inverseNormalCdf, zFromP } from '../workers/core/normal.ts';
import { roundHalfEven } from '../workers/core/numpyRounding.ts';
import { INV_BIN_STEP, type NullDistribution } from '../workers/core/nullHistogram.ts';
import { countAtMost, countBelow } from '../workers/core/sorted.ts';
import { logpFromP, pForStorage, uncorrectedMaps } from '../workers/core/statMaps.ts';

/** scipy.special.ndtri (SciPy 1.x), printed with repr. */
const NDTRI: [number, number][] = [
  [0.5, 0],
  [0.3, -0.5244005127080409],
  [0.1353352832366127, -1.10151962849875],
  [0.13, -1.1263911290388007],
  [0.05, -1.6448536269514729],
  [1e-3, -3.090232306167813],
  [1e-10, -6.361340902404056],
  [1.2e-14, -7.627150152734785],
  [1e-14, -7.6506280929352695],
  [1e-15, -7.941345326170998],
  [1e-100, -21.273453560965322],
  [1e-300, -37.0470962993612],
  [0.87, 1.1263911290388007],
  [0.8646647167633873, 1.1015196284987503],
  [0.9, 1.2815515655446004],
  [0.999, 3.090232306167813],
  [0.9999999999, 6.361340889697422],
];

describe('Φ⁻¹ (Cephes ndtri, as SciPy)', () => {
  it('agrees with scipy.special.ndtri to 1e-14 in the centre, both tails and the far tail', () => {
    for (const [p, z] of NDTRI) expect(Math.abs(inverseNormalCdf(p) - z)).toBeLessThanOrEqual(1e-14 * Math.max(1, Math.abs(z)));
  });

  it('is −∞ at 0 and +∞ at 1, and one-sided z is floored at 0', () => {
    expect([inverseNormalCdf(0), inverseNormalCdf(-0.1), inverseNormalCdf(1), inverseNormalCdf(1.5)]).toEqual([-Infinity, -Infinity, Infinity, Infinity]);
    expect(zFromP(0.05)).toBeCloseTo(1.6448536269514729, 14);
    expect([zFromP(0.5), zFromP(0.9), zFromP(1)]).toEqual([0, 0, 0]);
    expect(zFromP(0)).toBe(Infinity);
  });
});

describe('uncorrected maps', () => {
  it('gives −log10 p as ln p / −ln 10, never negative, clipped to the float32 range', () => {
    expect(logpFromP(1e-5)).toBe(Math.log(1e-5) / -Math.LN10);
    expect(logpFromP(0.3)).toBeCloseTo(0.5228787452803376, 15);
    expect(logpFromP(1)).toBe(0);
    expect(Object.is(logpFromP(1), 0)).toBe(true);
    expect(logpFromP(1.5)).toBe(0);
    expect(logpFromP(0)).toBe(3.4028234663852886e38);
  });

  it('stores p in float32 no lower than the smallest float32, so it never reads 0', () => {
    expect(Array.from(pForStorage(Float64Array.from([0, 1e-300, 0.25, 1])))).toEqual([Math.fround(1.4e-45), Math.fround(1.4e-45), 0.25, 1]);
  });

  it('maps each ALE value to p, z and −log10 p through the null', () => {
    const survival = Float64Array.from([1, 0.5, 0.25, 0]);
    const nd: NullDistribution = { histogram: Float64Array.from([2, 1, 1, 0]), survival, pMin: 0.25, binsPerUnit: 100_000, invStep: INV_BIN_STEP, convention: 'nimare' };
    const maps = uncorrectedMaps(Float32Array.from([0, 1e-5, 3e-5]), nd);
    expect(Array.from(maps.p)).toEqual([1, 0.5, 0.25]);
    expect(Array.from(maps.z)).toEqual([0, 0, Math.fround(zFromP(0.25))]);
    expect(Array.from(maps.logp)).toEqual([0, Math.fround(Math.log(0.5) / -Math.LN10), Math.fround(Math.log(0.25) / -Math.LN10)]);
  });
});

describe('small numeric helpers', () => {
  it('counts values below, and at most, a value in an ascending array', () => {
    const sorted = [1, 2, 2, 2, 5, 8];
    expect([0, 1, 2, 3, 8, 9].map((v) => countBelow(sorted, v))).toEqual([0, 0, 1, 4, 5, 6]);
    expect([0, 1, 2, 3, 8, 9].map((v) => countAtMost(sorted, v))).toEqual([0, 1, 4, 4, 6, 6]);
    expect([countBelow([], 1), countAtMost([], 1)]).toEqual([0, 0]);
  });

  it('finds the extremes of lists longer than the call stack allows as arguments', () => {
    const long = Float64Array.from({ length: 300_000 }, (_, i) => Math.sin(i));
    long[123_456] = 7;
    long[234_567] = -7;
    expect([maxOf(long), minOf(long)]).toEqual([7, -7]);
    expect([maxOf([]), minOf([])]).toEqual([-Infinity, Infinity]);
    expect([maxOf([3, 3, 1]), minOf([1, 1, 3])]).toEqual([3, 1]);
  });

  it('rounds halves to even as np.round, and everything else to nearest', () => {
    expect([0.5, 1.5, 2.5, 3.5, -0.5, -1.5, -2.5, 2.4999, 2.5001, -2.6].map(roundHalfEven)).toEqual([0, 2, 2, 4, -0, -2, -2, 2, 3, -3]);
  });
});
