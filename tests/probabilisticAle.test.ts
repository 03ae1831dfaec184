/**
 * Probabilistic ALE: the subsets (all of them when few, distinct random ones
 * otherwise), each Monte-Carlo iteration against plain full stamping of its
 * random subset at that subset's own threshold, and the fraction map against
 * analyses of each subset run one by one.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { runProbabilistic } from '../workers/analysis/runProbabilistic.ts';
import { analyseObserved } from '../workers/core/observedAnalysis.ts';
import type { Geometry } from '../workers/core/grid.ts';
import { prepareInput, type PreparedExperiment } from '../workers/core/prepare.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { fweCutoff } from '../workers/inference/fwe.ts';
import { combinations, drawSubsets, iterationSubset, ProbabilisticAle, type ProbabilisticModel } from '../workers/inference/probabilisticAle.ts';
import { perIterationSpec } from '../workers/inference/monteCarlo/nullModel.ts';
import { fullStampIteration } from './support/fullStampNull.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

describe('the subsets', () => {
  it('counts combinations exactly, and says Infinity past 2^53', () => {
    expect(combinations(5, 2)).toBe(10);
    expect(combinations(21, 20)).toBe(21);
    expect(combinations(50, 20)).toBe(47_129_212_243_960);
    expect(combinations(57, 10)).toBe(43_183_019_880);
    expect(combinations(57, 25)).toBe(Infinity);
    expect(combinations(4, 5)).toBe(0);
    expect([combinations(4, -1), combinations(4, 0), combinations(4, 4), combinations(0, 0)]).toEqual([0, 1, 1, 1]);
  });

  it('lists every subset in lexicographic order when there are at most as many as wanted', () => {
    expect(drawSubsets(4, 2, 6, 9).map((s) => Array.from(s))).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
    expect(drawSubsets(21, 20, 2500, 0)).toHaveLength(21);
  });

  it('draws distinct sorted random subsets otherwise, the same for the same seed', () => {
    const a = drawSubsets(57, 25, 300, 3);
    expect(a).toHaveLength(300);
    expect(new Set(a.map((s) => s.join())).size).toBe(300);
    for (const s of a) {
      expect(s).toHaveLength(25);
      expect(Array.from(s)).toEqual([...s].sort((x, y) => x - y));
      expect(new Set(s).size).toBe(25);
      expect(Math.max(...s)).toBeLessThan(57);
    }
    expect(drawSubsets(57, 25, 300, 3)).toEqual(a);
    expect(drawSubsets(57, 25, 300, 4)).not.toEqual(a);
    // Close to all of them: still distinct, and it ends.
    expect(new Set(drawSubsets(12, 6, 900, 1).map((s) => s.join())).size).toBe(900);
    expect(() => drawSubsets(5, 5, 10, 0)).toThrow('between 1 and 4 of the 5 experiments');
    expect(() => drawSubsets(5, 0, 10, 0)).toThrow('between 1 and 4 of the 5 experiments, got 0');
  });

  it('gives each Monte-Carlo iteration its own subset, independent of the worker that runs it', () => {
    const first = iterationSubset(57, 25, 1, 7);
    expect(iterationSubset(57, 25, 1, 7)).toEqual(first);
    expect(iterationSubset(57, 25, 1, 8)).not.toEqual(first);
    expect(Array.from(first)).toEqual([...first].sort((x, y) => x - y));
  });
});

describe.skipIf(!hasReference)('probabilistic ALE on the pain data (subsets of 20 of 21)', () => {
  let geometry: Geometry;
  let experiments: PreparedExperiment[];
  let model: ProbabilisticModel;
  let engine: ProbabilisticAle;
  const options = { clusterFormingP: 0.001, connectivity: 6 as const };

  beforeAll(() => {
    geometry = painGeometry();
    const prepared = prepareInput(loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt'), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    experiments = prepared.input.experiments;
    const subsets = drawSubsets(21, 20, 2500, 0);
    model = { shape: geometry.shape, affine: geometry.affine, mask: geometry.mask, experiments, subsetSize: 20, subsets: Int32Array.from(subsets.flatMap((s) => Array.from(s))), ...options, seed: 5 };
    engine = new ProbabilisticAle(model);
  });

  it('reads a subset’s threshold from its experiments’ nulls: the same as analysing the subset from scratch', () => {
    for (const missing of [0, 13]) {
      const subset = Int32Array.from({ length: 21 }, (_, e) => e).filter((e) => e !== missing);
      expect(engine.threshold(subset)).toBe(analyseObserved(Array.from(subset, (e) => experiments[e]), geometry, options).threshold);
    }
  });

  it('keeps the voxels of the clusters strictly larger than the cut-off, subset by subset', () => {
    // Subset 0 of the lexicographic list leaves out experiment 20, subset 20 leaves out experiment 0.
    for (const [s, missing] of [[0, 20], [20, 0]]) {
      const observed = analyseObserved(experiments.filter((_, e) => e !== missing), geometry, options);
      const [largest, second] = [...observed.clusters.clusters].sort((a, b) => b.sizeVoxels - a.sizeVoxels);
      expect(largest.sizeVoxels).toBeGreaterThan(second.sizeVoxels);
      const kept = engine.significantVoxels(s, largest.sizeVoxels - 1);
      expect(Array.from(kept)).toEqual(Array.from(observed.clusters.labels.keys()).filter((m) => observed.clusters.labels[m] === largest.id));
      expect(engine.significantVoxels(s, largest.sizeVoxels)).toHaveLength(0);
      expect(engine.significantVoxels(s, second.sizeVoxels - 1)).toHaveLength(largest.sizeVoxels + second.sizeVoxels);
    }
  });

  it('in JALE’s per-iteration design, gives each subset’s iterations the null of that subset’s experiments', () => {
    const jale = new ProbabilisticAle({ ...model, nullMethod: 'jale', mcThreshold: 'per-iteration' });
    const subset = iterationSubset(21, 20, 5, 2);
    const alone = analyseObserved(Array.from(subset, (e) => experiments[e]), geometry, { ...options, nullMethod: 'jale' });
    expect(jale.subsetNullSpec(subset).perIteration).toEqual(perIterationSpec(alone.kernels, alone.nullParts, 0.001));
    expect(engine.subsetNullSpec(subset).perIteration).toBeUndefined();
  });

  it('gives each Monte-Carlo iteration the largest cluster of its subset’s random foci, as full stamping does', () => {
    for (const iteration of [0, 3]) {
      const subset = iterationSubset(21, 20, 5, iteration);
      const spec = engine.subsetNullSpec(subset);
      expect(Array.from(spec.experimentFoci)).toEqual(Array.from(subset, (e) => experiments[e].ijk.length / 3));
      expect(engine.nullMaxSize(iteration)).toBe(fullStampIteration(spec, iteration).maxSize);
    }
  });

  it('maps the fraction of subsets in which each voxel lies in a cluster above the cut-off, the same on 1 and 2 workers', async () => {
    const parameters = { ...DEFAULT_PARAMETERS, iterations: 16, seed: 5 };
    const dataset = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const run = (workers: number) => runProbabilistic(dataset, geometry, parameters, 20, 0.05, { workers, createWorker: createNodeWorker });
    const one = await run(1);
    const two = await run(2);
    if (!one.ok || !two.ok) throw new Error('the run failed');
    expect(two.result.fraction).toEqual(one.result.fraction);
    expect(two.result.nullMaxSize).toEqual(one.result.nullMaxSize);
    const r = one.result;
    expect(r).toMatchObject({ subsetSize: 20, possible: 21, subsets: 21 });
    expect(Array.from(r.nullMaxSize)).toEqual(Array.from({ length: 16 }, (_, i) => engine.nullMaxSize(i)));
    expect(r.cutoff).toBe(fweCutoff(r.nullMaxSize, 0.05));
    // Each subset analysed on its own: subset s of the lexicographic list leaves out experiment 20 − s.
    const counts = new Int32Array(geometry.nMasked);
    for (let s = 0; s < 21; s++) {
      const kept = experiments.filter((_, e) => e !== 20 - s);
      const observed = analyseObserved(kept, geometry, options);
      const large = new Set(observed.clusters.clusters.filter((c) => c.sizeVoxels > r.cutoff).map((c) => c.id));
      observed.clusters.labels.forEach((id, m) => large.has(id) && counts[m]++);
    }
    expect(Array.from(r.fraction)).toEqual(Array.from(counts, (c) => Math.fround(c / 21)));
    expect(r.fraction.some((v) => v === 1)).toBe(true);
    expect(r.fraction.some((v) => v > 0 && v < 1)).toBe(true);
  }, 120_000);

  it('refuses a subset size that leaves no choice, and a run without iterations', async () => {
    const dataset = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const hooks = { workers: 1, createWorker: createNodeWorker };
    const whole = await runProbabilistic(dataset, geometry, { ...DEFAULT_PARAMETERS, iterations: 10 }, 21, 0.05, hooks);
    expect(whole.ok ? '' : whole.errors[0].message).toBe('probabilistic ALE takes subsets of 2 to 20 of the 21 experiments, got 21');
    const none = await runProbabilistic(dataset, geometry, { ...DEFAULT_PARAMETERS, iterations: 0 }, 10, 0.05, hooks);
    expect(none.ok ? '' : none.errors[0].message).toContain('needs Monte-Carlo iterations');
  });
});
