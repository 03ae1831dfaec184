/**
 * A deliberately plain Monte-Carlo iteration: stamp every kernel over the
 * whole grid, sum the logs, threshold, label. The pruned engine must give
 * exactly the same maxima.
 */
import { ClusterLabeller } from '../../workers/core/clusterLabeller.ts';
import { NullFoci } from '../../workers/inference/monteCarlo/nullFoci.ts';
import type { NullModelSpec } from '../../workers/inference/monteCarlo/nullModel.ts';

export function fullStampIteration(spec: NullModelSpec, iteration: number) {
  const { ale, mask } = fullStampAle(spec, iteration);
  let maxAle = 0;
  const supra: number[] = [];
  const supraAle: number[] = [];
  const t32 = Math.fround(spec.threshold);
  for (let w = 0; w < ale.length; w++) {
    if (!mask[w]) continue;
    if (ale[w] > maxAle) maxAle = ale[w];
    if (ale[w] > t32) {
      supra.push(w);
      supraAle.push(ale[w]);
    }
  }
  const { component, nComponents } = new ClusterLabeller(spec.shape, spec.connectivity).label(Int32Array.from(supra), supra.length);
  const size = new Float64Array(nComponents);
  const mass = new Float64Array(nComponents);
  component.forEach((c, t) => {
    size[c]++;
    mass[c] += supraAle[t] - spec.threshold;
  });
  return { maxAle, maxSize: Math.max(0, ...size), maxMass: Math.max(0, ...mass) };
}

/** The float32 ALE of every grid voxel in one iteration (0 outside the mask). */
export function fullStampAle(spec: NullModelSpec, iteration: number): { ale: Float32Array; mask: Uint8Array } {
  const [n0, n1, n2] = spec.shape;
  const nVox = n0 * n1 * n2;
  const mask = new Uint8Array(nVox);
  for (const f of spec.maskedToFlat) mask[f] = 1;
  const flat = new NullFoci(spec).drawFlat(iteration);
  const logSum = new Float64Array(nVox);
  let f = 0;
  for (let e = 0; e < spec.experimentFoci.length; e++) {
    const kernel = spec.kernels[spec.experimentKernel[e]];
    const r = kernel.radius;
    const side = 2 * r + 1;
    const ma = new Float32Array(nVox);
    for (let n = 0; n < spec.experimentFoci[e]; n++, f++) {
      const v = flat[f];
      const ck = v % n2, cj = ((v - ck) / n2) % n1, ci = Math.floor(v / (n1 * n2));
      for (let a = -r; a <= r; a++) for (let b = -r; b <= r; b++) for (let c = -r; c <= r; c++) {
        const i = ci + a, j = cj + b, k = ck + c;
        if (i < 0 || j < 0 || k < 0 || i >= n0 || j >= n1 || k >= n2) continue;
        const w = (i * n1 + j) * n2 + k;
        if (!mask[w]) continue;
        const value = kernel.values[((a + r) * side + (b + r)) * side + (c + r)];
        if (value > ma[w]) ma[w] = value;
      }
    }
    for (let w = 0; w < nVox; w++) if (ma[w] > 0) logSum[w] += Math.log1p(-ma[w]);
  }
  const ale = new Float32Array(nVox);
  for (let w = 0; w < nVox; w++) if (mask[w]) ale[w] = 1 - Math.exp(logSum[w]);
  return { ale, mask };
}
