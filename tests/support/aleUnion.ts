/**
 * The ALE union written plainly, as the reference the engine's unions are tested against: per voxel, the
 * float32 terms log1p(−MA) summed in float64, then 1 − exp of the sum; 0 where no kernel reached.
 */
export function plainAleUnion(maps: Iterable<Iterable<readonly [voxel: number, ma: number]>>, nVoxels: number): Float32Array {
  const logSum = new Float64Array(nVoxels);
  for (const map of maps) for (const [voxel, ma] of map) logSum[voxel] += Math.fround(Math.log1p(-ma));
  return Float32Array.from(logSum, (l) => (l === 0 ? 0 : 1 - Math.exp(l)));
}
