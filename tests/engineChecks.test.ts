/**
 * Checks that fail when the engine is wrong in ways the other tests let
 * through: NiMARE HEAD's float32 maps bit for bit, NumPy's rounding, Python's
 * ordering, the normal quantiles, the sub-peak rule, and a contrast small
 * enough to compute by hand.
 */
import { describe, expect, it } from 'vitest';
import { analyseObserved, createGeometry, inverseNormalCdf, observedClusters, prepareInput, roundHalfEven, snapToVoxel, MNI_2MM_AFFINE } from '../workers/core/index.ts';
import { finishSubtraction, gatedContrast, permutationCounts, Xoshiro128, type Subtraction, type SubtractionModel } from '../workers/inference/index.ts';
import { compareCodePoints } from '../workers/input/index.ts';
import { hasReference, loadDataset, painGeometry, readReferenceNifti } from './support/reference.ts';

const f32ulps = (a: number, b: number) => {
  const i = new Int32Array(Float32Array.from([a, b]).buffer);
  return Math.abs(i[0] - i[1]);
};

describe.skipIf(!hasReference)("NiMARE HEAD's float32 maps on the pain data", () => {
  it('are our ALE bit for bit where ALE ≥ 1e-5, within one float32 ulp down to 1e-8, and our p and z at all but 2 voxels', () => {
    const geometry = painGeometry();
    const prepared = prepareInput(loadDataset('pain/nidm_pain_dset.json'), geometry, { snap: 'trunc', talTransform: 'other', outsideMask: 'keep' });
    if (!prepared.ok) throw new Error('prepare failed');
    const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
    const head = (name: string) => readReferenceNifti(`pain/head_fdb11f05_fwe_niters-1000/${name}.nii.gz`).data;
    const [ale, p, z] = [head('ale_stat'), head('ale_p'), head('ale_z')];
    let exact = 0;
    let loose = 0;
    let pDiffer = 0;
    let zDiffer = 0;
    for (let m = 0; m < geometry.nMasked; m++) {
      const f = geometry.maskedToFlat[m];
      if (ale[f] >= 1e-5 && f32ulps(observed.ale[m], ale[f]) > 0) exact++;
      if (ale[f] >= 1e-8 && f32ulps(observed.ale[m], ale[f]) > 1) loose++;
      if (f32ulps(observed.maps.p[m], p[f]) > 0) pDiffer++;
      if (f32ulps(observed.maps.z[m], z[f]) > 0) zDiffer++;
    }
    expect(exact).toBe(0);
    expect(loose).toBe(0);
    // NumPy 1.24 multiplies ALE by the bin factor in float32 at the lookup; NumPy ≥ 2 (and we) do it in float64.
    expect(pDiffer).toBeLessThanOrEqual(2);
    expect(zDiffer).toBeLessThanOrEqual(2);
  });
});

describe('rounding, ordering and quantiles as NumPy, Python and SciPy do them', () => {
  it('rounds halves to even, as np.round, for the default nearest-voxel snap', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 2.5001].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, 3]);
    // x = −89 mm is voxel 0.5 on the MNI grid (x = 2i − 90): it snaps to 0, not 1 (Math.round would say 1).
    expect(snapToVoxel(MNI_2MM_AFFINE, -89, -123, -69, 'nearest')).toEqual([0, 2, 2]);
  });

  it('orders experiment ids by code point, as Python sorts them (not by locale)', () => {
    const ids = ['b', 'B', 'a', 'é', 'e', 'Z', '10', '9', 'Smith-b', 'Smith 2'];
    expect([...ids].sort(compareCodePoints)).toEqual(['10', '9', 'B', 'Smith 2', 'Smith-b', 'Z', 'a', 'b', 'e', 'é']);
    expect(compareCodePoints('a\u{1F600}', 'a\uFFFF')).toBeGreaterThan(0);
  });

  it.each([
    [0.975, 1.959963984540054],
    [0.999, 3.090232306167813],
    [0.5, 0],
    [1e-10, -6.361340902404056],
    [0.3, -0.5244005127080407],
  ])('gives Φ⁻¹(%f) = %f as scipy.special.ndtri', (p, z) => {
    expect(inverseNormalCdf(p)).toBeCloseTo(z, 13);
  });
});

