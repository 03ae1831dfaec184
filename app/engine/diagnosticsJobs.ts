/**
 * Long diagnostics (Fail-Safe N, contrasts) in a fresh analysis worker, with
 * progress and a cancel that terminates it and the Monte-Carlo workers it
 * started.
 */
import { proxy } from 'comlink';
import type { AleParameters, ClusteringReply, ClusteringSettings, ContrastParameters, ContrastReply, MaskInput, ProbabilisticReply } from '../../workers/analysis/index.ts';
import type { FsnResult, NullMaximaArrays } from '../../workers/inference/index.ts';
import type { Dataset, Diagnostic } from '../../workers/input/index.ts';
import { cancellation } from '../../workers/runtime/index.ts';
import { createAnalysisWorker } from './analysisWorker.ts';

type Progress = (label: string, done: number, total: number) => void;

async function inWorker<T>(signal: AbortSignal, job: (api: ReturnType<typeof createAnalysisWorker>['api']) => Promise<T>): Promise<T> {
  const worker = createAnalysisWorker();
  try {
    return await Promise.race([job(worker.api), cancellation(signal), worker.failed]);
  } finally {
    worker.terminate();
  }
}

export function failSafeNInBrowser(dataset: Dataset, mask: MaskInput, parameters: AleParameters, labels: Int32Array, clusterIds: number[], alpha: number, onProgress: Progress, onResults: (results: FsnResult[]) => void, signal: AbortSignal): Promise<FsnResult[] | { errors: Diagnostic[] }> {
  return inWorker<FsnResult[] | { errors: Diagnostic[] }>(signal, (api) => api.failSafeN(dataset, mask, parameters, labels, clusterIds, alpha, proxy(onProgress), proxy(onResults)));
}

export function contrastInBrowser(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: ContrastParameters, nullOfA: NullMaximaArrays | null, onProgress: Progress, signal: AbortSignal): Promise<ContrastReply> {
  return inWorker<ContrastReply>(signal, (api) => api.contrast(a, b, names, mask, parameters, proxy(onProgress), nullOfA));
}

export function clusteringInBrowser(dataset: Dataset, mask: MaskInput, parameters: AleParameters, settings: ClusteringSettings, onProgress: Progress, signal: AbortSignal): Promise<ClusteringReply> {
  return inWorker<ClusteringReply>(signal, (api) => api.clustering(dataset, mask, parameters, settings, proxy(onProgress)));
}

export function probabilisticInBrowser(dataset: Dataset, mask: MaskInput, parameters: AleParameters, subsetSize: number, alpha: number, onProgress: Progress, signal: AbortSignal): Promise<ProbabilisticReply> {
  return inWorker<ProbabilisticReply>(signal, (api) => api.probabilistic(dataset, mask, parameters, subsetSize, alpha, proxy(onProgress)));
}

export function balancedContrastInBrowser(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: AleParameters, subsetSize: number | null, alpha: number, onProgress: Progress, signal: AbortSignal): Promise<ContrastReply> {
  return inWorker<ContrastReply>(signal, (api) => api.balancedContrast(a, b, names, mask, parameters, subsetSize, alpha, proxy(onProgress)));
}
