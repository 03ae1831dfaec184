/**
 * Known answers for the subtraction's decisions (workers/inference/contrast.ts), worked by hand on a few voxels:
 * NiMARE's two-sided p from the permutation counts with its clamp to [1/n, 1 − 1/n] and the sign of z, the
 * one-sided p of the gated contrast with its floor and strict cut-off, the conjunction, and what a permutation
 * counts as strictly above or below the observed difference. contrast.test.ts runs the whole contrast on real data.
 */
import { describe, expect, it } from 'vitest';
import { conjunction, finishSubtraction, gatedContrast, oneSidedP, permutationCounts, subtractionModel, type Subtraction, type SubtractionModel } from '../workers/inference/contrast.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { inverseNormalCdf } from '../workers/core/normal.ts';

/** Five masked voxels; the permutations touched voxels 1, 3 and 4. */
const geometry = { nMasked: 5 } as Geometry;
const model = (observed: number[]): SubtractionModel => ({ support: Int32Array.from([1, 3, 4]), terms: [], observed: Float32Array.from(observed), nPooled: 2, firstGroupIsA: true, nFirst: 1, seed: 1 });

describe('the subtraction’s p and z from permutation counts (NiMARE’s two-sided rule)', () => {
  it('clamps p to [1/n, 1 − 1/n], signs z by the side the observed difference lies on, and leaves untouched voxels at p = 1 − 1/n', () => {
    // 10 permutations. Voxel 1: none above, all 10 below (observed the largest). Voxel 3: 7 above, 1 below, 2 equal.
    // Voxel 4: 3 above, 3 below, 4 equal (upper = lower = 7).
    const sub = finishSubtraction(model([0.5, -0.25, 0.125]), { greater: Int32Array.from([0, 7, 3]), less: Int32Array.from([10, 1, 3]) }, 10, geometry);
    // Voxel 1: 2·min(0, 10)/10 = 0, clamped up to 0.1; voxel 3: 2·min(9, 3)/10 = 0.6; voxel 4: 2·7/10 = 1.4, clamped down to 0.9.
    expect(Array.from(sub.p)).toEqual([0.9, 0.1, 0.9, 0.6, 0.9]);
    // z = Φ⁻¹(1 − p/2) with the sign of lower − upper: Φ⁻¹(0.95) ≈ 1.6449 at voxel 1, −Φ⁻¹(0.7) ≈ −0.5244 at voxel 3.
    expect(Array.from(sub.z)).toEqual([0, Math.fround(-inverseNormalCdf(0.05)), 0, Math.fround(inverseNormalCdf(0.3)), 0]);
    expect(sub.z[1]).toBeCloseTo(1.6448536, 6);
    expect(sub.z[3]).toBeCloseTo(-0.5244005, 6);
    expect(Array.from(sub.difference)).toEqual([0, 0.5, 0, -0.25, 0.125]);
    expect(Array.from(sub.above)).toEqual([0, 0, 0, 0.7, 0.3]);
    expect(Array.from(sub.below)).toEqual([0, 1, 0, 0.1, 0.3]);
    expect(sub.iterations).toBe(10);
  });
});

