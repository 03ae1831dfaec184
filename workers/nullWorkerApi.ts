/**
 * What a Monte-Carlo worker does, independent of how it is hosted (a browser
 * Worker or a Node worker thread). Results are transferred, not copied.
 */
import { transfer } from 'comlink';
import { NullIterationEngine, type NullMaxima, type NullModelSpec } from './monteCarlo.ts';

export interface NullWorkerApi {
  init(spec: NullModelSpec): void;
  run(start: number, count: number): NullMaxima;
}

export function createNullWorkerApi(): NullWorkerApi {
  let engine: NullIterationEngine | null = null;
  return {
    init(spec) {
      engine = new NullIterationEngine(spec);
    },
    run(start, count) {
      if (!engine) throw new Error('Monte-Carlo worker used before init');
      const out = engine.run(start, count);
      return transfer(out, [out.maxAle.buffer, out.maxSize.buffer, out.maxMass.buffer]);
    },
  };
}
