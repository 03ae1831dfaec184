/**
 * Browser side of the benchmark: exposes measure() to the Playwright driver,
 * and the time to first results: from a fresh analysis worker to the preview
 * (observed maps and uncorrected clusters) the page shows before the Monte Carlo.
 */
import { wrap } from 'comlink';
import { DEFAULT_PARAMETERS, type AnalysisWorkerApi, type MaskInput } from '../workers/analysis/index.ts';
import { createGeometry } from '../workers/core/index.ts';
import { parseCoordinates, readNifti } from '../workers/input/index.ts';
import { createBrowserWorker } from '../workers/runtime/index.ts';
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

Object.assign(window, { runBench: run, firstResults });
document.title = 'ready';
