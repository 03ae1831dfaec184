/**
 * JALE's Monte-Carlo design (each iteration thresholded at its own analytic
 * null) against JALE's rules evaluated with NumPy and SciPy on the
 * constructed case (tests/fixtures/jale_mc_null.py writes jale_mc_null.json):
 * for the same random foci, the same largest ALE, largest cluster and
 * largest TFCE.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { validateParameters, DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { createNullEngine, nullModelSpec, runIterations } from '../workers/inference/monteCarlo/index.ts';
import { runNullEngine } from '../workers/runtime/index.ts';
import { PerIterationNullEngine } from '../workers/inference/monteCarlo/perIterationNull.ts';
import { startAnalysis } from '../workers/analysis/runAle.ts';
import { runProbabilistic } from '../workers/analysis/runProbabilistic.ts';
import { jaleBins } from '../workers/core/jaleNull.ts';
import { analyseObserved } from '../workers/core/observedAnalysis.ts';
import { failSafeN } from '../workers/inference/failSafeN.ts';
import { iterationSubset, ProbabilisticAle } from '../workers/inference/probabilisticAle.ts';
import type { NullModelSpec } from '../workers/inference/monteCarlo/nullModel.ts';
import { analysed, constructed } from './support/jaleCase.ts';

interface Iteration {
  foci: [number, number, number][][];
  first_bin_below_0_001: number;
  max_ale: number;
  max_cluster: number;
  max_tfce: number;
}

const { iterations } = JSON.parse(readFileSync(new URL('./fixtures/jale_mc_null.json', import.meta.url), 'utf8')) as { iterations: Iteration[] };

describe('a null recomputed in each iteration, as JALE’s Monte Carlo does', () => {
  const { geometry, prepared, observed } = analysed();
  const spec = nullModelSpec(prepared.experiments, observed, geometry, 6, 3, true, 0.001);
  const engine = createNullEngine(spec);

  it('is the engine the model asks for', () => {
    expect(engine).toBeInstanceOf(PerIterationNullEngine);
    expect(engine.strategy).toBe("JALE's design: each iteration's own analytic null, every kernel stamped");
  });

  it.each(iterations.map((it, n) => [n, it] as const))('gives JALE’s largest ALE, cluster and TFCE for the foci of iteration %i', (_, it) => {
    // Each iteration's threshold is its own: here below the observed data's bin, so clusters are larger than at the observed threshold.
    expect(it.first_bin_below_0_001).toBeLessThan((observed.threshold * 1e4 + 0.5));
    const r = (engine as PerIterationNullEngine).maximaOf(it.foci.map((f) => Int32Array.from(f.flat())));
    expect(r.maxAle).toBe(Math.fround(r.maxAle));
    expect(r.maxAle).toBeCloseTo(it.max_ale, 7);
    expect(r.maxSize).toBe(it.max_cluster);
    expect(r.maxTfce).toBeCloseTo(it.max_tfce, 9);
  });

  it('gives the same maxima whichever iterations a worker runs, and differs from the observed threshold’s design', () => {
    const all = runIterations(createNullEngine(spec), 0, 6);
    const tail = runIterations(createNullEngine(spec), 4, 2);
    expect(Array.from(tail.maxSize)).toEqual(Array.from(all.maxSize.subarray(4)));
    expect(Array.from(tail.maxTfce ?? [])).toEqual(Array.from(all.maxTfce?.subarray(4) ?? []));
    const fixed = runIterations(createNullEngine({ ...spec, perIteration: undefined }), 0, 6);
    expect(Array.from(fixed.maxAle)).toEqual(Array.from(all.maxAle));
    expect(Array.from(fixed.maxSize)).not.toEqual(Array.from(all.maxSize));
  });

  it('runs on the CPU workers, with the same maxima as one engine in order; auto says the GPU was not used, gpu refuses', async () => {
    const serial = runIterations(createNullEngine(spec), 0, 8);
    const neverGpu = () => {
      throw new Error('no GPU worker may start for a per-iteration threshold');
    };
    const auto = await runNullEngine(spec, { iterations: 8, workers: 2, createWorker: createNodeWorker, createGpuWorker: neverGpu, engine: 'auto' });
    expect([Array.from(auto.maxSize), Array.from(auto.maxTfce ?? [])]).toEqual([Array.from(serial.maxSize), Array.from(serial.maxTfce ?? [])]);
    expect(auto.notices).toEqual(['A per-iteration threshold (JALE’s design) runs on the CPU engine; WebGPU was not used.']);
    await expect(runNullEngine(spec, { iterations: 8, workers: 2, createWorker: createNodeWorker, createGpuWorker: neverGpu, engine: 'gpu' })).rejects.toThrow('the GPU engine forms every iteration’s clusters at the observed threshold; run a per-iteration threshold on the CPU (choose Auto or CPU)');
  });

  it('is refused by the parameters without JALE’s null or on the GPU engine', () => {
    const jale = { ...DEFAULT_PARAMETERS, nullMethod: 'jale' as const, mcThreshold: 'per-iteration' as const };
    expect(() => validateParameters(jale)).not.toThrow();
    expect(() => validateParameters({ ...jale, nullMethod: undefined })).toThrow("a per-iteration Monte-Carlo threshold follows JALE's rules");
    expect(() => validateParameters({ ...jale, nullMethod: 'exact' })).toThrow("a per-iteration Monte-Carlo threshold follows JALE's rules: use it with JALE's null (null jale, or the jale preset)");
    expect(() => validateParameters({ ...jale, engine: 'gpu' })).toThrow('the GPU engine forms every iteration’s clusters at the observed threshold; run a per-iteration threshold on the CPU (engine cpu or auto)');
    expect(() => validateParameters({ ...jale, mcThreshold: 'each' })).toThrow('the Monte-Carlo threshold must be observed or per-iteration');
  });

  it('keeps each distinct kernel’s float64 values beside its float32 ones, when experiments share a kernel', () => {
    const [first] = prepared.experiments;
    const shared = nullModelSpec([first, ...prepared.experiments], { ...observed, kernels: [observed.kernels[0], ...observed.kernels] }, geometry, 6, 3, false, 0.001);
    expect(shared.perIteration?.kernels64).toHaveLength(shared.kernels.length);
    shared.kernels.forEach((k, n) => expect(Array.from(shared.perIteration?.kernels64[n] ?? [], Math.fround)).toEqual(Array.from(k.values)));
  });

  it('reads the run’s cluster-forming p in every iteration, in a run and in each Fail-Safe N step', async () => {
    const { dataset, geometry: g } = constructed();
    const parameters = { ...DEFAULT_PARAMETERS, snap: 'ceil' as const, talTransform: 'jale' as const, kernel: 'jale' as const, nullMethod: 'jale' as const, mcThreshold: 'per-iteration' as const, clusterFormingP: 0.005, iterations: 3 };
    const started = startAnalysis(dataset, g, parameters);
    expect(started.ok && started.started.spec.perIteration?.formingP).toBe(0.005);
    const observedDesign = startAnalysis(dataset, g, { ...parameters, mcThreshold: undefined });
    expect(observedDesign.ok && observedDesign.started.spec.perIteration).toBeUndefined();
    const specs: NullModelSpec[] = [];
    const none = () => new Float64Array(3);
    await failSafeN(prepared.experiments, observed.clusters.labels, [1], geometry, {
      ...parameters,
      alpha: 0.05,
      maxSteps: 0,
      runNull: async (s) => (specs.push(s), { maxAle: none(), maxSize: none(), maxMass: none() }),
    });
    expect(specs.length).toBeGreaterThan(0);
    expect(specs.map((s) => s.perIteration?.formingP)).toEqual(specs.map(() => 0.005));
  });

  it('builds a probabilistic ALE’s iteration null from its random subset, as analysing that subset alone sets it up', () => {
    const model = { shape: geometry.shape, affine: geometry.affine, mask: geometry.mask, experiments: prepared.experiments, subsetSize: 4, subsets: Int32Array.of(0, 1, 2, 3), clusterFormingP: 0.001, connectivity: 6 as const, nullMethod: 'jale' as const, kernel: 'jale' as const, seed: 2 };
    const jale = new ProbabilisticAle({ ...model, mcThreshold: 'per-iteration' });
    const plain = new ProbabilisticAle(model);
    let differs = false;
    for (const iteration of [0, 1, 2, 3]) {
      const subset = iterationSubset(6, 4, 2, iteration);
      const spec = jale.subsetNullSpec(subset);
      const alone = analyseObserved(Array.from(subset, (e) => prepared.experiments[e]), geometry, { clusterFormingP: 0.001, connectivity: 6, nullMethod: 'jale', kernel: 'jale' });
      if (alone.nullParts.method !== 'jale') throw new Error('not JALE’s null');
      expect(spec.perIteration?.bins).toEqual(jaleBins(alone.nullParts.maxima));
      expect(spec.perIteration?.kernels64).toEqual([...new Set(alone.kernels)].map((k) => k.values64));
      expect(jale.nullMaxSize(iteration)).toBe(new PerIterationNullEngine(spec, spec.perIteration as NonNullable<typeof spec.perIteration>).iteration(iteration).maxSize);
      if (jale.nullMaxSize(iteration) !== plain.nullMaxSize(iteration)) differs = true;
    }
    expect(differs).toBe(true);
    expect(plain.subsetNullSpec(Int32Array.of(0, 1)).perIteration).toBeUndefined();
  });

  it('runs a probabilistic ALE’s Monte Carlo in JALE’s design when the parameters ask for it', async () => {
    const { dataset, geometry: g } = constructed();
    const parameters = { ...DEFAULT_PARAMETERS, snap: 'ceil' as const, talTransform: 'jale' as const, kernel: 'jale' as const, nullMethod: 'jale' as const, mcThreshold: 'per-iteration' as const, iterations: 4, seed: 2 };
    const outcome = await runProbabilistic(dataset, g, parameters, 4, 0.05, { workers: 2, createWorker: createNodeWorker });
    if (!outcome.ok) throw new Error(outcome.errors[0].message);
    const jale = new ProbabilisticAle({ shape: g.shape, affine: g.affine, mask: g.mask, experiments: prepared.experiments, subsetSize: 4, subsets: Int32Array.of(0, 1, 2, 3), clusterFormingP: 0.001, connectivity: 6, nullMethod: 'jale', kernel: 'jale', mcThreshold: 'per-iteration', seed: 2 });
    expect(Array.from(outcome.result.nullMaxSize)).toEqual([0, 1, 2, 3].map((i) => jale.nullMaxSize(i)));
  });

  it('needs JALE’s null', () => {
    const nimare = analysed({ snap: 'ceil', talTransform: 'jale', kernel: 'jale' });
    expect(() => nullModelSpec(nimare.prepared.experiments, nimare.observed, nimare.geometry, 6, 3, false, 0.001)).toThrow("a null recomputed in each iteration follows JALE's rules: use it with JALE's null");
  });
});
