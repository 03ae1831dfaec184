/**
 * NIfTI-1 reading (through nifti-reader-js, which handles endianness, gzip
 * and the many datatypes) and writing of the float32/int32 maps we produce.
 */
import * as niftiReader from 'nifti-reader-js';
import { gzipSync } from 'fflate';
import type { Affine, Shape3 } from './grid.ts';

export interface Volume {
  shape: Shape3;
  affine: Affine;
  /** Voxel values after scl_slope/scl_inter, flat C order (i slowest, k fastest). */
  data: Float64Array;
}

/** Parses a .nii or .nii.gz file into a 3-D volume; throws a message naming `name` on any problem. */
export function readNifti(bytes: Uint8Array, name: string): Volume {
  let buffer: ArrayBuffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    if (niftiReader.isCompressed(buffer)) buffer = niftiReader.decompress(buffer) as ArrayBuffer;
  } catch (err) {
    throw new Error(`${name}: not a readable gzip file (${(err as Error).message})`);
  }
  if (!niftiReader.isNIFTI(buffer)) throw new Error(`${name}: not a NIfTI-1 or NIfTI-2 file`);
  const header = niftiReader.readHeader(buffer);
  if (!header) throw new Error(`${name}: unreadable NIfTI header`);
  const dims = header.dims;
  const nDims = dims[0];
  const extra = dims.slice(4, 1 + nDims).reduce((a: number, b: number) => a * Math.max(b, 1), 1);
  if (nDims < 3 || extra !== 1) throw new Error(`${name}: expected a 3-D volume, got dimensions ${dims.slice(1, 1 + nDims).join('×')}`);
  const shape: Shape3 = [dims[1], dims[2], dims[3]];
  const image = niftiReader.readImage(header, buffer);
  const values = typedView(header.datatypeCode, image, header.littleEndian, name);
  const nVox = shape[0] * shape[1] * shape[2];
  if (values.length < nVox) throw new Error(`${name}: image data is truncated (${values.length} of ${nVox} voxels)`);
  const slope = header.scl_slope && Number.isFinite(header.scl_slope) ? header.scl_slope : 1;
  const inter = Number.isFinite(header.scl_inter) ? header.scl_inter : 0;
  // NIfTI stores i fastest; the engine uses C order (k fastest), as NumPy does after nibabel.
  const data = new Float64Array(nVox);
  const [nx, ny, nz] = shape;
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const src = i + nx * (j + ny * k);
        data[(i * ny + j) * nz + k] = values[src] * slope + inter;
      }
    }
  }
  const affine = Float64Array.from((header.affine as number[][]).flat());
  return { shape, affine, data };
}

function typedView(code: number, image: ArrayBuffer, littleEndian: boolean, name: string): ArrayLike<number> {
  const T = niftiReader.NIFTI1;
  const view = new DataView(image);
  const read = (bytes: number, get: (offset: number) => number) => {
    const n = Math.floor(image.byteLength / bytes);
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) out[i] = get(i * bytes);
    return out;
  };
  switch (code) {
    case T.TYPE_UINT8: return new Uint8Array(image);
    case T.TYPE_INT8: return new Int8Array(image);
    case T.TYPE_INT16: return read(2, (o) => view.getInt16(o, littleEndian));
    case T.TYPE_UINT16: return read(2, (o) => view.getUint16(o, littleEndian));
    case T.TYPE_INT32: return read(4, (o) => view.getInt32(o, littleEndian));
    case T.TYPE_UINT32: return read(4, (o) => view.getUint32(o, littleEndian));
    case T.TYPE_FLOAT32: return read(4, (o) => view.getFloat32(o, littleEndian));
    case T.TYPE_FLOAT64: return read(8, (o) => view.getFloat64(o, littleEndian));
    default: throw new Error(`${name}: NIfTI datatype ${code} is not supported`);
  }
}

export type WritableData = Float32Array | Int32Array | Uint8Array;

/**
 * Encodes a 3-D volume as gzip-compressed NIfTI-1 (.nii.gz) with sform and
 * qform set to the affine (code 4, MNI), so nibabel, FSL and NiiVue agree on it.
 * `data` is flat C order, like everything in the engine.
 */
export function writeNiftiGz(shape: Shape3, affine: Affine, data: WritableData, description = ''): Uint8Array {
  return gzipSync(writeNifti(shape, affine, data, description), { level: 6 });
}

export function writeNifti(shape: Shape3, affine: Affine, data: WritableData, description = ''): Uint8Array {
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
