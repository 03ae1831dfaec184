/**
 * Stamping against a plain evaluation of the definition: each masked voxel's MA value is the largest kernel value
 * of the experiment's foci there (spec §4.1), with kernels cut at every face of a small grid and at mask holes.
 */
import { describe, expect, it } from 'vitest';
import { AleUnion } from '../workers/core/ale.ts';
import { createGeometry, flatIndex, type Shape3 } from '../workers/core/grid.ts';
import { aleKernel, fwhmFromSampleSize, type AleKernel } from '../workers/core/kernel.ts';
import { experimentMA, kernelTables, ModeledActivationStamper } from '../workers/core/modeledActivation.ts';
import { plainAleUnion } from './support/aleUnion.ts';

const SHAPE: Shape3 = [12, 10, 9];
const mask = new Uint8Array(SHAPE[0] * SHAPE[1] * SHAPE[2]).fill(1);
for (let f = 0; f < mask.length; f += 7) mask[f] = 0;
const geometry = createGeometry(SHAPE, Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), mask);

/** MA by the definition: over the mask, the maximum over foci of the kernel value at the offset from each focus. */
function plainMA(ijk: number[], kernel: AleKernel): Map<number, number> {
  const r = kernel.radius;
  const out = new Map<number, number>();
  for (let f = 0; f < ijk.length; f += 3) {
    for (let i = 0; i < SHAPE[0]; i++) {
      for (let j = 0; j < SHAPE[1]; j++) {
        for (let k = 0; k < SHAPE[2]; k++) {
          const [a, b, c] = [i - ijk[f] + r, j - ijk[f + 1] + r, k - ijk[f + 2] + r];
          if (a < 0 || b < 0 || c < 0 || a >= kernel.side || b >= kernel.side || c >= kernel.side) continue;
          const flat = flatIndex(SHAPE, i, j, k);
          if (!mask[flat]) continue;
          const m = geometry.flatToMasked[flat];
          out.set(m, Math.max(out.get(m) ?? 0, kernel.values[(a * kernel.side + b) * kernel.side + c]));
        }
      }
    }
  }
  return out;
}

const asMap = (ma: { index: Int32Array; value: Float32Array }) => new Map(Array.from(ma.index, (m, t) => [m, ma.value[t]]));

describe('modeled activation', () => {
  const kernel = aleKernel(fwhmFromSampleSize(12));
  // Foci on every face and corner, one outside the grid (its kernel still reaches in), and two that overlap.
  const foci = [0, 0, 0, 11, 9, 8, 0, 9, 4, 11, 0, 4, 6, 5, 0, 6, 5, 8, -2, 4, 4, 13, 4, 4, 5, 5, 4, 6, 5, 4];

  it('keeps, at each masked voxel, the largest kernel value of the experiment’s foci', () => {
    for (let f = 0; f < foci.length; f += 3) {
      const one = foci.slice(f, f + 3);
      expect(asMap(experimentMA(Int32Array.from(one), kernel, geometry)), `focus ${one}`).toEqual(plainMA(one, kernel));
    }
    const all = experimentMA(Int32Array.from(foci), kernel, geometry);
    expect(asMap(all)).toEqual(plainMA(foci, kernel));
    expect(all.max).toBe(Math.max(...plainMA(foci, kernel).values()));
  });

  it('reuses one stamper for experiments of any size, leaving nothing of the last one behind', () => {
    const stamper = new ModeledActivationStamper(geometry);
    const many = Array.from({ length: 40 }, (_, n) => [n % 12, (n * 7) % 10, (n * 5) % 9]).flat();
    for (const ijk of [foci.slice(0, 3), many, foci.slice(3, 6), foci]) {
      expect(asMap(experimentMA(Int32Array.from(ijk), kernel, geometry, stamper))).toEqual(plainMA(ijk, kernel));
    }
    expect(experimentMA(Int32Array.from([]), kernel, geometry, stamper)).toEqual({ index: new Int32Array(0), value: new Float32Array(0), max: 0 });
  });

  it('tables each kernel offset’s float32 log term and null bin, and the distinct bins ascending', () => {
    const t = kernelTables(kernel);
    expect(kernelTables(kernel)).toBe(t);
    const centre = (kernel.radius * kernel.side + kernel.radius) * kernel.side + kernel.radius;
    expect(t.log32[centre]).toBe(Math.fround(Math.log1p(-kernel.values[centre])));
    expect(t.bin[centre]).toBe(Math.trunc(kernel.values[centre] * (1 / 1e-5)));
    expect(Array.from(t.bins)).toEqual([...new Set(Array.from(t.bin))].sort((a, b) => a - b));
  });

  it('unions experiments as 1 − exp(Σ float32 log1p(−MA)), 0 where no kernel reaches', () => {
    const stamper = new ModeledActivationStamper(geometry);
    const union = new AleUnion(geometry.nMasked);
    const experiments = [foci.slice(0, 6), foci.slice(24, 30), [5, 5, 4]];
    for (const ijk of experiments) {
      stamper.stamp(Int32Array.from(ijk), kernel);
      union.add(stamper, kernel);
    }
    expect(union.ale()).toEqual(plainAleUnion(experiments.map((ijk) => plainMA(ijk, kernel)), geometry.nMasked));
  });
});
