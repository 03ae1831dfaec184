/**
 * Writing the float32/int32 maps we produce (and the uint16 label volumes
 * the viewer outlines) as NIfTI-1; a few lines of our own, since only one
 * layout is ever written.
 */
import { gzipSync } from 'fflate';
import type { Affine, Shape3 } from '../core/grid.ts';

export type WritableData = Float32Array | Int32Array | Uint16Array | Uint8Array;

/** NIfTI's intent code for a volume of labels (regions, clusters). */
export const NIFTI_INTENT_LABEL = 1002;

/**
 * Encodes a 3-D volume as gzip-compressed NIfTI-1 (.nii.gz) with sform and
 * qform set to the affine (code 4, MNI), so nibabel, FSL and NiiVue agree on it.
 * `data` is flat C order, like everything in the engine.
 */
export function writeNiftiGz(shape: Shape3, affine: Affine, data: WritableData, description = ''): Uint8Array {
  return gzipSync(writeNifti(shape, affine, data, description), { level: 6 });
}

export function writeNifti(shape: Shape3, affine: Affine, data: WritableData, description = '', intentCode = 0): Uint8Array {
  const [nx, ny, nz] = shape;
  const nVox = nx * ny * nz;
  if (data.length !== nVox) throw new Error(`volume has ${data.length} values, shape needs ${nVox}`);
  const { code, bytes } = datatypeOf(data);
  const voxOffset = 352;
  const out = new Uint8Array(voxOffset + nVox * bytes);
  const h = new DataView(out.buffer);
  h.setInt32(0, 348, true);
  h.setInt16(40, 3, true);
  h.setInt16(42, nx, true);
  h.setInt16(44, ny, true);
  h.setInt16(46, nz, true);
  for (let d = 4; d <= 7; d++) h.setInt16(40 + 2 * d, 1, true);
  h.setInt16(68, intentCode, true);
  h.setInt16(70, code, true);
  h.setInt16(72, bytes * 8, true);
  const zooms = [0, 1, 2].map((c) => Math.hypot(affine[c], affine[4 + c], affine[8 + c]));
  const quaternion = diagonalQuaternion(affine);
  h.setFloat32(76, quaternion.qfac, true);
  for (let d = 0; d < 3; d++) h.setFloat32(80 + 4 * d, zooms[d], true);
  h.setFloat32(108, voxOffset, true);
  h.setFloat32(112, 1, true); // scl_slope
  h.setFloat32(116, 0, true); // scl_inter
  out[123] = 10; // xyzt_units: mm and seconds
  const desc = new TextEncoder().encode(description.slice(0, 79));
  out.set(desc, 148);
  h.setInt16(252, quaternion.ok ? 4 : 0, true); // qform_code
  h.setInt16(254, 4, true); // sform_code: MNI152
  h.setFloat32(256, quaternion.b, true);
  h.setFloat32(260, quaternion.c, true);
  h.setFloat32(264, quaternion.d, true);
  h.setFloat32(268, affine[3], true);
  h.setFloat32(272, affine[7], true);
  h.setFloat32(276, affine[11], true);
  for (let r = 0; r < 3; r++) for (let c = 0; c < 4; c++) h.setFloat32(280 + 16 * r + 4 * c, affine[4 * r + c], true);
  out.set(new TextEncoder().encode('n+1\0'), 344);
  // Voxel data: NIfTI order (i fastest) from our C order (k fastest).
  const body = new DataView(out.buffer, voxOffset);
  let dst = 0;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const v = data[(i * ny + j) * nz + k];
        if (code === 16) body.setFloat32(dst, v, true);
        else if (code === 8) body.setInt32(dst, v, true);
        else if (code === 512) body.setUint16(dst, v, true);
        else body.setUint8(dst, v);
        dst += bytes;
      }
    }
  }
  return out;
}

function datatypeOf(data: WritableData): { code: number; bytes: number } {
  if (data instanceof Float32Array) return { code: 16, bytes: 4 };
  if (data instanceof Int32Array) return { code: 8, bytes: 4 };
  if (data instanceof Uint16Array) return { code: 512, bytes: 2 };
  return { code: 2, bytes: 1 };
}

/**
 * The qform quaternion of an axis-aligned affine. A reflection of one axis
 * needs qfac = −1 (which flips k) combined with a 180° rotation; odd cases
 * that are not diagonal are left to the sform alone.
 */
function diagonalQuaternion(affine: Affine): { b: number; c: number; d: number; qfac: number; ok: boolean } {
  const s = [Math.sign(affine[0]), Math.sign(affine[5]), Math.sign(affine[10])];
  const offDiagonal = [1, 2, 4, 6, 8, 9].some((idx) => Math.abs(affine[idx]) > 1e-9);
  if (offDiagonal || s.includes(0)) return { b: 0, c: 0, d: 0, qfac: 1, ok: false };
  const qfac = s[0] * s[1] * s[2] < 0 ? -1 : 1;
  // Proper rotation R = diag(s) · diag(1, 1, qfac): a diagonal of ±1 with determinant +1.
  const r = [s[0], s[1], s[2] * qfac];
  if (r[0] > 0 && r[1] > 0) return { b: 0, c: 0, d: 0, qfac, ok: true }; // identity
  if (r[0] > 0) return { b: 1, c: 0, d: 0, qfac, ok: true }; // 180° about x
  if (r[1] > 0) return { b: 0, c: 1, d: 0, qfac, ok: true }; // 180° about y
  return { b: 0, c: 0, d: 1, qfac, ok: true }; // 180° about z
}
