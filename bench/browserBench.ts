/** Browser side of the benchmark: exposes measure() to the Playwright driver. */
import { createBrowserWorker } from '../workers/runtime/index.ts';
import { createGeometry } from '../workers/core/index.ts';
import { readNifti } from '../workers/input/index.ts';
import { measure, type BenchRequest } from './measure.ts';

async function run(request: BenchRequest) {
  const response = await fetch('/assets/mask_2mm.nii.gz');
  const mask = readNifti(new Uint8Array(await response.arrayBuffer()), 'mask_2mm.nii.gz');
  return measure(request, createGeometry(mask.shape, mask.affine, mask.data), createBrowserWorker);
}

(window as unknown as { runBench: typeof run }).runBench = run;
document.title = 'ready';
