/**
 * The gate for analysis masks: sizes are bounded before a byte is inflated
 * (a small .nii.gz can declare a billion voxels), values are scaled as the
 * header says and kept where > 0, and what the mask turned out to be is said:
 * non-binary values thresholded, too few voxels, or a "mask" that covers its
 * whole grid (a probability map with a floor) are reported, not run.
 */
import { Gunzip } from 'fflate';
import * as niftiReader from 'nifti-reader-js';
import type { Affine, Shape3 } from '../core/grid.ts';
import type { Diagnostic } from './dataset.ts';
import { joinChunks } from './bytes.ts';
import { readNifti } from './nifti.ts';

/** Relative difference within which two mask values are one value stored in float32 (a few units in the last place). */
const FLOAT32_ROUNDING = 2 ** -21;
/** No analysis grid needs more voxels (256³, 2 mm over half a metre). */
export const MAX_MASK_VOXELS = 256 ** 3;
/** Fewer in-mask voxels than this cannot hold a brain at 2 mm. */
export const MIN_MASK_VOXELS = 1000;

export interface CheckedMask {
  shape: Shape3;
  affine: Affine;
  /** 1 inside, 0 outside, flat C order. */
  values: Uint8Array;
  name: string;
}

export type MaskResult = { ok: true; mask: CheckedMask; warnings: Diagnostic[] } | { ok: false; errors: Diagnostic[] };

const fail = (source: string, message: string): MaskResult => ({ ok: false, errors: [{ severity: 'error', source, message }] });

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates a gzip stream, stopping as soon as the output passes `limit` bytes
 * (null then). `whole`: the bytes are the complete stream (else a prefix).
 */
function gunzipAtMost(bytes: Uint8Array, limit: number, whole: boolean): Uint8Array | null {
  const chunks: Uint8Array[] = [];
  let size = 0;
  let over = false;
  const gunzip = new Gunzip((chunk) => {
    size += chunk.length;
    if (size > limit) over = true;
    else chunks.push(chunk);
  });
  const step = 1 << 16;
  for (let at = 0; at < bytes.length && !over; at += step) gunzip.push(bytes.subarray(at, at + step), whole && at + step >= bytes.length);
  if (over) return null;
  return joinChunks(chunks, size);
}

/** Bytes of the NIfTI header and image the first bytes declare, or an error message. */
function declaredSize(head: Uint8Array, name: string): number | string {
  const buffer = head.buffer.slice(head.byteOffset, head.byteOffset + head.byteLength) as ArrayBuffer;
  if (!niftiReader.isNIFTI(buffer)) return `${name}: not a NIfTI-1 or NIfTI-2 file`;
  const header = niftiReader.readHeader(buffer);
  if (!header) return `${name}: unreadable NIfTI header`;
  const dims = header.dims.slice(1, 1 + Math.max(3, Math.min(7, header.dims[0])));
  const voxels = dims.reduce((a: number, b: number) => a * Math.max(1, b), 1);
  if (!(voxels <= MAX_MASK_VOXELS)) return `${name}: declares ${dims.join('×')} voxels; an analysis mask on a 2 mm grid has at most ${MAX_MASK_VOXELS.toLocaleString('en')}`;
  return header.vox_offset + voxels * Math.max(1, header.numBitsPerVoxel / 8);
}

export function readMask(bytes: Uint8Array, name: string): MaskResult {
  let raw = bytes;
  if (isGzip(bytes)) {
    let head: Uint8Array | null;
    let inflated: Uint8Array | null;
    try {
      head = gunzipAtMost(bytes.subarray(0, 1 << 12), 1 << 23, bytes.length <= 1 << 12);
      if (!head || head.length < 348) return fail(name, `${name}: not a readable gzip'd NIfTI file`);
      const size = declaredSize(head.subarray(0, Math.min(head.length, 1024)), name);
      if (typeof size === 'string') return fail(name, size);
      inflated = gunzipAtMost(bytes, size + 1024, true);
      if (!inflated) return fail(name, `${name}: inflates to more than its header declares (${Math.max(1, Math.round(size / 1048576))} MB)`);
    } catch (err) {
      return fail(name, `${name}: not a readable gzip file (${(err as Error).message})`);
    }
    raw = inflated;
  } else {
    const size = declaredSize(bytes.subarray(0, 1024), name);
    if (typeof size === 'string') return fail(name, size);
  }
  let volume;
  try {
    volume = readNifti(raw, name);
  } catch (err) {
    return fail(name, (err as Error).message);
  }
  const values = new Uint8Array(volume.data.length);
  let inside = 0;
  let negative = 0;
  let fractional = 0;
  // A binary mask holds one value inside. Stored as integers with a scale (32767 × 1/32767, as
  // GingerALE's Grey10 is), that value is 1 only up to float32 rounding, which must not count.
  let level = Number.NaN;
  for (let v = 0; v < values.length; v++) {
    const x = volume.data[v];
    if (x > 0) {
      values[v] = 1;
      inside++;
      if (Number.isNaN(level)) level = x;
      else if (Math.abs(x - level) > FLOAT32_ROUNDING * level) fractional++;
    } else if (x < 0) negative++;
  }
  const warnings: Diagnostic[] = [];
  const warn = (message: string) => warnings.push({ severity: 'warning', source: name, message });
  if (inside < MIN_MASK_VOXELS) {
    return fail(name, `${name}: only ${inside.toLocaleString('en')} voxels are > 0 (after the header's scaling); a brain mask at 2 mm has hundreds of thousands${negative > 0 ? ` (${negative.toLocaleString('en')} are negative: is scl_inter inverting it?)` : ''}`);
  }
  if (inside === values.length) {
    return fail(name, `${name}: every voxel of its ${volume.shape.join('×')} grid is > 0, so it is no brain mask (a probability map with a floor above 0?); threshold it first`);
  }
  if (fractional > 0) warn(`not a binary mask: kept the ${inside.toLocaleString('en')} voxels whose value is > 0 (${fractional.toLocaleString('en')} of them differ from the first, ${level})`);
  if (negative > 0) warn(`${negative.toLocaleString('en')} voxels are negative after scaling and were left out`);
  return { ok: true, mask: { shape: volume.shape, affine: volume.affine, values, name }, warnings };
}
