/**
 * Known answers for the decisions of inference: the stopping rule's
 * intervals (bounds from scipy.stats.beta.ppf), when a decision is settled,
 * the voxel-FWE cut-off, the FWE maps, and Fail-Safe N on a dataset whose
 * answer is fixed by construction.
 */
import { describe, expect, it } from 'vitest';
import { createGeometry, MNI_2MM_AFFINE, MNI_2MM_SHAPE, voxelToWorld, worldToVoxel } from '../workers/core/grid.ts';
import { fwhmFromSampleSize } from '../workers/core/kernel.ts';
import type { Cluster } from '../workers/core/observedClusters.ts';
import type { PreparedExperiment } from '../workers/core/prepare.ts';
import { failSafeN, fsnStepsAtMost, noiseExperiments, type FsnResult } from '../workers/inference/failSafeN.ts';
import { correctFwe, fweCutoff, isSignificant, nullToP } from '../workers/inference/fwe.ts';
import { allSettled, clopperPearson, liveClusterFwe, STOP_TAIL } from '../workers/inference/liveFwe.ts';

describe('the stopping rule’s intervals', () => {
  it.each([
    // k, n, scipy.stats.beta.ppf(0.0005, k, n − k + 1), beta.ppf(0.9995, k + 1, n − k)
    [0, 100, 0, 0.07319215754417106],
    [0, 200, 0, 0.037291403146399164],
    [3, 100, 0.0015110706388366387, 0.13194194395273784],
    [10, 200, 0.013712763673317079, 0.1215256722859313],
    [25, 400, 0.029788112763922507, 0.11222952618185206],
    [200, 200, 0.9627085968536013, 1],
  ])('k = %i of n = %i, per side 0.0005: [%f, %f]', (k, n, lo, hi) => {
    const [a, b] = clopperPearson(k, n, STOP_TAIL);
    expect(a).toBeCloseTo(lo, 10);
    expect(b).toBeCloseTo(hi, 10);
  });

  it('uses 99.95 % per side', () => {
    expect(STOP_TAIL).toBe(0.0005);
  });
});

describe('when a decision is settled', () => {
  const cluster = (sizeVoxels: number) => [{ id: 1, sizeVoxels }];
  const constant = (value: number, n: number) => new Float64Array(n).fill(value);

  it('not after 100 iterations with no null cluster as large (the 99.95 % bound 0.073 is above α)', () => {
    const [c] = liveClusterFwe(cluster(50), constant(10, 100), 0.05);
    expect(c).toMatchObject({ p: 0.01, significant: true, settled: false });
    expect(c.interval[1]).toBeCloseTo(0.03621669, 7); // the 95 % interval shown in the table
  });

  it('after 200 such iterations (0.037, below α but not below α/2)', () => {
    const [c] = liveClusterFwe(cluster(50), constant(10, 200), 0.05);
    expect(c).toMatchObject({ p: 0.005, significant: true, settled: true });
    expect(allSettled(cluster(50), constant(10, 200), 0.05)).toBe(true);
  });

  it('counts null maxima equal to the cluster as at least as large', () => {
    const [c] = liveClusterFwe(cluster(10), constant(10, 200), 0.05);
    expect(c.p).toBeCloseTo(1 - 1 / 200, 12);
    expect(c.interval[0]).toBeCloseTo(0.981725, 6); // 0.025^(1/200)
    expect(c).toMatchObject({ significant: false, settled: true });
  });

  it('settles a cluster clearly above α (lower bound ≥ α) and not one at α', () => {
    const nulls = Float64Array.from({ length: 400 }, (_, i) => i % 100);
    expect(liveClusterFwe(cluster(75), nulls, 0.05)[0]).toMatchObject({ p: 0.25, settled: true, significant: false });
    expect(liveClusterFwe(cluster(95), nulls, 0.05)[0]).toMatchObject({ p: 0.05, settled: false, significant: false });
    expect(allSettled([...cluster(75), { id: 2, sizeVoxels: 95 }], nulls, 0.05)).toBe(false);
  });
});

