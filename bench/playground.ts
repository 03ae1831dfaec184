/**
 * The playground's cost per change: each change (a focus added or moved, an
 * N changed) reruns what the analysis worker's start() does without a Monte
 * Carlo (prepare, MA maps, ALE, analytic null, threshold, clusters, the
 * preview's table with AAL regions). Timed here in Node on playground-sized
 * datasets of 5, 15 and 30 experiments of four foci each, moving one focus
 * by 2 mm per change; the browser adds the worker message and the viewer's
 * redraw. The target is 100 ms per change for up to 30 experiments.
 */
import { readFileSync } from 'node:fs';
import { loadAtlas, maskPath } from '../cli/io.ts';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { createAnalysisWorkerApi, DEFAULT_PARAMETERS, type MaskInput } from '../workers/analysis/index.ts';
import { Xoshiro128 } from '../workers/inference/index.ts';
import { readNifti, type Dataset } from '../workers/input/index.ts';

const CHANGES = 15;
const FOCI = 4;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Foci on a box well inside the brain, the same for every run. */
function playgroundSet(experiments: number): { x: number; y: number; z: number }[][] {
  const rng = new Xoshiro128(7, experiments);
  const at = (lo: number, hi: number) => lo + rng.nextBelow(hi - lo + 1);
  return Array.from({ length: experiments }, () => Array.from({ length: FOCI }, () => ({ x: at(-50, 50), y: at(-70, 30), z: at(-10, 60) })));
}

function dataset(foci: { x: number; y: number; z: number }[][]): Dataset {
  const experiments = foci.map((list, e) => ({ id: `Experiment ${e + 1}`, study: `Experiment ${e + 1}`, contrast: 'playground', sampleSize: 20, foci: list.map((f) => ({ ...f, space: 'MNI' as const })), where: `Experiment ${e + 1}` }));
  return { source: 'playground', format: 'table', experiments };
}

export function benchPlayground(): void {
  const volume = readNifti(readFileSync(maskPath(undefined)), 'default mask');
  const mask: MaskInput = { shape: volume.shape, affine: volume.affine, values: Uint8Array.from(volume.data, (v) => (v > 0 ? 1 : 0)), name: 'default mask' };
  const atlas = loadAtlas();
  const api = createAnalysisWorkerApi({ createWorker: createNodeWorker, workers: 1 });
  const parameters = { ...DEFAULT_PARAMETERS, iterations: 0 };
  for (const experiments of [5, 15, 30]) {
    const foci = playgroundSet(experiments);
    const times: number[] = [];
    for (let change = 0; change <= CHANGES; change++) {
      foci[0][0] = { ...foci[0][0], x: foci[0][0].x + 2 * (change % 2 ? 1 : -1) };
      const started = performance.now();
      const reply = api.start(dataset(foci), mask, atlas, parameters, 0.05);
      if (!reply.ok) throw new Error(`playground bench: ${reply.errors[0].message}`);
      // The first change warms the JIT up; a class's changes come after it.
      if (change > 0) times.push(performance.now() - started);
    }
    console.log(`playground, ${experiments} experiments × ${FOCI} foci: ${median(times).toFixed(1)} ms per change (median of ${times.length}; target 100 ms)`);
  }
}
