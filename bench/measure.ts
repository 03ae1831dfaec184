/**
 * The measurements behind `npm run bench`, shared by Node and the browser
 * page: ALE + analytic null, and Monte-Carlo wall time per iteration.
 */
import { analyseObserved, type Geometry, prepareInput } from '../workers/core/index.ts';
import { nullModelSpec } from '../workers/inference/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { runNullPool, type PoolWorker } from '../workers/runtime/index.ts';

export interface BenchRequest {
  name: string;
  text: string;
  iterations: number;
  workerCounts: number[];
  repeats: number;
  observedRepeats: number;
  /** Also record each iteration's largest TFCE (JALE's TFCE inference). */
  tfce?: boolean;
}

export interface BenchResult {
  name: string;
  tfce: boolean;
  experiments: number;
  foci: number;
  /** Wall times of ALE + analytic null (ms), one per repeat. */
  observedMs: number[];
  /** Per worker count: wall time per iteration (ms), one per repeat, including starting the workers. */
  msPerIteration: Record<string, number[]>;
  /** The same, from the first finished chunk to the end: the rate once the workers run. */
  steadyMsPerIteration: Record<string, number[]>;
}

export async function measure(request: BenchRequest, geometry: Geometry, createWorker: () => PoolWorker): Promise<BenchResult> {
  const parsed = parseCoordinates(request.text, request.name);
  if (!parsed.ok) throw new Error(`${request.name}: ${parsed.errors[0].message}`);
  const prepared = prepareInput(parsed.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error(`${request.name}: ${prepared.errors[0].message}`);
  const experiments = prepared.input.experiments;
  const observedMs: number[] = [];
  let observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  for (let r = 0; r < request.observedRepeats; r++) {
    const t = performance.now();
    observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    observedMs.push(performance.now() - t);
  }
  const spec = nullModelSpec(experiments, observed, geometry, 6, 0, request.tfce);
  const msPerIteration: Record<string, number[]> = {};
  const steadyMsPerIteration: Record<string, number[]> = {};
  for (const workers of request.workerCounts) {
    msPerIteration[workers] = [];
    steadyMsPerIteration[workers] = [];
    for (let r = 0; r < request.repeats; r++) {
      const t = performance.now();
      const first = { at: 0, done: 0 };
      await runNullPool(spec, {
        iterations: request.iterations,
        workers,
        createWorker,
        chunkSize: Math.max(1, Math.ceil(request.iterations / (workers * 20))),
        onProgress: (done) => {
          if (first.done === 0) Object.assign(first, { at: performance.now(), done });
        },
      });
      const end = performance.now();
      msPerIteration[workers].push((end - t) / request.iterations);
      if (first.done < request.iterations) steadyMsPerIteration[workers].push((end - first.at) / (request.iterations - first.done));
    }
  }
  return { name: request.name, tfce: request.tfce ?? false, experiments: experiments.length, foci: prepared.input.nFoci, observedMs, msPerIteration, steadyMsPerIteration };
}
