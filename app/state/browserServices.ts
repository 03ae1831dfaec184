/** The store's services in the browser: workers, fetches relative to the page, the page's address. */
import { parseCoordinates } from '../../workers/input/index.ts';
import { aalAtlas, defaultMask, maskFromFile } from '../engine/assets.ts';
import { contrastInBrowser, failSafeNInBrowser } from '../engine/diagnosticsJobs.ts';
import { runInBrowser } from '../engine/runInBrowser.ts';
import type { AppServices } from './services.ts';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`.trim());
  return response;
}

export function browserServices(): AppServices {
  return {
    parseCoordinates: async (input, source) => parseCoordinates(input, source),
    fetchBytes: async (url) => new Uint8Array(await (await fetchOk(url)).arrayBuffer()),
    demoText: async (name) => (await fetchOk(new URL(`./demo/${name}`, document.baseURI).href)).text(),
    defaultMask,
    atlas: aalAtlas,
    readMask: maskFromFile,
    runAnalysis: runInBrowser,
    failSafeN: failSafeNInBrowser,
    contrast: contrastInBrowser,
    pageAddress: () => `${window.location.origin}${window.location.pathname}`,
  };
}
