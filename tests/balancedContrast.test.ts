/**
 * The balanced contrast: the exact subset expectation against every subset
 * enumerated (and against JALE's random-subset mean, which converges to it),
 * JALE's default N, p and z from a hand-made null, and a Monte-Carlo
 * iteration against subsets enumerated on real foci.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { runBalanced } from '../workers/analysis/runBalanced.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { KernelCache } from '../workers/core/kernel.ts';
import { experimentMA } from '../workers/core/modeledActivation.ts';
import { zFromP } from '../workers/core/normal.ts';
import { prepareInput, type PreparedExperiment } from '../workers/core/prepare.ts';
import { balancedInference, balancedSubsetSize, BalancedNull, significantZ, SubsetExpectation, type BalancedModel } from '../workers/inference/balancedContrast.ts';
import { drawSubsets } from '../workers/inference/probabilisticAle.ts';
import { Xoshiro128 } from '../workers/inference/rng.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

/** 1 − Π(1 − MA) of each subset, averaged over every subset of size k: the definition, by enumeration. */
function enumerated(ma: Float64Array[], k: number): Float64Array {
  const subsets = k === ma.length ? [Int32Array.from(ma.keys())] : drawSubsets(ma.length, k, Infinity, 0);
  const out = new Float64Array(ma[0].length);
  for (const s of subsets) for (let m = 0; m < out.length; m++) out[m] += 1 - s.reduce((p, e) => p * (1 - ma[e][m]), 1);
  return out.map((v) => v / subsets.length);
}

describe('the exact expectation over N-subsets', () => {
  // Seven experiments over 40 voxels; each reaches a random part of them.
  const rng = new Xoshiro128(11, 0);
  const ma = Array.from({ length: 7 }, () => Float64Array.from({ length: 40 }, () => (rng.nextBelow(3) === 0 ? 0 : Math.fround(rng.nextBelow(1000) / 3000))));
  const sparse = (e: number) => {
    const index = Int32Array.from(Array.from(ma[e].keys()).filter((m) => ma[e][m] > 0));
    return { index, value: Float32Array.from(index, (m) => ma[e][m]) };
  };
  const exact = (k: number) => {
    const expectation = new SubsetExpectation(40, 7, k);
    for (let e = 0; e < 7; e++) expectation.add(sparse(e).index, sparse(e).value);
    const out = new Float64Array(40);
    expectation.expected(out);
    return out;
  };

  it.each([1, 3, 6, 7])('equals the mean over all C(7, %i) subsets', (k) => {
    const want = enumerated(ma, k);
    const got = exact(k);
    for (let m = 0; m < 40; m++) expect(got[m]).toBeCloseTo(want[m], 13);
    expect(got.some((v) => v > 0.1)).toBe(true);
  });

  it('is the limit of JALE’s mean over random subsets', () => {
    const got = exact(3);
    const draws = 20000;
    const mean = new Float64Array(40);
    const pick = new Xoshiro128(3, 1);
    for (let t = 0; t < draws; t++) {
      const pool = [0, 1, 2, 3, 4, 5, 6];
      const chosen: number[] = [];
      for (let i = 0; i < 3; i++) chosen.push(...pool.splice(pick.nextBelow(pool.length), 1));
      for (let m = 0; m < 40; m++) mean[m] += (1 - chosen.reduce((p, e) => p * (1 - ma[e][m]), 1)) / draws;
    }
    for (let m = 0; m < 40; m++) expect(Math.abs(mean[m] - got[m])).toBeLessThan(0.004);
  });

  it('needs every experiment, and a possible N', () => {
    expect(() => new SubsetExpectation(4, 3, 4)).toThrow('a subset of 4 of 3 experiments is not possible');
    expect(() => new SubsetExpectation(4, 3, 0)).toThrow('a subset of 0 of 3 experiments is not possible');
    const e = new SubsetExpectation(4, 3, 2);
    e.add(Int32Array.of(0), Float32Array.of(0.1));
    expect(() => e.expected(new Float64Array(4))).toThrow('expected 3 experiments, got 1');
  });
});

