/**
 * Application state in one Zustand store. The engine does the math; the
 * store only sequences loading, running and cancelling.
 */
import { create } from 'zustand';
import type { Geometry } from '../workers/grid.ts';
import type { Dataset, Diagnostic } from '../workers/input/dataset.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { CancelledError } from '../workers/pool.ts';
import { DEFAULT_PARAMETERS, runAle, type AleParameters } from '../workers/runAle.ts';
import { buildSummary } from '../workers/summary.ts';
import { loadDefaultMask } from './engine/assets.ts';
import { createBrowserWorker, defaultWorkerCount } from './engine/browserWorkers.ts';

export type Summary = ReturnType<typeof buildSummary>;

interface DataSlice {
  dataset: Dataset | null;
  diagnostics: Diagnostic[];
  loadText(text: string | Uint8Array, source: string): void;
}

interface AnalysisSlice {
  parameters: AleParameters;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  progress: { done: number; total: number };
  error: string | null;
  summary: Summary | null;
  setParameters(update: Partial<AleParameters>): void;
  run(): Promise<void>;
  cancel(): void;
}

let controller: AbortController | null = null;
let geometryPromise: Promise<Geometry> | null = null;

export const useStore = create<DataSlice & AnalysisSlice>()((set, get) => ({
  dataset: null,
  diagnostics: [],
  loadText(text, source) {
    const parsed = parseCoordinates(text, source);
    set({
      dataset: parsed.ok ? parsed.dataset : null,
      diagnostics: parsed.ok ? parsed.warnings : [...parsed.errors, ...parsed.warnings],
      summary: null,
      status: 'idle',
      error: null,
    });
  },

  parameters: { ...DEFAULT_PARAMETERS, iterations: 1000 },
  status: 'idle',
  progress: { done: 0, total: 0 },
  error: null,
  summary: null,
  setParameters(update) {
    set({ parameters: { ...get().parameters, ...update } });
  },
  async run() {
    const { dataset, parameters } = get();
    if (!dataset) return;
    controller?.abort();
    const own = new AbortController();
    controller = own;
    set({ status: 'running', error: null, summary: null, progress: { done: 0, total: parameters.iterations } });
    const started = performance.now();
    try {
      geometryPromise ??= loadDefaultMask();
      const geometry = await geometryPromise;
      const outcome = await runAle(dataset, geometry, parameters, {
        workers: defaultWorkerCount(),
        createWorker: createBrowserWorker,
        signal: own.signal,
        onProgress: (stage, done, total) => {
          if (stage === 'monte-carlo' && controller === own) set({ progress: { done, total } });
        },
      });
      if (controller !== own) return;
      if (!outcome.ok) {
        set({ status: 'failed', diagnostics: [...outcome.errors, ...outcome.warnings], error: outcome.errors[0]?.message ?? 'the dataset cannot be analysed' });
        return;
      }
      const summary = buildSummary(outcome.result, { software: 'ale-meta', input: dataset.source, mask: 'default', totalMs: performance.now() - started });
      set({ status: 'done', summary, diagnostics: [...get().diagnostics, ...outcome.result.input.warnings] });
    } catch (err) {
      if (controller !== own) return;
      if (err instanceof CancelledError) set({ status: 'cancelled' });
      else set({ status: 'failed', error: err instanceof Error ? err.message : String(err) });
    }
  },
  cancel() {
    controller?.abort();
  },
}));
