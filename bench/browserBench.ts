/**
 * Browser side of the benchmark: exposes measure() to the Playwright driver,
 * and the time to first results: from a fresh analysis worker to the preview
 * (observed maps and uncorrected clusters) the page shows before the Monte Carlo.
 */
import { wrap } from 'comlink';
import { DEFAULT_PARAMETERS, type AnalysisWorkerApi, type MaskInput } from '../workers/analysis/index.ts';
import { readNifti } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { createBrowserWorker, runNullEngine } from '../workers/runtime/index.ts';
import { analyseObserved, createGeometry, prepareInput } from '../workers/core/index.ts';
import { nullModelSpec } from '../workers/inference/index.ts';
import { measure, type BenchRequest } from './measure.ts';

async function maskVolume() {
  const response = await fetch('/assets/colin27_mask_2mm.nii.gz');
  return readNifti(new Uint8Array(await response.arrayBuffer()), 'colin27_mask_2mm.nii.gz');
}

async function run(request: BenchRequest) {
  const mask = await maskVolume();
  return measure(request, createGeometry(mask.shape, mask.affine, mask.data), createBrowserWorker);
}

/** Milliseconds from starting an analysis worker to its preview, per repeat. */
async function firstResults(request: BenchRequest): Promise<number[]> {
  const volume = await maskVolume();
  const mask: MaskInput = { shape: volume.shape, affine: volume.affine, values: Uint8Array.from(volume.data), name: 'mask' };
  const parsed = parseCoordinates(request.text, request.name);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const times: number[] = [];
  for (let r = 0; r < request.observedRepeats; r++) {
    const t = performance.now();
    const worker = new Worker(new URL('../workers/analysis/analysisWorker.browser.ts', import.meta.url), { type: 'module' });
    const reply = await wrap<AnalysisWorkerApi>(worker).start(parsed.dataset, mask, null, DEFAULT_PARAMETERS, 0.05);
    times.push(performance.now() - t);
    worker.terminate();
    if (!reply.ok) throw new Error(reply.errors[0].message);
  }
  return times;
}

/**
 * The GPU engine's wall time per iteration (one WebGPU worker, after its
 * self-check), per repeat, and the adapter it ran on.
 */
async function gpuBench(request: BenchRequest): Promise<{ engine: string; msPerIteration: number[] }> {
  const volume = await maskVolume();
  const geometry = createGeometry(volume.shape, volume.affine, volume.data);
  const parsed = parseCoordinates(request.text, request.name);
  if (!parsed.ok) throw new Error(parsed.errors[0].message);
  const prepared = prepareInput(parsed.dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error(prepared.errors[0].message);
  const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  const spec = nullModelSpec(prepared.input.experiments, observed, geometry, 6, 0);
  const msPerIteration: number[] = [];
  let engine = '';
  for (let r = 0; r < request.repeats; r++) {
    let started = 0;
    const run = await runNullEngine(spec, {
      engine: 'gpu',
      createGpuWorker: createBrowserWorker,
      createWorker: createBrowserWorker,
      workers: 1,
      iterations: request.iterations,
      onEngine: () => (started = performance.now()),
    });
    msPerIteration.push((performance.now() - started) / request.iterations);
    engine = run.engine;
  }
  return { engine, msPerIteration };
}

Object.assign(window, { runBench: run, firstResults, gpuBench });
document.title = 'ready';
