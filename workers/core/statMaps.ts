/**
 * Uncorrected p, z and −log10 p maps of an ALE map (spec §5.4), over the
 * masked voxels. p stays float64 for FDR; the stored maps are float32.
 */
import { zFromP } from './normal.ts';
import { pFromAle, type NullDistribution } from './nullHistogram.ts';

export interface UncorrectedMaps {
  p: Float64Array;
  z: Float32Array;
  logp: Float32Array;
}

const SMALLEST_FLOAT32 = 1.4e-45;
const MAX_FLOAT32 = 3.4028234663852886e38;

export function uncorrectedMaps(ale: Float32Array, nullDist: NullDistribution): UncorrectedMaps {
  const n = ale.length;
  const p = new Float64Array(n);
  const z = new Float32Array(n);
  const logp = new Float32Array(n);
  for (let m = 0; m < n; m++) {
    const pm = pFromAle(ale[m], nullDist);
    p[m] = pm;
    z[m] = zFromP(pm);
    logp[m] = logpFromP(pm);
  }
  return { p, z, logp };
}

/** −log10 p as NiMARE computes it (ln p / −ln 10), clipped to the float32 range. */
export function logpFromP(p: number): number {
  const v = Math.log(p) / -Math.LN10;
  return Math.min(Math.max(v, 0), MAX_FLOAT32);
}

/** p as stored in float32 maps: clipped below at the smallest float32 so it never reads 0. */
export function pForStorage(p: Float64Array): Float32Array {
  const out = new Float32Array(p.length);
  for (let m = 0; m < p.length; m++) out[m] = Math.max(p[m], SMALLEST_FLOAT32);
  return out;
}
