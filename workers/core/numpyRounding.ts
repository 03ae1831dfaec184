/**
 * np.round / rint: halves go to the even neighbour (2.5 → 2, 3.5 → 4, −0.5 → −0), where Math.round would
 * send them up. Foci snapped to voxels, JALE's Talairach conversion and bins, and peaks' centres of mass all
 * round this way.
 */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
