/**
 * The input gate in a Web Worker: a file, a paste or a link's dataset is
 * parsed off the main thread, so no input can freeze the page; a parse that
 * runs past its time is stopped and said so.
 */
import { wrap, type Remote } from 'comlink';
import type { AnalysisSheet, ParseResult } from '../../workers/input/index.ts';

type InputApi = {
  parseCoordinates(input: string | Uint8Array, source: string): Promise<ParseResult>;
  readAnalysisSheet(input: Uint8Array, source: string): Promise<AnalysisSheet>;
};

/** The gate is linear in its input; this is far beyond what 64 MB take. */
const PARSE_TIMEOUT_MS = 20_000;

let worker: { api: Remote<InputApi>; terminate(): void } | null = null;

function inputWorker() {
  if (!worker) {
    const w = new Worker(new URL('../../workers/input/inputWorker.browser.ts', import.meta.url), { type: 'module' });
    worker = { api: wrap<InputApi>(w), terminate: () => w.terminate() };
  }
  return worker;
}

/** A call into the worker, stopped (and the worker replaced) when it runs past its time. */
async function withTimeout<T extends { ok: boolean }>(call: (api: Remote<InputApi>) => Promise<T>, source: string, failed: (message: string) => T): Promise<T> {
  const w = inputWorker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<T>((resolve) => {
    timer = setTimeout(() => {
      w.terminate();
      worker = null;
      resolve(failed(`reading ${source} took longer than ${PARSE_TIMEOUT_MS / 1000} s and was stopped`));
    }, PARSE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([call(w.api), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function parseInWorker(input: string | Uint8Array, source: string): Promise<ParseResult> {
  return withTimeout<ParseResult>((api) => api.parseCoordinates(input, source), source, (message) => ({ ok: false, errors: [{ severity: 'error', source, message }], warnings: [] }));
}

export function readAnalysisSheetInWorker(input: Uint8Array, source: string): Promise<AnalysisSheet> {
  return withTimeout<AnalysisSheet>((api) => api.readAnalysisSheet(input, source), source, (message) => ({ ok: false, errors: [{ severity: 'error', source, message }] }));
}