describe('the gated contrast (Eickhoff et al. 2011) and the conjunction', () => {
  /** Twenty permutations: one-sided p is floored at 1/20 = 0.05. */
  const sub = (difference: number[], above: number[], below: number[]): Subtraction => ({
    difference: Float32Array.from(difference),
    z: new Float32Array(difference.length),
    p: new Float64Array(difference.length),
    above: Float64Array.from(above),
    below: Float64Array.from(below),
    iterations: 20,
  });

  it('floors a direction’s one-sided p at 1/permutations and reads the side it is asked for', () => {
    const s = sub([1, -1], [0, 0.3], [0.4, 0.02]);
    expect(oneSidedP(s, 0, 'aOverB')).toBe(0.05);
    expect(oneSidedP(s, 0, 'bOverA')).toBe(0.4);
    expect(oneSidedP(s, 1, 'aOverB')).toBe(0.3);
    expect(oneSidedP(s, 1, 'bOverA')).toBe(0.05);
  });

  it('tests A > B only where A is significant and B > A only where B is, keeping z strictly above Φ⁻¹(1 − α)', () => {
    // α = 0.1: z must exceed 1.2815515655446004. p = 0.05 gives z = 1.6448536269514722; p = 0.1 sits on the cut-off.
    const s = sub([0.2, 0.2, -0.2, -0.2, 0.2, -0.2, 0, 0.2], [0, 0, 0, 0, 0.1, 0, 0, 0.01], [0, 0, 0, 0, 0, 0.1, 0, 0]);
    const significantA = Uint8Array.from([1, 0, 1, 0, 1, 1, 1, 1]);
    const significantB = Uint8Array.from([0, 1, 0, 1, 1, 1, 1, 0]);
    const z = Math.fround(-inverseNormalCdf(0.05));
    // 0: A > B in A: kept. 1: A > B only B significant: no. 2: B > A only A significant: no. 3: B > A in B: kept, negative.
    // 4 and 5: p exactly α: not kept. 6: no difference. 7: p = 0.01 floored at 0.05.
    expect(Array.from(gatedContrast(s, significantA, significantB, 0.1))).toEqual([z, 0, 0, -z, 0, 0, 0, z]);
  });

  it('takes the smaller z where both maps are significant, and 0 elsewhere', () => {
    const zA = Float32Array.from([3, 2, 5, -1]);
    const zB = Float32Array.from([4, 6, 1, 2]);
    expect(Array.from(conjunction(zA, zB, Uint8Array.from([1, 1, 0, 1]), Uint8Array.from([1, 1, 1, 1])))).toEqual([3, 2, 0, -1]);
    expect(Array.from(conjunction(zA, zB, Uint8Array.from([1, 1, 1, 1]), Uint8Array.from([0, 1, 1, 0])))).toEqual([0, 2, 1, 0]);
  });
});

describe('permutation counts on two experiments, one per group', () => {
  // Each permutation either keeps the groups (the difference equals the observed one: counted neither way)
  // or swaps them (the difference changes sign). Terms: log1p(−MA) of 0.5 at voxel 0 for the first experiment,
  // of 0.25 at voxel 1 for the second; voxel 2 is reached by neither.
  const two: SubtractionModel = {
    support: Int32Array.from([0, 1, 2]),
    terms: [
      { at: Int32Array.from([0]), log: Float64Array.from([Math.log1p(-0.5)]) },
      { at: Int32Array.from([1]), log: Float64Array.from([Math.log1p(-0.25)]) },
    ],
    observed: Float32Array.from([0.5, -0.25, 0]),
    nPooled: 2,
    firstGroupIsA: true,
    nFirst: 1,
    seed: 7,
  };

  it('counts only strictly larger and strictly smaller differences, and adds up over any split of the permutations', () => {
    const all = permutationCounts(two, 0, 60);
    const swaps = all.less[0];
    // Sixty fair coin flips: neither none nor all swapped (chance 2·2⁻⁶⁰).
    expect(swaps).toBeGreaterThan(0);
    expect(swaps).toBeLessThan(60);
    expect(Array.from(all.greater)).toEqual([0, swaps, 0]);
    expect(Array.from(all.less)).toEqual([swaps, 0, 0]);
    const first = permutationCounts(two, 0, 25);
    const rest = permutationCounts(two, 25, 35);
    expect(Array.from(first.less, (v, u) => v + rest.less[u])).toEqual(Array.from(all.less));
    expect(Array.from(first.greater, (v, u) => v + rest.greater[u])).toEqual(Array.from(all.greater));
  });

  it('puts the first nFirst shuffled positions in the first group, whichever group that is', () => {
    // With B's ids first, the group of the first positions is B: the same shuffles, every permutation mirrored.
    const mirrored = permutationCounts({ ...two, firstGroupIsA: false }, 0, 60);
    const all = permutationCounts(two, 0, 60);
    expect(mirrored.less[0]).toBe(60 - all.less[0]);
  });

  it('refuses a group without experiments', () => {
    expect(() => subtractionModel([], [], geometry, 1)).toThrow('both groups need at least one experiment');
  });
});
