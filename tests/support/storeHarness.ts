/** The app store in Node with fake services: a run or job finishes when the test says so. */
import { createAppStore } from '../../app/state/createAppStore.ts';
import type { AppServices, Progress, RunOptions, RunOutcome, RunSession } from '../../app/state/services.ts';
import type { AleParameters, ClusteringReply, ContrastReply, FinishedRun, MaskInput, ProbabilisticReply } from '../../workers/analysis/index.ts';
import { readFileSync } from 'node:fs';
import { CUTOFF_MODEL_FILES, readCutoffModels, type FsnResult, type NullMaximaArrays } from '../../workers/inference/index.ts';
import type { KernelExample } from '../../workers/diagnostics/index.ts';
import type { Dataset, Diagnostic } from '../../workers/input/index.ts';
import { parseInput, readAnalysisSheet } from '../../workers/input/parseInput.ts';
import { CancelledError } from '../../workers/runtime/index.ts';

export const SLEUTH = '// Reference=MNI\n// Smith 2020: sequence > rest\n// Subjects=16\n-38 -22 56\n24 4 2\n\n// Jones 2021: early > late\n// Subjects=20\n-36 -20 54\n';
export const MASK: MaskInput = { shape: [2, 2, 2], affine: new Float64Array(16), values: new Uint8Array(8).fill(1), name: 'test mask' };

/** A job the test finishes by hand; it rejects with CancelledError when its signal aborts. */
export function deferred<T>(signal: AbortSignal) {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
    signal.addEventListener('abort', () => rej(new CancelledError()), { once: true });
  });
  return { promise, resolve, reject };
}

export function fakeRun(): FinishedRun {
  return {
    final: true,
    summary: { clusters: [{ id: 1, peak_xyz: [-38, -22, 56], size_voxels: 40, peak_ale: 0.02, peak_z: 4.1 }] },
    reports: [],
    contributions: [],
    volumes: { ale: new Float32Array(8), z: new Float32Array(8), labels: new Int32Array(8) },
    shape: [2, 2, 2],
    affine: new Float64Array(16),
    thresholds: { clusterFormingZ: 3.0902, voxelFweZ: 4.5, voxelFweAle: 0.03 },
    foci: [],
  } as unknown as FinishedRun;
}