describe('sub-peaks (nilearn get_clusters_table)', () => {
  it('finds plateaus of maxima as nilearn does, and pares peaks by the last kept one', () => {
    const shape = [30, 10, 10] as const;
    const mask = new Uint8Array(3000).fill(1);
    const geometry = createGeometry(shape, MNI_2MM_AFFINE, mask);
    const ale = new Float32Array(geometry.nMasked);
    const at = (i: number) => (i * 10 + 5) * 10 + 5;
    // A ridge along i with maxima at i = 5 (strongest), i = 8 (6 mm away) and i = 10 (10 mm away).
    for (let i = 2; i <= 14; i++) ale[at(i)] = 0.01;
    ale[at(5)] = 0.05;
    ale[at(8)] = 0.04;
    ale[at(10)] = 0.045;
    const { clusters } = observedClusters(ale, ale, 0.005, geometry, 6);
    expect(clusters).toHaveLength(1);
    expect(clusters[0].peak.ijk).toEqual([5, 5, 5]);
    // Peaks by strength: 5, 10, 8 (4 mm from 10: dropped), the plateau 2–3 (0.01; centre 2.5, rounded
    // half to even: 2) and the plateau 12–14 (centre 13); i = 4 and 11 touch stronger voxels.
    expect(clusters[0].subPeaks.map((p) => p.ijk[0])).toEqual([10, 2, 13]);
  });
});

describe('a contrast small enough to check by hand', () => {
  // One voxel, four experiments: two in each group. A's terms are log(1 − 0.3) and log(1 − 0.2); B's log(1 − 0.1) twice.
  const logs = [0.3, 0.2, 0.1, 0.1].map((ma) => Math.fround(Math.log1p(-ma)));
  const ale = (members: number[]) => Math.fround(1 - Math.exp(members.reduce((s, e) => s + logs[e], 0)));
  const observed = Math.fround(ale([0, 1]) - ale([2, 3]));
  const model: SubtractionModel = {
    support: Int32Array.of(0),
    terms: logs.map((log) => ({ at: Int32Array.of(0), log: Float64Array.of(log) })),
    observed: Float32Array.of(observed),
    nPooled: 4,
    firstGroupIsA: true,
    nFirst: 2,
    seed: 3,
  };

  it('counts, for each permutation, differences strictly above and below the observed one', () => {
    const n = 400;
    const counts = permutationCounts(model, 0, n);
    let greater = 0;
    let less = 0;
    for (let i = 0; i < n; i++) {
      // The permutation's partition, rebuilt from its stream: the first two shuffled positions are group A.
      const rng = new Xoshiro128(3, i);
      const order = [0, 1, 2, 3];
      for (let k = 3; k > 0; k--) {
        const r = rng.nextBelow(k + 1);
        [order[k], order[r]] = [order[r], order[k]];
      }
      const a = order.slice(0, 2);
      const d = Math.fround(ale(a) - ale(order.slice(2)));
      if (d > observed) greater++;
      else if (d < observed) less++;
    }
    expect([counts.greater[0], counts.less[0]]).toEqual([greater, less]);
    // The observed split {0, 1} is the most extreme of the six: no permutation exceeds it.
    expect(greater).toBe(0);
    const geometry = createGeometry([1, 1, 1], MNI_2MM_AFFINE, [1]);
    const sub = finishSubtraction(model, counts, n, geometry);
    const equal = n - greater - less;
    expect(sub.p[0]).toBeCloseTo(Math.max((2 * Math.min(greater + equal, less + equal)) / n, 1 / n), 15);
    // A > B reads as positive z.
    expect(sub.z[0]).toBeGreaterThan(0);
  });

  it('gates A > B by A’s main effect with the share of larger differences, and B > A by B’s with the smaller', () => {
    const sub: Subtraction = {
      difference: Float32Array.of(0.02, -0.02, 0.02, -0.02),
      z: new Float32Array(4),
      p: new Float64Array(4),
      above: Float64Array.of(0.001, 0.9, 0.2, 0.9),
      below: Float64Array.of(0.9, 0.001, 0.7, 0.3),
      iterations: 1000,
    };
    const gated = gatedContrast(sub, Uint8Array.of(1, 0, 1, 0), Uint8Array.of(0, 1, 0, 1), 0.05);
    expect(gated[0]).toBeCloseTo(-inverseNormalCdf(0.001), 5);
    expect(gated[1]).toBeCloseTo(inverseNormalCdf(0.001), 5);
    expect([gated[2], gated[3]]).toEqual([0, 0]);
  });
});
