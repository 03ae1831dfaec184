/**
 * TFCE against a direct evaluation of its definition (a labelling per level)
 * on hand-made maps: every voxel's value, and the maximum the Monte Carlo keeps.
 */
import { describe, expect, it } from 'vitest';
import type { Shape3 } from '../workers/core/grid.ts';
import { Xoshiro128 } from '../workers/inference/rng.ts';
import { JALE_TFCE, TfceSweep, tfceLevels, type TfceOptions } from '../workers/inference/tfce.ts';
import { direct } from './support/tfceDirect.ts';

const all = (n: number) => Int32Array.from({ length: n }, (_, f) => f);

describe('TFCE', () => {
  it('takes 100 levels from 0 below the maximum, as np.arange(0, max, max / 100)', () => {
    expect(tfceLevels(5)).toEqual({ dh: 0.05, count: 100 });
    expect(tfceLevels(0)).toEqual({ dh: 0, count: 0 });
    expect(JALE_TFCE).toEqual({ extent: 0.5, height: 2, voxelVolume: 1 });
  });

  it('gives a lone voxel of z the sum over levels below it of h² · dh (an extent of one voxel)', () => {
    const z = new Float64Array(27);
    z[13] = 2;
    const { dh } = tfceLevels(2);
    let expected = 0;
    for (let k = 0; k < 100; k++) expected += (k * dh) ** 2 * dh;
    const values = new TfceSweep([3, 3, 3]).map(all(27), z);
    expect(values[13]).toBeCloseTo(expected, 12);
    expect(values.filter((_, f) => f !== 13).every((v) => v === 0)).toBe(true);
  });

  it.each([1, 2, 3])('equals the direct evaluation voxel by voxel on a random map of blobs (seed %i)', (seed) => {
    const shape: Shape3 = [14, 12, 10];
    const n = 14 * 12 * 10;
    const rng = new Xoshiro128(seed, 0);
    const z = new Float64Array(n);
    // A few Gaussian blobs plus noise, negative values included (they count as 0).
    const blobs = Array.from({ length: 5 }, () => [rng.nextBelow(14), rng.nextBelow(12), rng.nextBelow(10), 1 + rng.nextBelow(4)]);
    for (let f = 0; f < n; f++) {
      const [i, j, k] = [Math.floor(f / 120), Math.floor(f / 10) % 12, f % 10];
      z[f] = blobs.reduce((s, [a, b, c, height]) => s + height * Math.exp(-((i - a) ** 2 + (j - b) ** 2 + (k - c) ** 2) / 6), 0) + (rng.nextBelow(1000) - 500) / 1000;
    }
    const sweep = new TfceSweep(shape);
    const expected = direct(shape, z);
    const values = sweep.map(all(n), z);
    let worst = 0;
    for (let f = 0; f < n; f++) worst = Math.max(worst, Math.abs(values[f] - expected[f]) / Math.max(1, expected[f]));
    expect(worst).toBeLessThan(1e-12);
    expect(expected.filter((v) => v > 0).length).toBeGreaterThan(100);
    const top = expected.reduce((a, b) => Math.max(a, b), 0);
    expect(sweep.maximum(all(n), z)).toBeCloseTo(top, 9);
    // The sweep leaves no state behind: the same map again gives the same values.
    expect(sweep.map(all(n), z)).toEqual(values);
  });

  it('works on a subset of the grid (the mask), in the order given', () => {
    const shape: Shape3 = [5, 5, 5];
    const z = new Float64Array(125);
    for (let f = 0; f < 125; f++) z[f] = (f % 7) / 2;
    const inMask = Int32Array.from(Array.from(z.keys()).filter((f) => f % 3 !== 0));
    const masked = Float64Array.from(inMask, (f) => z[f]);
    const full = direct(shape, Float64Array.from(z, (v, f) => (f % 3 !== 0 ? v : 0)));
    const values = new TfceSweep(shape).map(inMask, masked);
    inMask.forEach((f, t) => expect(values[t]).toBeCloseTo(full[f], 9));
  });

  /**
   * Plateaus of 2×2×2 voxels whose z sit exactly on levels of a maximum of 1
   * (0.03 = 3·dh, and 0.07 = 7·dh whose z / dh rounds above 7) or one float
   * above one (0.030000000000000002, whose z / dh still rounds to 3), with the
   * top plateau at voxel 0: the strict z > h decides every tie, as in the
   * direct evaluation.
   */
  const plateaus = (seed: number) => {
    const shape: Shape3 = [8, 8, 8];
    const values = [-0.2, 0, 0.01, 0.03, 0.030000000000000002, 0.07, 0.5, 0.5, 1];
    const rng = new Xoshiro128(seed, 0);
    const block = Array.from({ length: 64 }, () => values[rng.nextBelow(values.length)]);
    block[0] = 1;
    const z = Float64Array.from({ length: 512 }, (_, f) => block[16 * (f >> 7) + 4 * ((f >> 4) & 3) + ((f & 7) >> 1)]);
    return { shape, z };
  };

  it.each([4, 5, 6])('equals the direct evaluation on plateaus that tie with the levels (seed %i)', (seed) => {
    const { shape, z } = plateaus(seed);
    const expected = direct(shape, z);
    const sweep = new TfceSweep(shape);
    const values = sweep.map(all(512), z);
    for (let f = 0; f < 512; f++) expect(Math.abs(values[f] - expected[f])).toBeLessThanOrEqual(1e-12 * Math.max(1, expected[f]));
    // Both sides of a tie are in the map, so a rule of z ≥ h, or a level read off z / dh alone, would differ.
    expect(z).toContain(0.03);
    expect(z).toContain(0.07);
    expect(z).toContain(0.030000000000000002);
    expect(sweep.maximum(all(512), z)).toBeCloseTo(expected.reduce((a, b) => Math.max(a, b), 0), 12);
  });

  it('takes other exponents and an extent in mm³ (an older JALE: E = 0.6, 8 mm³ voxels)', () => {
    const { shape, z } = plateaus(7);
    const older: TfceOptions = { extent: 0.6, height: 2, voxelVolume: 8 };
    const expected = direct(shape, z, older);
    const values = new TfceSweep(shape, older).map(all(512), z);
    for (let f = 0; f < 512; f++) expect(Math.abs(values[f] - expected[f])).toBeLessThanOrEqual(1e-12 * Math.max(1, expected[f]));
    expect(Math.max(...values)).toBeGreaterThan(Math.max(...direct(shape, z)) * 3);
  });
});
