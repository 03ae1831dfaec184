/**
 * What a pool worker does, independent of how it is hosted (a browser Worker
 * or a Node worker thread): Monte-Carlo iterations of the null, or label
 * permutations of a contrast, by index range. Results are transferred, not copied.
 */
import { transfer } from 'comlink';
import { permutationCounts, type PermutationCounts, type SubtractionModel } from '../inference/contrast.ts';
import { createNullEngine, runIterations, type NullIterationEngine, type NullMaxima, type NullModelSpec } from '../inference/monteCarlo/index.ts';
import { nullBuffers } from '../inference/monteCarlo/nullArrays.ts';
import { ProbabilisticAle, type ProbabilisticModel } from '../inference/probabilisticAle.ts';
import { BalancedNull, type BalancedModel } from '../inference/balancedContrast.ts';
import { ClusteringNull, type ClusteringModel } from '../inference/clustering/experimentClustering.ts';
import { GpuNullEngine, GpuUnavailableError, gpuSelfCheck } from '../gpu/index.ts';

export interface PoolWorkerApi {
  /** Builds the iteration engine; returns which strategy it chose. */
  init(spec: NullModelSpec): string;
  /** Builds the WebGPU engine and checks it against the CPU; rejects with GpuUnavailableError saying why it cannot. */
  initGpu(spec: NullModelSpec): Promise<string>;
  run(start: number, count: number): NullMaxima | Promise<NullMaxima>;
  initPermutations(model: SubtractionModel): void;
  runPermutations(start: number, count: number): PermutationCounts;
  initProbabilistic(model: ProbabilisticModel): void;
  /** The largest cluster of each Monte-Carlo iteration of a probabilistic ALE. */
  runSubsetNull(start: number, count: number): Float64Array;
  /** For subsets [start, start + count): how many put each masked voxel in a cluster larger than `cutoff`. */
  runSubsetMaps(start: number, count: number, cutoff: number): Int32Array;
  initBalanced(model: BalancedModel): void;
  /** The smallest and largest balanced difference of each Monte-Carlo iteration. */
  runBalancedNull(start: number, count: number): { min: Float64Array; max: Float64Array };
  initClustering(model: ClusteringModel): void;
  /** Silhouette and Calinski–Harabasz at every k of each null iteration of a clustering of experiments, iteration after iteration. */
  runClusteringNull(start: number, count: number): Float64Array;
}

/** `gpu`: the runtime's WebGPU entry point (navigator.gpu in a browser), if it has one. */
export function createPoolWorkerApi(gpu?: () => GPU | undefined): PoolWorkerApi {
  let engine: NullIterationEngine | null = null;
  let gpuEngine: GpuNullEngine | null = null;
  let model: SubtractionModel | null = null;
  let probabilistic: ProbabilisticAle | null = null;
  let balanced: BalancedNull | null = null;
  let clustering: ClusteringNull | null = null;
  const subsets = () => {
    if (!probabilistic) throw new Error('probabilistic ALE worker used before initProbabilistic');
    return probabilistic;
  };
  return {
    init(spec) {
      engine = createNullEngine(spec);
      return engine.strategy;
    },
    async initGpu(spec) {
      if (!gpu) throw new GpuUnavailableError('this runtime has no WebGPU (the GPU engine runs in a browser)');
      gpuEngine = await GpuNullEngine.create(gpu(), spec);
      await gpuSelfCheck(gpuEngine, spec);
      // Reachable from this worker's DevTools console, to inspect the device or to try a device loss (destroy()).
      Object.assign(globalThis, { aleMonteCarloDevice: gpuEngine.device });
      return gpuEngine.strategy;
    },
    run(start, count) {
      const done = (out: NullMaxima) => transfer(out, nullBuffers(out));
      if (gpuEngine) return gpuEngine.run(start, count).then(done);
      if (!engine) throw new Error('Monte-Carlo worker used before init');
      return done(runIterations(engine, start, count));
    },
    initPermutations(m) {
      model = m;
    },
    initProbabilistic(m) {
      probabilistic = new ProbabilisticAle(m);
    },
    runSubsetNull(start, count) {
      const sizes = Float64Array.from({ length: count }, (_, t) => subsets().nullMaxSize(start + t));
      return transfer(sizes, [sizes.buffer]);
    },
    runSubsetMaps(start, count, cutoff) {
      const counts = new Int32Array(subsets().geometry.nMasked);
      for (let s = start; s < start + count; s++) for (const m of subsets().significantVoxels(s, cutoff)) counts[m]++;
      return transfer(counts, [counts.buffer]);
    },
    initBalanced(m) {
      balanced = new BalancedNull(m);
    },
    runBalancedNull(start, count) {
      if (!balanced) throw new Error('balanced-contrast worker used before initBalanced');
      const min = new Float64Array(count);
      const max = new Float64Array(count);
      for (let t = 0; t < count; t++) ({ min: min[t], max: max[t] } = (balanced as BalancedNull).extremes(start + t));
      return transfer({ min, max }, [min.buffer, max.buffer]);
    },
    initClustering(m) {
      clustering = new ClusteringNull(m);
    },
    runClusteringNull(start, count) {
      if (!clustering) throw new Error('clustering worker used before initClustering');
      const width = clustering.scoresPerIteration;
      const out = new Float64Array(count * width);
      for (let t = 0; t < count; t++) out.set((clustering as ClusteringNull).scores(start + t), t * width);
      return transfer(out, [out.buffer]);
    },
    runPermutations(start, count) {
      if (!model) throw new Error('permutation worker used before initPermutations');
      const counts = permutationCounts(model, start, count);
      return transfer(counts, [counts.greater.buffer, counts.less.buffer]);
    },
  };
}
