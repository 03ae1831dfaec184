/**
 * What a pool worker does, independent of how it is hosted (a browser Worker
 * or a Node worker thread): Monte-Carlo iterations of the null, or label
 * permutations of a contrast, by index range. Results are transferred, not copied.
 */
import { transfer } from 'comlink';
import { permutationCounts, type PermutationCounts, type SubtractionModel } from '../inference/contrast.ts';
import { createNullEngine, runIterations, type NullIterationEngine, type NullMaxima, type NullModelSpec } from '../inference/monteCarlo/index.ts';

export interface PoolWorkerApi {
  /** Builds the iteration engine; returns which strategy it chose. */
  init(spec: NullModelSpec): string;
  run(start: number, count: number): NullMaxima;
  initPermutations(model: SubtractionModel): void;
  runPermutations(start: number, count: number): PermutationCounts;
}

export function createPoolWorkerApi(): PoolWorkerApi {
  let engine: NullIterationEngine | null = null;
  let model: SubtractionModel | null = null;
  return {
    init(spec) {
      engine = createNullEngine(spec);
      return engine.strategy;
    },
    run(start, count) {
      if (!engine) throw new Error('Monte-Carlo worker used before init');
      const out = runIterations(engine, start, count);
      return transfer(out, [out.maxAle.buffer, out.maxSize.buffer, out.maxMass.buffer]);
    },
    initPermutations(m) {
      model = m;
    },
    runPermutations(start, count) {
      if (!model) throw new Error('permutation worker used before initPermutations');
      const counts = permutationCounts(model, start, count);
      return transfer(counts, [counts.greater.buffer, counts.less.buffer]);
    },
  };
}
