/**
 * The shipped assets (mask, atlas, template, the PDF's fonts), fetched relative to the page
 * so the app works from any subpath. Each is fetched once.
 */
import type { Atlas, AtlasRegion } from '../../workers/diagnostics/index.ts';
import type { MaskInput } from '../../workers/analysis/index.ts';
import { readMask, readNifti, SHIPPED_MASKS, type MaskResult, type ShippedMaskName } from '../../workers/input/index.ts';

/** The page's assets folder, resolved when first needed (never at import, so Node can load this module). */
function assetUrl(name: string): string {
  return new URL(`./assets/${name}`, document.baseURI).href;
}

/** The display template: 1 mm, or 1.5 mm (a third of the voxels) where WebGL runs on the CPU. */
export function templateUrl(software: boolean): string {
  return assetUrl(software ? 'colin27_1.5mm.nii.gz' : 'colin27_1mm.nii.gz');
}

async function fetchBytes(name: string): Promise<Uint8Array> {
  const url = assetUrl(name);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

/** A font the PDF figure embeds for text in other scripts (public/fonts/): not precached, so it needs the network once (the service worker keeps it then). */
export async function fontBytes(file: string): Promise<Uint8Array> {
  const url = new URL(`./fonts/${file}`, document.baseURI).href;
  const response = await fetch(url).catch((err: Error) => {
    throw new Error(`could not fetch the font ${file} that the PDF needs for text in other scripts (${err.message}); the SVG and PNG keep every character`);
  });
  if (!response.ok) throw new Error(`could not fetch the font ${file} that the PDF needs for text in other scripts: HTTP ${response.status}; the SVG and PNG keep every character`);
  return new Uint8Array(await response.arrayBuffer());
}

const masks: Partial<Record<ShippedMaskName, Promise<MaskInput> | null>> = {};
let atlas: Promise<Atlas> | null = null;

/** Caches a successful fetch; a failed one is retried next time (the network may come back). */
function once<T>(load: () => Promise<T>, get: () => Promise<T> | null, set: (p: Promise<T> | null) => void): Promise<T> {
  const cached = get();
  if (cached) return cached;
  const loading = load();
  set(loading);
  loading.catch(() => set(null));
  return loading;
}

export function shippedMask(which: ShippedMaskName): Promise<MaskInput> {
  const { file, label } = SHIPPED_MASKS[which];
  return once(
    () =>
      fetchBytes(file).then((bytes) => {
        const v = readNifti(bytes, file);
        return { shape: v.shape, affine: v.affine, values: Uint8Array.from(v.data), name: label };
      }),
    () => masks[which] ?? null,
    (p) => (masks[which] = p),
  );
}

/** A user's mask file through the mask gate; the engine checks its grid when the run starts. */
export function maskFromFile(bytes: Uint8Array, name: string): MaskResult {
  return readMask(bytes, name);
}

export function aalAtlas(): Promise<Atlas> {
  return once(
    () =>
      Promise.all([fetchBytes('aal_2mm.nii.gz'), fetchBytes('aal_labels.json')]).then(([volume, labels]) => {
        const v = readNifti(volume, 'aal_2mm.nii.gz');
        const regions = JSON.parse(new TextDecoder().decode(labels)) as AtlasRegion[];
        return { shape: v.shape, affine: v.affine, labels: Uint8Array.from(v.data), regions };
      }),
    () => atlas,
    (p) => (atlas = p),
  );
}
