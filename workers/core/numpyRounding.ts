/** np.round / rint: halves go to the even neighbour (2.5 → 2, 3.5 → 4), where Math.round would go up. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  if (x - floor !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}
