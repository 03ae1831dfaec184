/**
 * The `jale` preset against JALE's rules evaluated independently with NumPy
 * and SciPy on a constructed case (tests/fixtures/jale_rules.py writes
 * jale_rules.json): Talairach conversion rounded to whole mm, voxels by
 * ceil, JALE's kernel, its 1e-4 null rounded at each step, p and z as JALE
 * reads them, and its cluster-forming rule.
 */
import { describe, expect, it } from 'vitest';
import { JALE_CONVENTIONS, conventionsOf, DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { jaleThresholdForP } from '../workers/core/jaleNull.ts';
import { pFromAle } from '../workers/core/nullHistogram.ts';
import { analysed, fixture, flat } from './support/jaleCase.ts';

describe('the jale preset against JALE’s rules on constructed foci', () => {
  const { geometry, prepared, observed } = analysed();

  it('converts Talairach foci through icbm_spm rounded to whole mm and places every focus by ceil', () => {
    expect(prepared.experiments.map((e) => e.id)).toEqual(fixture.placed.map((p) => p.name));
    prepared.experiments.forEach((e, n) => {
      expect(Array.from(e.mni)).toEqual(fixture.placed[n].mni.flat());
      expect(Array.from(e.ijk)).toEqual(fixture.placed[n].ijk.flat());
    });
  });

  it('builds JALE’s kernels: half-width ⌈3.5σ⌉ and the same peak', () => {
    expect(observed.kernels.map((k) => k.radius)).toEqual(fixture.kernel_half_widths);
    observed.kernels.forEach((k, n) => expect(k.values64[(k.radius * k.side + k.radius) * k.side + k.radius]).toBeCloseTo(fixture.kernel_peaks[n], 15));
  });

  it('gives JALE’s null: every bin of the upper cumulative sum', () => {
    const { survival } = observed.nullDist;
    expect(survival.length).toBe(fixture.survival.length);
    fixture.survival.forEach((s, k) => expect(Math.abs(survival[k] - s), `bin ${k}`).toBeLessThanOrEqual(1e-13 * Math.max(s, 1e-3)));
  });

  it('forms clusters where JALE does: from the first bin with p < 0.001, the same voxels', () => {
    expect(observed.threshold).toBe((fixture.first_bin_below_0_001 - 0.5) / 1e4);
    const above = observed.ale.filter((a) => a > Math.fround(observed.threshold)).length;
    expect(above).toBe(fixture.forming_voxels);
  });

  it('gives JALE’s ALE and z at voxels across the mask (z 0 where p > ½)', () => {
    let positive = 0;
    for (const s of fixture.samples) {
      const m = geometry.flatToMasked[flat(...s.ijk)];
      expect(observed.ale[m]).toBeCloseTo(s.ale, 7);
      expect(observed.maps.z[m]).toBeCloseTo(s.z, 5);
      if (s.z > 0) positive++;
    }
    expect(positive).toBeGreaterThan(5);
    expect(Math.max(...observed.ale)).toBeCloseTo(fixture.ale_max, 7);
  });

  it('differs from NiMARE’s conventions on the same foci, so the comparison above can fail', () => {
    const nimare = analysed({});
    expect(nimare.prepared.experiments[0].ijk).not.toEqual(prepared.experiments[0].ijk);
    expect(nimare.observed.threshold).not.toBe(observed.threshold);
  });

  it('names the conventions a set of parameters follows', () => {
    expect(conventionsOf(DEFAULT_PARAMETERS)).toBe('nimare');
    expect(conventionsOf({ ...DEFAULT_PARAMETERS, ...JALE_CONVENTIONS })).toBe('jale');
    expect(conventionsOf({ ...DEFAULT_PARAMETERS, ...JALE_CONVENTIONS, snap: 'nearest' })).toBe('mixed');
    expect(conventionsOf({ ...DEFAULT_PARAMETERS, nullMethod: 'exact' })).toBe('mixed');
  });
});

describe('JALE’s cluster-forming rule on a hand-made null', () => {
  it('takes the first bin whose p is strictly below the cluster-forming p, from half a bin below it', () => {
    const nullDist = { histogram: new Float64Array(4), survival: Float64Array.from([1, 0.5, 0.25, 0.1]), pMin: Number.EPSILON, binsPerUnit: 1e4, invStep: 1e4, convention: 'jale' as const };
    expect(jaleThresholdForP(0.25, nullDist)).toBe(2.5e-4);
    expect(jaleThresholdForP(0.3, nullDist)).toBe(1.5e-4);
    expect(() => jaleThresholdForP(0.05, nullDist)).toThrow('no ALE value reaches p < 0.05');
  });
});

describe('p at the smallest JALE allows', () => {
  it('never reads p below machine ε, even beyond the null’s last bin', () => {
    const { observed } = analysed();
    expect(observed.nullDist.pMin).toBe(Number.EPSILON);
    expect(pFromAle(0.9, observed.nullDist)).toBe(Number.EPSILON);
  });
});