describe('FWE p-values and cut-offs', () => {
  const null100 = Float64Array.from({ length: 100 }, (_, i) => 100 - i); // 100, 99, …, 1

  it('takes the share of null maxima at least as large, clamped to [1/n, 1 − 1/n]', () => {
    const sorted = Float64Array.from(null100).sort();
    expect(nullToP(96, sorted)).toBeCloseTo(0.05, 12);
    expect(nullToP(95.5, sorted)).toBeCloseTo(0.05, 12);
    expect(nullToP(500, sorted)).toBeCloseTo(0.01, 12);
    expect(nullToP(0, sorted)).toBeCloseTo(0.99, 12);
  });

  it('puts the voxel-FWE cut-off where p first drops below α: above 96 of 1…100 at α = 0.05', () => {
    expect(fweCutoff(null100, 0.05)).toBe(96);
    expect(fweCutoff(null100, 0.01)).toBe(100);
    expect(fweCutoff(null100, 0.5)).toBe(51);
    expect(fweCutoff([0.1 + 2 ** -40], 0.05, true)).toBe(Math.fround(0.1));
    expect(fweCutoff([0.1 + 2 ** -40], 0.05)).toBe(0.1 + 2 ** -40);
    expect(() => fweCutoff([], 0.05)).toThrow('at least one Monte-Carlo iteration');
  });

  it('fills each cluster’s voxels with its own size and mass p, and every voxel with its ALE’s p', () => {
    const ale = Float32Array.from([0.05, 0.04, 0.03, 0.02, 0.001]);
    const labels = Int32Array.from([1, 1, 2, 2, 0]);
    const clusters = [
      { id: 1, sizeVoxels: 4, mass: 0.5 },
      { id: 2, sizeVoxels: 2, mass: 0.05 },
    ] as Cluster[];
    // Sizes 1…4 (so p(4) = 1/4, p(2) = 3/4) and masses 0.1…0.4 (p(0.5) = 1/4 → 0.25, p(0.05) = 1 → clamped 0.75).
    // The third null maximum lies below the ALE 0.03 in float64 but equals it in float32, where NiMARE compares.
    const maxima = { maxAle: Float64Array.from([0.01, 0.025, Math.fround(0.03) - 1e-12, 0.045]), maxSize: Float64Array.from([1, 2, 3, 4]), maxMass: Float64Array.from([0.1, 0.2, 0.3, 0.4]) };
    const fwe = correctFwe(ale, labels, clusters, maxima);
    const lg = (p: number) => Math.fround(-Math.log10(p));
    expect(fwe.clusters).toEqual([
      { id: 1, pSize: 0.25, pMass: 0.25 },
      { id: 2, pSize: 0.75, pMass: 0.75 },
    ]);
    expect(Array.from(fwe.logpClusterSize)).toEqual([lg(0.25), lg(0.25), lg(0.75), lg(0.75), lg(0.75)]);
    expect(Array.from(fwe.logpClusterMass)).toEqual([lg(0.25), lg(0.25), lg(0.75), lg(0.75), lg(0.75)]);
    // ALE 0.05 beats every null maximum (p floor 1/4); 0.04 one of four …; 0.001 none (clamped 3/4).
    expect(Array.from(fwe.logpVoxel)).toEqual([lg(0.25), lg(0.25), lg(0.5), lg(0.75), lg(0.75)]);
    expect(() => correctFwe(ale, labels, clusters, { maxAle: new Float64Array(0), maxSize: new Float64Array(0), maxMass: new Float64Array(0) })).toThrow('FWE correction needs at least one Monte-Carlo iteration');
  });

  it('counts every cluster as significant without a Monte Carlo, and below α only with one', () => {
    expect([isSignificant(null, 0.05), isSignificant(0.04, 0.05), isSignificant(0.05, 0.05)]).toEqual([true, true, false]);
  });
});

