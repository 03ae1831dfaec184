/**
 * NIfTI-1/2 reading through nifti-reader-js, which handles endianness, gzip
 * and the many datatypes.
 */
import * as niftiReader from 'nifti-reader-js';
import type { Affine, Shape3 } from '../core/grid.ts';

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
