/**
 * One Monte-Carlo iteration's supra-threshold bookkeeping with known answers: which offered values count, the
 * largest ALE, the largest cluster's size and mass (strictly above the float32 threshold, masses summed in grid
 * order), the voxels TFCE adds between its floor and the threshold, and the limits the engines prune with.
 */
import { describe, expect, it } from 'vitest';
import { reachOf, supraLogLimit, SupraThresholdVoxels } from '../workers/inference/monteCarlo/supraThreshold.ts';
import { TfceSweep } from '../workers/inference/tfce.ts';
import type { Shape3 } from '../workers/core/grid.ts';

const shape: Shape3 = [3, 3, 3];
const at = (i: number, j: number, k: number) => (i * 3 + j) * 3 + k;
const t32 = Math.fround(0.1);

describe('the supra-threshold voxels of one iteration', () => {
  it('count values strictly above the float32 threshold, and give the largest cluster’s size and mass', () => {
    const supra = new SupraThresholdVoxels({ shape, connectivity: 6, threshold: 0.1, tfce: null });
    expect(supra.threshold32).toBe(t32);
    expect(supra.reach32).toBe(t32);
    // Offered out of grid order: masses are still summed in grid order, (0.25 − t) + (0.5 − t).
    supra.offer(at(0, 0, 1), 0.5);
    supra.offer(at(2, 2, 2), 0.375);
    supra.offer(at(0, 0, 0), 0.25);
    supra.offer(at(1, 1, 1), 0.05);
    supra.offer(at(2, 0, 0), t32);
    expect(supra.count).toBe(3);
    expect(supra.maxima()).toEqual({ maxAle: 0.5, maxSize: 2, maxMass: 0.25 - 0.1 + (0.5 - 0.1) });
  });

  it('sum a cluster’s mass in grid order, whatever order the voxels were offered in', () => {
    const supra = new SupraThresholdVoxels({ shape, connectivity: 6, threshold: 0.1, tfce: null });
    const values = [0.5, 0.5, Math.fround(0.3)];
    for (const k of [2, 1, 0]) supra.offer(at(1, 1, k), values[k]);
    const inGridOrder = values[0] - 0.1 + (values[1] - 0.1) + (values[2] - 0.1);
    // In the order offered the last bit differs: a test of the order, not only of the sum.
    expect(values[2] - 0.1 + (values[1] - 0.1) + (values[0] - 0.1)).not.toBe(inGridOrder);
    expect(supra.maxima().maxMass).toBe(inGridOrder);
  });

  it('keep the largest size and the largest mass even when two different clusters hold them', () => {
    const supra = new SupraThresholdVoxels({ shape, connectivity: 6, threshold: 0.1, tfce: null });
    for (const k of [0, 1, 2]) supra.offer(at(0, 0, k), 0.125);
    supra.offer(at(2, 2, 2), 0.875);
    const m = supra.maxima();
    expect(m.maxSize).toBe(3);
    expect(m.maxMass).toBeCloseTo(0.775, 12);
    expect(m.maxAle).toBe(0.875);
  });

  it('join diagonal neighbours only with 26-connectivity', () => {
    const offerDiagonal = (connectivity: 6 | 26) => {
      const supra = new SupraThresholdVoxels({ shape, connectivity, threshold: 0.1, tfce: null });
      supra.offer(at(0, 0, 0), 0.5);
      supra.offer(at(1, 1, 1), 0.5);
      return supra.maxima().maxSize;
    };
    expect(offerDiagonal(6)).toBe(1);
    expect(offerDiagonal(26)).toBe(2);
  });

  it('give zero sizes and the largest value seen when nothing passes, and start afresh after a reset', () => {
    const supra = new SupraThresholdVoxels({ shape, connectivity: 6, threshold: 0.1, tfce: null });
    supra.offer(at(1, 1, 1), 0.0625);
    supra.offerMaximum(0.09);
    supra.offerMaximum(0.01);
    expect(supra.count).toBe(0);
    expect(supra.maxima()).toEqual({ maxAle: 0.09, maxSize: 0, maxMass: 0 });
    supra.offer(at(0, 0, 0), 0.5);
    supra.offerMaximum(0.25);
    supra.reset();
    expect(supra.count).toBe(0);
    expect(supra.maxima()).toEqual({ maxAle: 0, maxSize: 0, maxMass: 0 });
  });

  it('grow past their first 4,096 voxels', () => {
    const big: Shape3 = [1, 50, 100];
    const supra = new SupraThresholdVoxels({ shape: big, connectivity: 6, threshold: 0.1, tfce: null });
    for (let v = 4999; v >= 0; v--) supra.offer(v, v === 4321 ? 0.75 : 0.5);
    const m = supra.maxima();
    expect(m.maxSize).toBe(5000);
    expect(m.maxAle).toBe(0.75);
    expect(m.maxMass).toBeCloseTo(4999 * 0.4 + 0.65, 8);
  });

  it('add the voxels between TFCE’s floor and the threshold to the TFCE, reading z by the nearest bin', () => {
    const tfce = { zByBin: Float32Array.from([0, 1, 2, 3, 4, 5]), invStep: 10, floor: 0.05 };
    const supra = new SupraThresholdVoxels({ shape, connectivity: 6, threshold: 0.1, tfce });
    expect(supra.reach32).toBe(Math.fround(0.05));
    supra.offer(at(0, 0, 0), 0.5);
    supra.offer(at(0, 0, 1), 0.25);
    supra.offer(at(0, 0, 2), 0.0625);
    supra.offer(at(2, 2, 2), 0.03125);
    // Beyond the null's last bin (round(8.75) = 9): the last bin's z.
    supra.offer(at(0, 1, 0), 0.875);
    expect(supra.count).toBe(4);
    // Bins round(5) = 5, round(2.5) = 3 and round(0.625) = 1; the voxel at or below the floor adds nothing.
    const expected = new TfceSweep(shape).maximum(Int32Array.from([at(0, 0, 0), at(0, 0, 1), at(0, 0, 2), at(0, 1, 0)]), [5, 3, 1, 5]);
    const m = supra.maxima();
    expect(m.maxTfce).toBe(expected);
    expect(expected).toBeGreaterThan(new TfceSweep(shape).maximum(Int32Array.from([at(0, 0, 0), at(0, 0, 1), at(0, 1, 0)]), [5, 3, 5]));
    expect({ maxAle: m.maxAle, maxSize: m.maxSize, maxMass: m.maxMass }).toEqual({ maxAle: 0.875, maxSize: 3, maxMass: 0.5 - 0.1 + (0.25 - 0.1) + (0.875 - 0.1) });
  });

  it('prune with a log-sum limit a hair above the threshold’s, and reach down to TFCE’s floor only when it is lower', () => {
    expect(supraLogLimit(0.02)).toBe(Math.log1p(-0.02 * (1 - 1e-6)));
    expect(supraLogLimit(0.02)).toBeGreaterThan(Math.log1p(-0.02));
    expect(reachOf({ threshold: 0.1, tfce: null })).toBe(t32);
    expect(reachOf({ threshold: 0.1, tfce: { zByBin: new Float32Array(1), invStep: 1, floor: 0.03 } })).toBe(Math.fround(0.03));
    expect(reachOf({ threshold: 0.1, tfce: { zByBin: new Float32Array(1), invStep: 1, floor: 0.2 } })).toBe(t32);
  });
});
