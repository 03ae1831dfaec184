import { describe, expect, it } from 'vitest';
import { nearestVoxel, snapToVoxel, talToMni, talToMniMatrix } from '../workers/core/coordinates.ts';
import { roundHalfEven } from '../workers/core/numpyRounding.ts';
import { MNI_2MM_AFFINE, MNI_2MM_SHAPE } from '../workers/core/grid.ts';

/**
 * Talairach → MNI with the inverse of each Lancaster et al. 2007 icbm2tal affine, computed independently
 * with numpy.linalg.inv on the 4×4 matrices (the values below are numpy's, printed with repr).
 */
const NUMPY_TAL_TO_MNI: Record<'other' | 'spm' | 'fsl', [number[], number[]][]> = {
  other: [
    [[-38, -22, 56], [-38.979005000327646, -17.54088727201032, 60.30228445897016]],
    [[24, 4, -6], [26.65916480902479, 5.037554514563662, -11.487580569898675]],
  ],
  spm: [
    [[-38, -22, 56], [-39.14742788369451, -16.2694840355901, 60.442667351159535]],
    [[24, 4, -6], [26.86769638938443, 5.180443674742139, -12.279720037649456]],
  ],
  fsl: [
    [[-38, -22, 56], [-38.79097553618238, -18.789491476251783, 60.12941597605605]],
    [[24, 4, -6], [26.440858805523643, 4.877611032656061, -10.687441900537351]],
  ],
};

function expectClose(actual: readonly number[], expected: readonly number[], digits: number): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((v, i) => expect(v).toBeCloseTo(expected[i], digits));
}

describe('Talairach to MNI (Lancaster et al. 2007)', () => {
  for (const transform of ['other', 'spm', 'fsl'] as const) {
    it(`inverts icbm_${transform} as numpy does`, () => {
      for (const [tal, mni] of NUMPY_TAL_TO_MNI[transform]) expectClose(talToMni(tal[0], tal[1], tal[2], transform), mni, 9);
    });
  }

  it('gives the inverse affine itself, translation included', () => {
    const m = talToMniMatrix('other');
    // numpy.linalg.inv of icbm_other: rows 1–3 of the 4×4 inverse.
    const numpy = [
      1.0686001818226878, -0.003959206893800996, 0.008259711038957732, 1.0781555390892308,
      0.006402499024408167, 1.0574069702505609, 0.08566281257183724, 1.168243532406646,
      -0.012811475186137145, -0.08863189955596745, 1.107921357723761, -4.178049420864948,
    ];
    expectClose(m, numpy, 9);
  });

  it("converts JALE's way: icbm_spm's inverse, rounded half to even to whole mm, never −0", () => {
    // These Talairach points are icbm_spm applied (by numpy) to MNI (−38.6, −22.49, 56.51) and (−0.3, −1.2, 0.4).
    expect(talToMni(-37.461934, -27.455125, 51.949537, 'jale')).toEqual([-39, -22, 57]);
    const nearZero = talToMni(-1.30592, -2.91802, 4.33904, 'jale');
    expect(nearZero).toEqual([0, -1, 0]);
    expect(Object.is(nearZero[0], 0)).toBe(true);
    // MNI (−0.3, −0.2, −0.4): every axis rounds to −0, and every axis reports 0.
    const allNearZero = talToMni(-1.29408, -1.91674, 3.71342, 'jale');
    expect(allNearZero.map((v) => Object.is(v, 0))).toEqual([true, true, true]);
  });
});

describe('rounding and snapping foci to voxels', () => {
  it('rounds halves to the even neighbour, as numpy.round', () => {
    expect([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6, -2.6, 3].map(roundHalfEven)).toEqual([0, 2, 2, -0, -2, -2, 2, 3, -3, 3]);
  });

  it('applies each snap rule to the fractional voxel index', () => {
    // On the 2 mm MNI grid x = 2i − 90: x = 1 → i = 45.5, y = −123 → j = 1.5, z = −71.2 → k = 0.4.
    expect(snapToVoxel(MNI_2MM_AFFINE, 1, -123, -71.2, 'nearest')).toEqual([46, 2, 0]);
    expect(snapToVoxel(MNI_2MM_AFFINE, 3, -121, -70.2, 'nearest')).toEqual([46, 2, 1]);
    expect(snapToVoxel(MNI_2MM_AFFINE, 1, -123, -71.2, 'trunc')).toEqual([45, 1, 0]);
    expect(snapToVoxel(MNI_2MM_AFFINE, 1, -123, -71.2, 'ceil')).toEqual([46, 2, 1]);
  });

  it('turns −0 into 0 (a focus just below the grid origin)', () => {
    const [i, j, k] = snapToVoxel(MNI_2MM_AFFINE, -90.4, -126.4, -72.4, 'trunc');
    expect([Object.is(i, 0), Object.is(j, 0), Object.is(k, 0)]).toEqual([true, true, true]);
  });

  it('finds the voxel a world point falls in, or none outside the grid', () => {
    expect(nearestVoxel(MNI_2MM_SHAPE, MNI_2MM_AFFINE, [0, 0, 0])).toEqual([45, 63, 36]);
    expect(nearestVoxel(MNI_2MM_SHAPE, MNI_2MM_AFFINE, [90, 90, 108])).toEqual([90, 108, 90]);
    expect(nearestVoxel(MNI_2MM_SHAPE, MNI_2MM_AFFINE, [92, 0, 0])).toBeNull();
    expect(nearestVoxel(MNI_2MM_SHAPE, MNI_2MM_AFFINE, [0, -128, 0])).toBeNull();
  });
});
