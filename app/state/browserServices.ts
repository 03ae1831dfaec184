/** The store's services in the browser: workers, fetches relative to the page, the page's address. */
import { CUTOFF_MODEL_FILES, readCutoffModels, type CutoffModels } from '../../workers/inference/index.ts';
import { joinChunks, MAX_INPUT_BYTES } from '../../workers/input/index.ts';
import { parseInWorker, readAnalysisSheetInWorker } from '../engine/parseInWorker.ts';
import { aalAtlas, maskFromFile, shippedMask } from '../engine/assets.ts';
import { balancedContrastInBrowser, clusteringInBrowser, contrastInBrowser, failSafeNInBrowser, probabilisticInBrowser } from '../engine/diagnosticsJobs.ts';
import { runInBrowser } from '../engine/runInBrowser.ts';
import { FetchError, type AppServices } from './services.ts';

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw new FetchError(`the request failed (${(err as Error).message})`, null);
  }
  if (!response.ok) throw new FetchError(`HTTP ${response.status} ${response.statusText}`.trim(), response.status);
  return response;
}

/** A URL's body, read as a stream and refused as soon as it passes the gate's size limit. */
async function fetchCapped(url: string, onProgress?: (received: number) => void): Promise<Uint8Array> {
  const response = await fetchOk(url);
  const limit = MAX_INPUT_BYTES;
  const tooLarge = () => new Error(`the file is larger than ${limit / 1048576} MB, more than any coordinate file needs`);
  if (Number(response.headers.get('content-length') ?? 0) > limit) throw tooLarge();
  const reader = response.body?.getReader();
  if (!reader) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(value);
    onProgress?.(size);
  }
  return joinChunks(chunks, size);
}

let models: Promise<CutoffModels> | null = null;

/** The three models, fetched once per page. */
function cutoffModels(): Promise<CutoffModels> {
  models ??= (async () => {
    const read = async (file: string) => (await fetchOk(new URL(`./models/cutoff/${file}`, document.baseURI).href)).json() as Promise<unknown>;
    const [vfwe, cfwe, tfce] = await Promise.all([read(CUTOFF_MODEL_FILES.vfwe), read(CUTOFF_MODEL_FILES.cfwe), read(CUTOFF_MODEL_FILES.tfce)]);
    return readCutoffModels({ vfwe, cfwe, tfce });
  })();
  // A failed fetch may succeed later (the network came back): do not keep the failure.
  models.catch(() => (models = null));
  return models;
}

export function browserServices(): AppServices {
  return {
    parseCoordinates: parseInWorker,
    readAnalysisSheet: readAnalysisSheetInWorker,
    fetchBytes: fetchCapped,
    demoText: async (name) => (await fetchOk(new URL(`./demo/${name}`, document.baseURI).href)).text(),
    shippedMask,
    atlas: aalAtlas,
    cutoffModels,
    readMask: maskFromFile,
    runAnalysis: runInBrowser,
    failSafeN: failSafeNInBrowser,
    contrast: contrastInBrowser,
    balancedContrast: balancedContrastInBrowser,
    clustering: clusteringInBrowser,
    probabilistic: probabilisticInBrowser,
    pageAddress: () => `${window.location.origin}${window.location.pathname}`,
  };
}
