/**
 * The input gate in a Web Worker: a file, a paste or a link's dataset is
 * parsed off the main thread, so no input can freeze the page; a parse that
 * runs past its time is stopped and said so.
 */
import { wrap, type Remote } from 'comlink';
import type { ParseResult } from '../../workers/input/index.ts';

type InputApi = { parseCoordinates(input: string | Uint8Array, source: string): Promise<ParseResult> };

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

export async function parseInWorker(input: string | Uint8Array, source: string): Promise<ParseResult> {
  const w = inputWorker();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<ParseResult>((resolve) => {
    timer = setTimeout(() => {
      w.terminate();
      worker = null;
      resolve({ ok: false, errors: [{ severity: 'error', source, message: `reading the input took longer than ${PARSE_TIMEOUT_MS / 1000} s and was stopped` }], warnings: [] });
    }, PARSE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([w.api.parseCoordinates(input, source), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
