/**
 * The NIfTI files we write, read back by nifti-reader-js: header fields, the
 * voxel order, every datatype, and a qform that rebuilds the affine for all
 * eight axis flips (so FSL, which reads the qform, agrees with nibabel).
 */
import * as nifti from 'nifti-reader-js';
import { gunzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeNifti, writeNiftiGz } from '../workers/reports/niftiWriter.ts';

const header = (bytes: Uint8Array) => nifti.readHeader(bytes.slice().buffer) as nifti.NIFTI1;

describe('written NIfTI-1', () => {
  const shape: [number, number, number] = [2, 3, 4];
  const affine = Float64Array.from([2, 0, 0, -90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1]);

  it('has the header nibabel, FSL and NiiVue expect', () => {
    const bytes = writeNifti(shape, affine, new Float32Array(24), 'ALE map');
    const h = header(bytes);
    expect(nifti.isNIFTI1(bytes.slice().buffer)).toBe(true);
    expect(h.dims.slice(0, 8)).toEqual([3, 2, 3, 4, 1, 1, 1, 1]);
    expect([h.datatypeCode, h.numBitsPerVoxel, h.vox_offset, h.scl_slope, h.scl_inter]).toEqual([16, 32, 352, 1, 0]);
    expect(h.pixDims.slice(1, 4)).toEqual([2, 2, 2]);
    expect([h.xyzt_units, h.qform_code, h.sform_code, h.description]).toEqual([10, 4, 4, 'ALE map']);
    expect(h.affine.slice(0, 3)).toEqual([[2, 0, 0, -90], [0, 2, 0, -126], [0, 0, 2, -72]]);
    expect(bytes.length).toBe(352 + 24 * 4);
    expect(new TextDecoder().decode(bytes.slice(344, 347))).toBe('n+1');
    expect(h.intent_code).toBe(0);
  });

  it('marks a label volume with NIfTI\'s label intent, which NiiVue needs to outline it', () => {
    expect(header(writeNifti(shape, affine, new Uint16Array(24), 'labels', 1002)).intent_code).toBe(1002);
  });

  it('stores voxels with i fastest, from our k-fastest order, for every datatype', () => {
    const c = (i: number, j: number, k: number) => (i * 3 + j) * 4 + k;
    for (const [Type, code, bits] of [[Float32Array, 16, 32], [Int32Array, 8, 32], [Uint16Array, 512, 16], [Uint8Array, 2, 8]] as const) {
      const data = new Type(24).map((_, f) => f);
      const bytes = writeNifti(shape, affine, data);
      const h = header(bytes);
      expect([h.datatypeCode, h.numBitsPerVoxel]).toEqual([code, bits]);
      const image = new Type(bytes.slice(352).buffer);
      // NIfTI index i + 2 (j + 3 k).
      expect([image[0], image[1], image[2], image[2 * 1 + 6 * 1], image[1 + 2 * 2 + 6 * 3]]).toEqual([c(0, 0, 0), c(1, 0, 0), c(0, 1, 0), c(0, 1, 1), c(1, 2, 3)]);
    }
  });

  it.each([
    [1, 1, 1],
    [-1, 1, 1],
    [1, -1, 1],
    [1, 1, -1],
    [-1, -1, 1],
    [-1, 1, -1],
    [1, -1, -1],
    [-1, -1, -1],
  ])('sets a qform that rebuilds the affine with axis signs %i, %i, %i', (sx, sy, sz) => {
    const flipped = Float64Array.from([2 * sx, 0, 0, 90, 0, 2 * sy, 0, -126, 0, 0, 2 * sz, -72, 0, 0, 0, 1]);
    const h = header(writeNifti(shape, flipped, new Float32Array(24)));
    expect(h.qform_code).toBe(4);
    const q = h.convertNiftiQFormToNiftiSForm(h.quatern_b, h.quatern_c, h.quatern_d, h.qoffset_x, h.qoffset_y, h.qoffset_z, h.pixDims[1], h.pixDims[2], h.pixDims[3], h.pixDims[0]);
    expect(q.slice(0, 3).map((row) => row.map((v) => Math.round(v * 1e6) / 1e6 + 0))).toEqual([
      [2 * sx, 0, 0, 90],
      [0, 2 * sy, 0, -126],
      [0, 0, 2 * sz, -72],
    ]);
  });

  it('leaves an oblique affine to the sform, and refuses data of the wrong length', () => {
    const oblique = Float64Array.from([2, 0.1, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    expect(header(writeNifti(shape, oblique, new Float32Array(24))).qform_code).toBe(0);
    expect(() => writeNifti(shape, affine, new Float32Array(23))).toThrow('volume has 23 values, shape needs 24');
  });

  it('gzips the same bytes', () => {
    const data = Float32Array.from({ length: 24 }, (_, f) => f / 7);
    expect(gunzipSync(writeNiftiGz(shape, affine, data, 'x'))).toEqual(writeNifti(shape, affine, data, 'x'));
  });
});