export function harness() {
  const calls = {
    runs: [] as { signal: AbortSignal; finish: (o: RunOutcome) => void; fail: (e: Error) => void; parameters: unknown; options: RunOptions }[],
    fsn: [] as { signal: AbortSignal; parameters: unknown; mask: MaskInput; ids: number[]; onProgress: Progress; onResults: (r: FsnResult[]) => void; finish: (r: FsnResult[] | { errors: Diagnostic[] }) => void }[],
    balanced: [] as { a: Dataset; b: Dataset; names: [string, string]; parameters: unknown; subsetSize: number | null; alpha: number; finish: (r: ContrastReply) => void; signal: AbortSignal }[],
    probabilistics: [] as { dataset: Dataset; parameters: unknown; subsetSize: number; alpha: number; onProgress: Progress; finish: (r: ProbabilisticReply) => void; signal: AbortSignal }[],
    clusterings: [] as { dataset: Dataset; parameters: unknown; settings: unknown; onProgress: Progress; finish: (r: ClusteringReply) => void; signal: AbortSignal }[],
    contrasts: [] as { a: Dataset; b: Dataset; names: [string, string]; parameters: unknown; nullOfA: unknown; onProgress: Progress; finish: (r: ContrastReply) => void; signal: AbortSignal }[],
    closed: 0,
    fetched: [] as string[],
    answers: new Map<string, string | Error>(),
    demoFails: false,
    kernelExamples: 0,
    demos: [] as string[],
    truth: '{"nodes": []}',
    maskFails: false,
    shippedMaskFails: false,
    modelsFail: false,
  };
  const session: RunSession = { files: async () => [], kernelExample: async () => (calls.kernelExamples++, { id: 'example' } as unknown as KernelExample), close: () => void calls.closed++ };
  const services: AppServices = {
    parseCoordinates: async (input, source) => parseInput(input, source),
    readAnalysisSheet: async (input, source) => readAnalysisSheet(input, source),
    fetchBytes: async (url) => {
      calls.fetched.push(url);
      const answer = calls.answers.get(url);
      if (answer instanceof Error) throw answer;
      return new TextEncoder().encode(answer ?? SLEUTH);
    },
    demoText: async (name) => {
      calls.demos.push(name);
      if (calls.demoFails) throw new Error('offline');
      if (name.endsWith('demo.json')) return JSON.stringify({ title: 'Published studies: test', placeholderSampleSize: 20 });
      return name === 'ground_truth.json' ? calls.truth : SLEUTH;
    },
    shippedMask: async () => {
      if (calls.shippedMaskFails) throw new Error('the mask could not be fetched');
      return MASK;
    },
    cutoffModels: async () => {
      if (calls.modelsFail) throw new Error('HTTP 404');
      const read = (file: string) => JSON.parse(readFileSync(new URL(`../../public/models/cutoff/${file}`, import.meta.url), 'utf8'));
      return readCutoffModels({ vfwe: read(CUTOFF_MODEL_FILES.vfwe), cfwe: read(CUTOFF_MODEL_FILES.cfwe), tfce: read(CUTOFF_MODEL_FILES.tfce) });
    },
    atlas: async () => ({ shape: [2, 2, 2], affine: new Float64Array(16), labels: new Uint8Array(8), regions: [] }),
    readMask: (_bytes, name) => (calls.maskFails ? { ok: false, errors: [{ severity: 'error', source: name, message: 'not a mask' }], warnings: [] } : { ok: true, mask: { ...MASK, values: new Uint8Array(8) }, warnings: [] }),
    runAnalysis: (_dataset, _mask, _atlas, parameters, options) => {
      const job = deferred<RunOutcome>(options.signal);
      calls.runs.push({ signal: options.signal, finish: job.resolve, fail: job.reject, parameters, options });
      options.onPreview({ ...fakeRun(), final: false });
      options.onStage('monte-carlo');
      options.onProgress(3, 10);
      return job.promise;
    },
    failSafeN: (_dataset, mask, parameters, _labels, ids, _alpha, onProgress, onResults, signal) => {
      const job = deferred<FsnResult[] | { errors: Diagnostic[] }>(signal);
      calls.fsn.push({ signal, parameters, mask, ids, onProgress, onResults, finish: job.resolve });
      return job.promise;
    },
    contrast: (a, b, names, _mask, parameters, nullOfA, onProgress, signal) => {
      const job = deferred<ContrastReply>(signal);
      calls.contrasts.push({ a, b, names, parameters, nullOfA, onProgress, finish: job.resolve, signal });
      return job.promise;
    },
    balancedContrast: (a, b, names, _mask, parameters, subsetSize, alpha, _onProgress, signal) => {
      const job = deferred<ContrastReply>(signal);
      calls.balanced.push({ a, b, names, parameters, subsetSize, alpha, finish: job.resolve, signal });
      return job.promise;
    },
    probabilistic: (dataset, _mask, parameters, subsetSize, alpha, onProgress, signal) => {
      const job = deferred<ProbabilisticReply>(signal);
      calls.probabilistics.push({ dataset, parameters, subsetSize, alpha, onProgress, finish: job.resolve, signal });
      return job.promise;
    },
    clustering: (dataset, _mask, parameters, settings, onProgress, signal) => {
      const job = deferred<ClusteringReply>(signal);
      calls.clusterings.push({ dataset, parameters, settings, onProgress, finish: job.resolve, signal });
      return job.promise;
    },
    pageAddress: () => 'https://example.org/ale/',
  };
  return { store: createAppStore(services), calls, services, outcome: (): RunOutcome => ({ ok: true, run: fakeRun(), nullMaxima: null, warnings: [], session }) };
}

export const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A store with SLEUTH (or the data given) loaded and one run finished (with the given parameters). */
export async function finishedRun(parameters: Partial<AleParameters> = {}, nullMaxima: NullMaximaArrays | null = null, data: { text: string; name: string } = { text: SLEUTH, name: 'motor.txt' }) {
  const h = harness();
  await h.store.getState().loadCoordinates(data.text, data.name);
  h.store.getState().setParameters(parameters);
  const running = h.store.getState().start();
  await settle();
  h.calls.runs[h.calls.runs.length - 1].finish({ ...h.outcome(), nullMaxima } as RunOutcome);
  await running;
  return h;
}
