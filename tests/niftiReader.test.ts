/**
 * Known answers for the NIfTI reader that masks and reference maps go
 * through: every datatype it takes, the header's scaling (and NIfTI's rule
 * that a slope of 0 means none), NIfTI's i-fastest order turned into the
 * engine's C order on a grid whose three sides differ, and a message naming
 * the file for each thing it refuses.
 */
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MNI_2MM_AFFINE } from '../workers/core/grid.ts';
import { readNifti } from '../workers/input/nifti.ts';
import { writeNifti } from '../workers/reports/niftiWriter.ts';

const SHAPE = [3, 2, 2] as const;
/** A value per voxel that tells the three axes apart. */
const valueAt = (i: number, j: number, k: number) => 4 * i + 2 * j + k;

/** A NIfTI-1 file on SHAPE with `code`'s voxels written in NIfTI order (i fastest), little-endian. */
function niftiOf(code: number, bytes: number, put: (view: DataView, offset: number, value: number) => void, value = valueAt): Uint8Array {
  const header = writeNifti([...SHAPE], MNI_2MM_AFFINE, new Float32Array(12)).slice(0, 352);
  const view = new DataView(header.buffer);
  view.setInt16(70, code, true);
  view.setInt16(72, bytes * 8, true);
  const body = new DataView(new ArrayBuffer(12 * bytes));
  let offset = 0;
  for (let k = 0; k < SHAPE[2]; k++) for (let j = 0; j < SHAPE[1]; j++) for (let i = 0; i < SHAPE[0]; i++, offset += bytes) put(body, offset, value(i, j, k));
  return Uint8Array.from([...header, ...new Uint8Array(body.buffer)]);
}

/** The values readNifti should give, in C order (k fastest). */
const expected = (value = valueAt, map = (v: number) => v) => {
  const out: number[] = [];
  for (let i = 0; i < SHAPE[0]; i++) for (let j = 0; j < SHAPE[1]; j++) for (let k = 0; k < SHAPE[2]; k++) out.push(map(value(i, j, k)));
  return out;
};

const edit = (bytes: Uint8Array, change: (view: DataView) => void) => {
  const copy = bytes.slice();
  change(new DataView(copy.buffer));
  return copy;
};

const float32 = () => niftiOf(16, 4, (v, o, x) => v.setFloat32(o, x, true));

describe('reading NIfTI', () => {
  const negative = (i: number, j: number, k: number) => -valueAt(i, j, k) - 0.5;
  it.each([
    ['uint8', 2, 1, (v: DataView, o: number, x: number) => v.setUint8(o, x + 200), (x: number) => x + 200],
    ['int8', 256, 1, (v: DataView, o: number, x: number) => v.setInt8(o, -x - 1), (x: number) => -x - 1],
    ['int16', 4, 2, (v: DataView, o: number, x: number) => v.setInt16(o, -1000 * x - 7, true), (x: number) => -1000 * x - 7],
    ['uint16', 512, 2, (v: DataView, o: number, x: number) => v.setUint16(o, 60000 + x, true), (x: number) => 60000 + x],
    ['int32', 8, 4, (v: DataView, o: number, x: number) => v.setInt32(o, -100000 * x - 3, true), (x: number) => -100000 * x - 3],
    ['uint32', 768, 4, (v: DataView, o: number, x: number) => v.setUint32(o, 4e9 + x, true), (x: number) => 4e9 + x],
    ['float64', 64, 8, (v: DataView, o: number, x: number) => v.setFloat64(o, x / 3, true), (x: number) => x / 3],
  ] as const)('reads %s voxels in C order', (_, code, bytes, put, map) => {
    const volume = readNifti(niftiOf(code, bytes, put), 'v.nii');
    expect(volume.shape).toEqual([...SHAPE]);
    expect(Array.from(volume.data)).toEqual(expected(valueAt, map));
    expect(Array.from(volume.affine)).toEqual(Array.from(MNI_2MM_AFFINE));
  });

  it('reads float32 voxels, gzip-compressed or not', () => {
    const bytes = niftiOf(16, 4, (v, o, x) => v.setFloat32(o, x, true), negative);
    expect(Array.from(readNifti(bytes, 'v.nii').data)).toEqual(expected(negative));
    expect(Array.from(readNifti(gzipSync(bytes), 'v.nii.gz').data)).toEqual(expected(negative));
  });

  it('applies scl_slope and scl_inter, and takes a slope of 0 or NaN (and an inter of NaN) as none', () => {
    const scaled = (slope: number, inter: number) => Array.from(readNifti(edit(float32(), (h) => (h.setFloat32(112, slope, true), h.setFloat32(116, inter, true))), 's.nii').data);
    expect(scaled(2, -1)).toEqual(expected(valueAt, (x) => 2 * x - 1));
    expect(scaled(0, 3)).toEqual(expected(valueAt, (x) => x + 3));
    expect(scaled(Number.NaN, Number.NaN)).toEqual(expected());
  });

  it('takes a 4-D file with one volume, and refuses more volumes or fewer than three dimensions', () => {
    const dims = (n: number, t: number) => edit(float32(), (h) => (h.setInt16(40, n, true), h.setInt16(48, t, true)));
    expect(Array.from(readNifti(dims(4, 1), 'one.nii').data)).toEqual(expected());
    expect(() => readNifti(dims(4, 2), 'two.nii')).toThrow(/^two\.nii: expected a 3-D volume, got dimensions 3×2×2×2$/);
    expect(() => readNifti(dims(2, 1), 'flat.nii')).toThrow(/^flat\.nii: expected a 3-D volume, got dimensions 3×2$/);
  });

  it('names a file whose image is cut short, whose datatype it does not read, or which is not NIfTI at all', () => {
    expect(() => readNifti(float32().slice(0, 352 + 11 * 4), 'cut.nii')).toThrow(/^cut\.nii: image data is truncated \(11 of 12 voxels\)$/);
    const rgb = edit(float32(), (h) => (h.setInt16(70, 128, true), h.setInt16(72, 24, true)));
    expect(() => readNifti(rgb, 'rgb.nii')).toThrow(/^rgb\.nii: NIfTI datatype 128 is not supported$/);
    expect(() => readNifti(new TextEncoder().encode('x'.repeat(400)), 'text.nii')).toThrow(/^text\.nii: not a NIfTI-1 or NIfTI-2 file$/);
    expect(() => readNifti(Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6]), 'broken.nii.gz')).toThrow(/^broken\.nii\.gz: not a readable gzip file \(/);
  });
});