describe('Fail-Safe N on a dataset whose answer is fixed', () => {
  // A box-shaped brain; six experiments all report one site, so its cluster survives any number of
  // noise experiments in the observed map. The null decides: significant up to `limit` noise experiments.
  const mask = new Uint8Array(MNI_2MM_SHAPE[0] * MNI_2MM_SHAPE[1] * MNI_2MM_SHAPE[2]);
  for (let i = 30; i < 60; i++) for (let j = 40; j < 70; j++) for (let k = 30; k < 60; k++) mask[(i * 109 + j) * 91 + k] = 1;
  const geometry = createGeometry(MNI_2MM_SHAPE, MNI_2MM_AFFINE, mask);
  const real: PreparedExperiment[] = Array.from({ length: 6 }, (_, n) => {
    const mm = [10 + 2 * (n % 2), -10, 20];
    return { id: `E${n}`, sampleSize: 20, fwhm: fwhmFromSampleSize(20), mni: Float64Array.from(mm), ijk: Int32Array.from(worldToVoxel(MNI_2MM_AFFINE, mm[0], mm[1], mm[2]).map(Math.round)) };
  });

  async function fsn(limit: number, maxSteps?: number) {
    const observed = (await import('../workers/core/observedAnalysis.ts')).analyseObserved(real, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    const tested: number[] = [];
    const steps: { noiseExperiments: number; surviving: number[] }[] = [];
    const known: FsnResult[][] = [];
    const [result] = await failSafeN(real, observed.clusters.labels, [1], geometry, {
      onStep: (step) => steps.push(step),
      onResults: (results) => known.push(results),
      iterations: 100,
      seed: 1,
      clusterFormingP: 0.001,
      connectivity: 6,
      alpha: 0.05,
      maxSteps,
      runNull: async (spec) => {
        const noise = spec.experimentFoci.length - real.length;
        tested.push(noise);
        // No null cluster as large (p = 1/100) or every one larger (p = 99/100).
        const size = noise <= limit ? 0 : 1e9;
        return { maxAle: new Float64Array(100), maxSize: new Float64Array(100).fill(size), maxMass: new Float64Array(100).fill(size) };
      },
    });
    return { result, tested, steps, known };
  }

  it('reports the largest number of noise experiments the cluster survived, by bisection of [k, 10k]', async () => {
    const { result, tested, steps } = await fsn(23);
    expect(result).toEqual({ clusterId: 1, fsn: 23, bound: 'bracketed', min: 6, max: 60 });
    expect(tested).toEqual([6, 60, 33, 19, 26, 22, 24, 23]);
    expect(steps.map((s) => [s.noiseExperiments, s.surviving])).toEqual([[6, [1]], [60, []], [33, []], [19, [1]], [26, []], [22, [1]], [24, []], [23, [1]]]);
  });

  it('draws noise experiments like the real ones: their N, kernel and number of foci, named in order', () => {
    const two = [real[0], { ...real[1], id: 'big', sampleSize: 40, fwhm: fwhmFromSampleSize(40), mni: new Float64Array(9), ijk: new Int32Array(9) }];
    const noise = noiseExperiments(two, 12, geometry, 3);
    expect(noise.map((e) => e.id)).toEqual(Array.from({ length: 12 }, (_, n) => `~noise ${String(n + 1).padStart(2, '0')}`));
    for (const e of noise) {
      const template = e.sampleSize === 40 ? two[1] : two[0];
      expect([e.fwhm, e.ijk.length]).toEqual([template.fwhm, template.ijk.length]);
      // Each focus is a mask voxel, and its MNI position is that voxel's.
      for (let f = 0; f < e.ijk.length; f += 3) {
        expect(geometry.flatToMasked[(e.ijk[f] * 109 + e.ijk[f + 1]) * 91 + e.ijk[f + 2]]).toBeGreaterThanOrEqual(0);
        expect(Array.from(e.mni.subarray(f, f + 3))).toEqual(voxelToWorld(MNI_2MM_AFFINE, e.ijk[f], e.ijk[f + 1], e.ijk[f + 2]));
      }
    }
    expect(new Set(noise.map((e) => e.sampleSize))).toEqual(new Set([20, 40]));
  });

  it('says after each step what is known: the bracket reached while narrowing, then the result', async () => {
    const { known } = await fsn(23);
    const stopped = (min: number, max: number) => [{ clusterId: 1, fsn: min, bound: 'stopped', min, max }];
    expect(known).toEqual([stopped(6, 60), stopped(6, 33), stopped(19, 33), stopped(19, 26), stopped(22, 26), stopped(22, 24), [{ clusterId: 1, fsn: 23, bound: 'bracketed', min: 6, max: 60 }]]);
    expect((await fsn(5)).known).toEqual([[{ clusterId: 1, fsn: 6, bound: 'below', min: 6, max: 60 }]]);
  });

  it('bounds the steps it will take, for the progress label', () => {
    // Two bounds, then ⌈log2(9k)⌉ bisections per cluster, at most 10.
    expect(fsnStepsAtMost(6, 1)).toBe(2 + 6);
    expect(fsnStepsAtMost(21, 2)).toBe(2 + 2 * 8);
    expect(fsnStepsAtMost(785, 1)).toBe(12);
    expect(fsnStepsAtMost(785, 1, 4)).toBe(6);
  });

  it('stops after the given number of bisection steps with the lower bound', async () => {
    expect((await fsn(23, 2)).result).toMatchObject({ fsn: 19, bound: 'bracketed' });
  });

  it('says when the cluster is gone at k, or survives even 10·k', async () => {
    expect((await fsn(5)).result).toEqual({ clusterId: 1, fsn: 6, bound: 'below', min: 6, max: 60 });
    expect((await fsn(1000)).result).toEqual({ clusterId: 1, fsn: 60, bound: 'above', min: 6, max: 60 });
  });
});
