/**
 * False discovery rate (spec §7): adjusted p-values (q) as NiMARE's
 * FDRCorrector returns them, Benjamini–Hochberg ("indep") or
 * Benjamini–Yekutieli ("negcorr"), over all mask voxels.
 */
export type FdrMethod = 'indep' | 'negcorr';

export function fdrAdjust(p: Float64Array, method: FdrMethod): Float64Array {
  const n = p.length;
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  let harmonic = 1;
  if (method === 'negcorr') {
    harmonic = 0;
    for (let j = 1; j <= n; j++) harmonic += 1 / j;
  }
  const q = new Float64Array(n);
  let running = 1;
  for (let rank = n; rank >= 1; rank--) {
    const i = order[rank - 1];
    running = Math.min(running, (p[i] * n * harmonic) / rank);
    q[i] = running;
  }
  return q;
}
