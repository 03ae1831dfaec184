/** The shipped default mask, fetched relative to the page so any subpath works. */
import { createGeometry, type Geometry } from '../../workers/grid.ts';
import { readNifti } from '../../workers/nifti.ts';

export const ASSET_BASE = new URL('./assets/', document.baseURI).href;

export async function loadDefaultMask(): Promise<Geometry> {
  const url = `${ASSET_BASE}mask_2mm.nii.gz`;
  const response = await fetch(url);
  if (!response.ok) throw new Error(`could not load the default mask (${url}): HTTP ${response.status}`);
  const volume = readNifti(new Uint8Array(await response.arrayBuffer()), 'mask_2mm.nii.gz');
  return createGeometry(volume.shape, volume.affine, volume.data);
}
