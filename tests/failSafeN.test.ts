/** Fail-Safe N on a simulated dataset with one strong and one weak planted cluster. */
import { describe, expect, it } from 'vitest';
import { createNodeWorker } from '../cli/nodeWorkers.ts';
import { analyseObserved } from '../workers/core/observedAnalysis.ts';
import { failSafeN, noiseExperiments } from '../workers/inference/failSafeN.ts';
import { correctFwe } from '../workers/inference/fwe.ts';
import { createGeometry, MNI_2MM_AFFINE, MNI_2MM_SHAPE, worldToVoxel } from '../workers/core/grid.ts';
import { fwhmFromSampleSize } from '../workers/core/kernel.ts';
import { runNullPool } from '../workers/runtime/pool.ts';
import type { PreparedExperiment } from '../workers/core/prepare.ts';
import { Xoshiro128 } from '../workers/inference/rng.ts';

// A small box-shaped brain (80,000 voxels) keeps the test fast and independent of the shipped assets.
const mask = new Uint8Array(MNI_2MM_SHAPE[0] * MNI_2MM_SHAPE[1] * MNI_2MM_SHAPE[2]);
for (let i = 25; i < 65; i++) for (let j = 30; j < 80; j++) for (let k = 25; k < 65; k++) mask[(i * 109 + j) * 91 + k] = 1;
const geometry = createGeometry(MNI_2MM_SHAPE, MNI_2MM_AFFINE, mask);

function experiment(id: string, mm: number[][]): PreparedExperiment {
  const mni = Float64Array.from(mm.flat());
  const ijk = Int32Array.from(mm.flatMap(([x, y, z]) => worldToVoxel(MNI_2MM_AFFINE, x, y, z).map(Math.round)));
  return { id, sampleSize: 20, fwhm: fwhmFromSampleSize(20), mni, ijk };
}

/** 20 experiments: 12 report the strong site, 5 the weak one, all add 4 random foci. */
function plantedDataset(): PreparedExperiment[] {
  const rng = new Xoshiro128(2024, 0);
  const jitter = () => 2 * (rng.nextBelow(3) - 1);
  return Array.from({ length: 20 }, (_, n) => {
    const foci: number[][] = [];
    if (n < 12) foci.push([20 + jitter(), -20 + jitter(), 30 + jitter()]);
    if (n >= 15) foci.push([-20 + jitter(), 10 + jitter(), 10 + jitter()]);
    for (let r = 0; r < 4; r++) foci.push([-36 + 2 * rng.nextBelow(37), -60 + 2 * rng.nextBelow(46), -20 + 2 * rng.nextBelow(38)]);
    return experiment(`study ${String(n + 1).padStart(2, '0')}`, foci);
  });
}

const runNull = (spec: Parameters<typeof runNullPool>[0]) => runNullPool(spec, { iterations: 200, workers: 2, createWorker: createNodeWorker });
const options = { iterations: 200, seed: 9, clusterFormingP: 0.001, connectivity: 6 as const, alpha: 0.05, runNull };

describe('Fail-Safe N', () => {
  it('draws noise experiments from the real ones, inside the mask, reproducibly', () => {
    const real = plantedDataset();
    const a = noiseExperiments(real, 30, geometry, 3);
    expect(a.length).toBe(30);
    expect(noiseExperiments(real, 30, geometry, 3)).toEqual(a);
    for (const e of a) {
      expect([4, 5].includes(e.ijk.length / 3)).toBe(true);
      for (let f = 0; f < e.ijk.length; f += 3) expect(mask[(e.ijk[f] * 109 + e.ijk[f + 1]) * 91 + e.ijk[f + 2]]).toBe(1);
    }
  });

  it('gives the strongly supported cluster a larger FSN than the weak one, and the same number for the same seed', async () => {
    const real = plantedDataset();
    const observed = analyseObserved(real, geometry, options);
    const fwe = correctFwe(observed.ale, observed.clusters.labels, observed.clusters.clusters, await runNull({ shape: geometry.shape, maskedToFlat: geometry.maskedToFlat, kernels: [{ radius: observed.kernels[0].radius, values: observed.kernels[0].values }], experimentKernel: new Int32Array(real.length), experimentFoci: Int32Array.from(real, (e) => e.ijk.length / 3), threshold: observed.threshold, connectivity: 6, seed: 9, tfce: null }));
    const idAt = (x: number, y: number, z: number) => observed.clusters.clusters.find((c) => Math.hypot(c.peak.xyz[0] - x, c.peak.xyz[1] - y, c.peak.xyz[2] - z) < 8)?.id;
    const strong = idAt(20, -20, 30);
    const weak = idAt(-20, 10, 10);
    if (strong === undefined || weak === undefined) throw new Error('planted clusters not found');
    expect(fwe.clusters[strong - 1].pSize).toBeLessThan(0.05);
    expect(fwe.clusters[weak - 1].pSize).toBeLessThan(0.05);

    const [strongFsn, weakFsn] = await failSafeN(real, observed.clusters.labels, [strong, weak], geometry, options);
    expect(strongFsn.fsn).toBeGreaterThan(weakFsn.fsn);
    const again = await failSafeN(real, observed.clusters.labels, [strong], geometry, options);
    expect(again[0]).toEqual(strongFsn);
  });
});
