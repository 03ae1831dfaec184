/**
 * The shipped assets (mask, atlas, template), fetched relative to the page
 * so the app works from any subpath. Each is fetched once.
 */
import type { Atlas, AtlasRegion } from '../../workers/diagnostics/index.ts';
import type { MaskInput } from '../../workers/analysis/index.ts';
import { readNifti } from '../../workers/input/index.ts';

/** The page's assets folder, resolved when first needed (never at import, so Node can load this module). */
function assetUrl(name: string): string {
  return new URL(`./assets/${name}`, document.baseURI).href;
}

export function templateUrl(): string {
  return assetUrl('ch2bet.nii.gz');
}

async function fetchBytes(name: string): Promise<Uint8Array> {
  const url = assetUrl(name);
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load ${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

let mask: Promise<MaskInput> | null = null;
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

export function defaultMask(): Promise<MaskInput> {
  return once(
    () =>
      fetchBytes('mask_2mm.nii.gz').then((bytes) => {
        const v = readNifti(bytes, 'mask_2mm.nii.gz');
        return { shape: v.shape, affine: v.affine, values: Uint8Array.from(v.data), name: 'default mask (Colin27, 2 mm)' };
      }),
    () => mask,
    (p) => (mask = p),
  );
}

/** A user's mask file; the engine checks its grid when the run starts. */
export function maskFromFile(bytes: Uint8Array, name: string): MaskInput {
  const v = readNifti(bytes, name);
  return { shape: v.shape, affine: v.affine, values: Float32Array.from(v.data), name };
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