describe('decisions', () => {
  it('takes JALE’s default N: min(⌊(smaller + 17)/2⌋, smaller − 2)', () => {
    expect(balancedSubsetSize(32, 25)).toBe(21);
    expect(balancedSubsetSize(25, 32)).toBe(21);
    expect(balancedSubsetSize(10, 30)).toBe(8);
    expect(balancedSubsetSize(60, 40)).toBe(28);
  });

  it('counts iterations at least as extreme on the side of d, with p never below 1/(M + 1)', () => {
    const max = Float64Array.of(0.1, 0.4, 0.2, 0.3);
    const min = Float64Array.of(-0.1, -0.3, -0.4, -0.2);
    const r = balancedInference(Float64Array.of(0.35, 0.5, -0.25, 0, -0.05, 0.4), min, max, 0.5);
    expect(Array.from(r.p)).toEqual([2 / 5, 1 / 5, 3 / 5, 1, 1, 2 / 5]);
    expect(Array.from(r.z)).toEqual([Math.fround(zFromP(0.4)), Math.fround(zFromP(0.2)), -Math.fround(zFromP(0.6)), 0, -0, Math.fround(zFromP(0.4))]);
    // Two-sided α = 0.5: p < 0.25 on its side.
    expect(Array.from(r.significant)).toEqual([0, 1, 0, 0, 0, 0]);
    expect(Array.from(balancedInference(Float64Array.of(-0.5), min, max, 0.5).significant)).toEqual([-1]);
    // An iteration exactly as extreme counts, on either side.
    expect(Array.from(balancedInference(Float64Array.of(0.3, -0.2), min, max, 0.5).p)).toEqual([3 / 5, 4 / 5]);
  });

  it('is significant only strictly below α/2, and shows z only where it is significant', () => {
    // 39 iterations, all beaten: p = 1/40 = 0.025, which is α/2 for α = 0.05 (not significant) and below it for α = 0.06.
    const max = new Float64Array(39).fill(0.1);
    const min = new Float64Array(39).fill(-0.1);
    const d = Float64Array.of(0.2, -0.2, 0.05);
    expect(Array.from(balancedInference(d, min, max, 0.05).significant)).toEqual([0, 0, 0]);
    const r = balancedInference(d, min, max, 0.06);
    expect(Array.from(r.p)).toEqual([1 / 40, 1 / 40, 1]);
    expect(Array.from(r.significant)).toEqual([1, -1, 0]);
    const z = Math.fround(zFromP(1 / 40));
    expect(Array.from(r.z)).toEqual([z, -z, 0]);
    expect(Array.from(significantZ({ ...r, z: Float32Array.of(2, -2, 0.5) }))).toEqual([2, -2, 0]);
  });
});

describe.skipIf(!hasReference)('a Monte-Carlo iteration on the pain data (groups of 4 and 5, N = 3)', () => {
  let geometry: Geometry;
  let groups: PreparedExperiment[][];
  let model: BalancedModel;

  beforeAll(() => {
    geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    groups = [prepared.input.experiments.slice(0, 4), prepared.input.experiments.slice(4, 9)];
    model = { shape: geometry.shape, affine: geometry.affine, mask: geometry.mask, groups: groups.map((g) => ({ fwhm: Float64Array.from(g, (e) => e.fwhm), foci: Int32Array.from(g, (e) => e.ijk.length / 3) })), subsetSize: 3, seed: 2 };
  });

  it('records the extremes of d over the mask, as enumerating the subsets of its random foci gives', () => {
    const engine = new BalancedNull(model);
    const cache = new KernelCache(8);
    for (const iteration of [0, 5]) {
      const foci = engine.foci(iteration);
      expect(foci.map((g) => g.map((ijk) => ijk.length / 3))).toEqual(groups.map((g) => g.map((e) => e.ijk.length / 3)));
      const dense = foci.map((g, gi) =>
        g.map((ijk, e) => {
          const ma = experimentMA(ijk, cache.forFwhm(groups[gi][e].fwhm), geometry);
          const out = new Float64Array(geometry.nMasked);
          ma.index.forEach((m, t) => (out[m] = ma.value[t]));
          return out;
        }),
      );
      const [a, b] = dense.map((g) => enumerated(g, 3));
      let min = 0;
      let max = 0;
      for (let m = 0; m < a.length; m++) {
        min = Math.min(min, a[m] - b[m]);
        max = Math.max(max, a[m] - b[m]);
      }
      const got = engine.extremes(iteration);
      expect(got.min).toBeCloseTo(min, 12);
      expect(got.max).toBeCloseTo(max, 12);
      expect(got.max).toBeGreaterThan(0.001);
      expect(got.min).toBeLessThan(-0.001);
    }
  });

  it('gives the same null and decisions on 1 and 2 workers', async () => {
    const pain = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const a = { ...pain, experiments: pain.experiments.slice(0, 4) };
    const b = { ...pain, experiments: pain.experiments.slice(4, 9) };
    const run = (workers: number) => runBalanced([a, b], ['A', 'B'], geometry, { ...DEFAULT_PARAMETERS, iterations: 6, seed: 2 }, 3, 0.05, { workers, createWorker: createNodeWorker });
    const [one, two] = [await run(1), await run(2)];
    if (!one.ok || !two.ok) throw new Error('the run failed');
    expect(two.result.nullMax).toEqual(one.result.nullMax);
    expect(two.result.nullMin).toEqual(one.result.nullMin);
    expect(Array.from(one.result.nullMax)).toEqual(Array.from({ length: 6 }, (_, i) => new BalancedNull(model).extremes(i).max));
    expect(one.result.subsetSize).toBe(3);
    const none = await runBalanced([a, b], ['A', 'B'], geometry, { ...DEFAULT_PARAMETERS, iterations: 6 }, 5, 0.05, { workers: 1, createWorker: createNodeWorker });
    expect(none.ok ? '' : none.errors[0].message).toContain('at most the smaller group\'s 4 experiments; N = 5 is not possible');
  }, 120_000);
});
