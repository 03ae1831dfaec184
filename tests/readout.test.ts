/** The viewer's readout: values under a point, the contrast's among them, and how the contrast is said. */
import { describe, expect, it } from 'vitest';
import { contrastText, readoutAt } from '../app/viewer/readout.ts';
import type { FinishedRun } from '../workers/analysis/index.ts';

// A 2 × 2 × 2 grid of 2 mm voxels whose first voxel's centre is at the origin.
const affine = [2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1];
const run = {
  shape: [2, 2, 2],
  affine,
  volumes: { ale: Float32Array.from({ length: 8 }, (_, m) => m / 4), z: Float32Array.from({ length: 8 }, (_, m) => m), labels: Int32Array.from([0, 0, 0, 0, 0, 0, 0, 3]) },
} as unknown as FinishedRun;
const contrast = { gated: Float32Array.from([0, 0, 0, 0, 0, 2.5, 0, -3.25]), conjunction: Float32Array.from([0, 0, 0, 0, 0, 0, 0, 4.125]) };

describe('the readout', () => {
  it('reads every layer at the voxel under a point, the contrast too (k fastest: voxel (1, 1, 1) is the last)', () => {
    const r = readoutAt([2, 2, 2], run, null, contrast);
    expect(r.voxel).toEqual([1, 1, 1]);
    expect(r).toMatchObject({ ale: 1.75, z: 7, cluster: 3, contrast: { gated: -3.25, conjunction: 4.125 } });
    expect(readoutAt([2, 0, 2], run, null, contrast).contrast).toEqual({ gated: 2.5, conjunction: 0 });
    expect(readoutAt([2, 2, 2], run, null).contrast).toBeNull();
    expect(readoutAt([2, 2, 2], null, null, contrast).contrast).toBeNull();
  });

  it('says the direction that holds at the point, and a dash where nothing survived', () => {
    expect(contrastText({ gated: -3.25, conjunction: 4.125 })).toBe('B > A z 3.25 · A and B z 4.13');
    expect(contrastText({ gated: 2.5, conjunction: 0 })).toBe('A > B z 2.50 · A and B z —');
    expect(contrastText({ gated: 0, conjunction: 0 })).toBe('A vs B — · A and B z —');
  });
});
