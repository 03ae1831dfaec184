/**
 * The exact analytic null (workers/core/exactNull.ts): equal to a complete
 * enumeration of a small case away from its atoms, and, on the 65
 * experiments of motor_sequence_learning, equal to a direct simulation of
 * the null (a random mask voxel per experiment) where NiMARE's binned null
 * is measurably below it.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { exactConvolution, exactNullDistribution, exactSurvival, type ExactHistogram } from '../workers/core/exactNull.ts';
import { ModeledActivationStamper } from '../workers/core/modeledActivation.ts';
import { aleThresholdForP, pFromAle } from '../workers/core/nullHistogram.ts';
import { analyseObserved, type ObservedAnalysis } from '../workers/core/observedAnalysis.ts';
import { prepareInput, type PreparedExperiment } from '../workers/core/prepare.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

const histogram = (pairs: [number, number][]): ExactHistogram => ({ values: Float64Array.from(pairs, (p) => p[0]), mass: Float64Array.from(pairs, (p) => p[1]) });

/** Every combination of the experiments' values: the atoms of ALE and their probabilities. */
function enumerate(histograms: ExactHistogram[]): { ale: number; p: number }[] {
  let atoms = [{ none: 1, p: 1 }];
  for (const h of histograms) {
    atoms = atoms.flatMap((a) => Array.from(h.values, (v, x) => ({ none: a.none * (1 - v), p: a.p * h.mass[x] })));
  }
  return atoms.map((a) => ({ ale: 1 - a.none, p: a.p }));
}

describe('exact null on a case small enough to enumerate', () => {
  const histograms = [
    histogram([[0, 0.9], [0.013, 0.06], [0.05, 0.04]]),
    histogram([[0, 0.8], [0.021, 0.15], [0.0377, 0.05]]),
    histogram([[0, 0.7], [0.0091, 0.2], [0.06, 0.1]]),
  ];
  const atoms = enumerate(histograms);
  const nullDist = exactNullDistribution(histograms);

  it('keeps all the mass and the mean of ALE', () => {
    const grid = exactConvolution(histograms);
    const total = grid.reduce((s, m) => s + m, 0);
    const mean = grid.reduce((s, m, k) => s + m * k * 1e-5, 0);
    expect(total).toBeCloseTo(1, 14);
    expect(mean).toBeCloseTo(atoms.reduce((s, a) => s + a.ale * a.p, 0), 12);
  });

  it('gives P(ALE ≥ t) of the enumeration wherever t is more than four grid steps from every atom', () => {
    const sorted = atoms.map((a) => a.ale).sort((a, b) => a - b);
    let checked = 0;
    for (let t = 0.0005; t < 0.13; t += 0.0005) {
      if (sorted.some((a) => Math.abs(a - t) <= 4e-5)) continue;
      const truth = atoms.filter((a) => a.ale >= t).reduce((s, a) => s + a.p, 0);
      expect(pFromAle(t, nullDist), `t = ${t}`).toBeCloseTo(truth, 12);
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('counts half of an atom at its own value, as a point spread over one step either side', () => {
    const survival = exactSurvival(Float64Array.from([0.5, 0.25, 0.25]));
    // t = 1e-5, the second grid point: all of the third, half of the second.
    expect(survival[10]).toBeCloseTo(0.25 + 0.125, 15);
    // Halfway to the third point: the third point's triangle still counts 1 − ½·½².
    expect(survival[15]).toBeCloseTo(0.25 * (1 - 0.125) + 0.25 * 0.125, 15);
    expect(survival[0]).toBe(1);
  });

  it('reads the threshold where the survival first reaches p, to a millionth of ALE', () => {
    const t = aleThresholdForP(0.01, nullDist);
    expect(pFromAle(t, nullDist)).toBeGreaterThan(0.01);
    expect(pFromAle(t + 1e-6, nullDist)).toBeLessThanOrEqual(0.01);
  });
});

describe.skipIf(!hasReference)('exact null against a simulation of the null on motor_sequence_learning', () => {
  let geometry: Geometry;
  let experiments: PreparedExperiment[];
  let exact: ObservedAnalysis;
  let nimare: ObservedAnalysis;

  beforeAll(() => {
    geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt'), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    experiments = prepared.input.experiments;
    exact = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6, nullMethod: 'exact' });
    nimare = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  });

  it('agrees with 10⁶ draws of one random mask voxel per experiment; NiMARE’s binned null does not', () => {
    // Each experiment's MA values at the voxels its kernels reach; every other mask voxel is 0.
    const stamper = new ModeledActivationStamper(geometry);
    const reached = experiments.map((e, n) => {
      stamper.stamp(e.ijk, exact.kernels[n]);
      return Float64Array.from(stamper.offset.subarray(0, stamper.count), (o) => exact.kernels[n].values[o]);
    });
    const levels = [0.01, 0.001].map((p) => aleThresholdForP(p, exact.nullDist));
    const hits = [0, 0];
    const draws = 1_000_000;
    const nMasked = geometry.nMasked;
    // mulberry32: a generator of the test's own, unrelated to the engine's.
    let state = 20261204;
    for (let i = 0; i < draws; i++) {
      let none = 1;
      for (let e = 0; e < reached.length; e++) {
        state = (state + 0x6d2b79f5) | 0;
        let z = Math.imul(state ^ (state >>> 15), state | 1);
        z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
        const voxel = Math.floor((((z ^ (z >>> 14)) >>> 0) * nMasked) / 4294967296);
        if (voxel < reached[e].length) none *= 1 - reached[e][voxel];
      }
      const ale = 1 - none;
      if (ale >= levels[0]) hits[0]++;
      if (ale >= levels[1]) hits[1]++;
    }
    const standardised = (model: number, l: number) => {
      const seen = hits[l] / draws;
      return (model - seen) / Math.sqrt((seen * (1 - seen)) / draws);
    };
    expect(Math.abs(standardised(pFromAle(levels[0], exact.nullDist), 0))).toBeLessThan(4);
    expect(Math.abs(standardised(pFromAle(levels[1], exact.nullDist), 1))).toBeLessThan(4);
    // NiMARE's truncation puts its p about 7 % low here: more than six standard errors at p = 0.01.
    expect(standardised(pFromAle(levels[0], nimare.nullDist), 0)).toBeLessThan(-4);
  });

  it('raises the cluster-forming threshold above NiMARE’s, to where p is 0.001', () => {
    expect(exact.threshold).toBeGreaterThan(nimare.threshold);
    expect(pFromAle(nimare.threshold, exact.nullDist)).toBeGreaterThan(0.00105);
    expect(pFromAle(exact.threshold, exact.nullDist)).toBeGreaterThan(0.001);
    expect(pFromAle(exact.threshold + 1e-6, exact.nullDist)).toBeLessThanOrEqual(0.001);
    // The ALE map itself does not depend on the null.
    expect(exact.ale).toEqual(nimare.ale);
  });
});
