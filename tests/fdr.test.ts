import { describe, expect, it } from 'vitest';
import { fdrAdjust } from '../workers/inference/fdr.ts';

describe('FDR adjustment (spec §7)', () => {
  it('gives Benjamini–Hochberg q-values (as R’s p.adjust "BH")', () => {
    const q = fdrAdjust(Float64Array.from([0.2, 0.001, 0.04, 0.01]), 'indep');
    expect(Array.from(q)).toEqual([0.2, 0.004, 0.04 * 4 / 3, 0.02]);
  });

  it('scales by the harmonic sum for Benjamini–Yekutieli (R’s "BY")', () => {
    const q = fdrAdjust(Float64Array.from([0.01, 0.02, 0.03, 0.04, 0.05]), 'negcorr');
    const c = 1 + 1 / 2 + 1 / 3 + 1 / 4 + 1 / 5;
    for (const v of q) expect(v).toBeCloseTo(0.05 * c, 15);
  });

  it('caps q at 1', () => {
    expect(Array.from(fdrAdjust(Float64Array.from([0.9, 1, 1]), 'negcorr'))).toEqual([1, 1, 1]);
  });
});
