/**
 * The observed analysis assembled from its known-answer-tested parts, on a toy dataset: the ALE union by hand,
 * each null method built from its own histograms, a subset's null from its experiments alone, and the refusals.
 */
import { describe, expect, it } from 'vitest';
import { exactHistogram, exactNullDistribution } from '../workers/core/exactNull.ts';
import { createGeometry } from '../workers/core/grid.ts';
import { fwhmFromSampleSize, jaleKernel, KernelCache } from '../workers/core/kernel.ts';
import { jaleBins, jaleHistogram, jaleKernelBins, jaleNullDistribution } from '../workers/core/jaleNull.ts';
import { experimentMA, ModeledActivationStamper } from '../workers/core/modeledActivation.ts';
import { aleThresholdForP, experimentHistogram, nullDistribution } from '../workers/core/nullHistogram.ts';
import { analyseObserved, subsetNull } from '../workers/core/observedAnalysis.ts';
import type { PreparedExperiment } from '../workers/core/prepare.ts';
import { plainAleUnion } from './support/aleUnion.ts';

const geometry = createGeometry([20, 20, 20], Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]), new Uint8Array(8000).fill(1));
const experiment = (id: string, n: number, ijk: number[]): PreparedExperiment => ({
  id,
  sampleSize: n,
  fwhm: fwhmFromSampleSize(n),
  mni: Float64Array.from(ijk, (v) => 2 * v),
  ijk: Int32Array.from(ijk),
});
const experiments = [experiment('a', 10, [8, 8, 8, 12, 9, 8]), experiment('b', 20, [9, 8, 8]), experiment('c', 15, [8, 9, 9, 3, 3, 3]), experiment('d', 10, [10, 10, 10])];

describe('the observed analysis', () => {
  it('unions the experiments’ MA maps as 1 − Π(1 − MA), with float32 log terms summed in float64', () => {
    const observed = analyseObserved(experiments, geometry, { clusterFormingP: 0.01, connectivity: 6 });
    const cache = new KernelCache();
    const maps = experiments.map((e) => {
      const ma = experimentMA(e.ijk, cache.forFwhm(e.fwhm), geometry);
      return Array.from(ma.index, (m, t) => [m, ma.value[t]] as const);
    });
    expect(observed.ale).toEqual(plainAleUnion(maps, geometry.nMasked));
    expect(observed.kernels.map((k) => k.fwhm)).toEqual(experiments.map((e) => e.fwhm));
    expect(observed.kernels[0]).toBe(observed.kernels[3]);
  });

  it('builds NiMARE’s, the exact and JALE’s null from each experiment’s own histogram, and thresholds by it', () => {
    const stamper = new ModeledActivationStamper(geometry);
    const cache = new KernelCache();
    const counts = new Int32Array(100_001);
    const nimare = experiments.map((e) => {
      const kernel = cache.forFwhm(e.fwhm);
      const max = stamper.stamp(e.ijk, kernel);
      return { histogram: experimentHistogram(stamper, kernel, geometry.nMasked, counts), exact: exactHistogram(stamper, kernel, geometry.nMasked), max };
    });
    const byNimare = analyseObserved(experiments, geometry, { clusterFormingP: 0.01, connectivity: 6 });
    const expected = nullDistribution(nimare.map((h) => h.histogram), nimare.map((h) => h.max));
    expect(byNimare.nullDist).toEqual(expected);
    expect(byNimare.threshold).toBe(aleThresholdForP(0.01, expected));
    expect(byNimare.nullParts.method).toBe('nimare');

    const byExact = analyseObserved(experiments, geometry, { clusterFormingP: 0.01, connectivity: 6, nullMethod: 'exact' });
    expect(byExact.nullDist).toEqual(exactNullDistribution(nimare.map((h) => h.exact)));

    const jaleKernels = experiments.map((e) => jaleKernel(e.fwhm));
    const peaks = jaleKernels.map((k) => k.values64[(k.radius * k.side + k.radius) * k.side + k.radius]);
    const bins = jaleBins(peaks);
    const jaleHistograms = experiments.map((e, n) => {
      stamper.stamp(e.ijk, jaleKernels[n]);
      return jaleHistogram(stamper, jaleKernelBins(jaleKernels[n], bins), geometry.nMasked, bins);
    });
    const byJale = analyseObserved(experiments, geometry, { clusterFormingP: 0.01, connectivity: 6, nullMethod: 'jale', kernel: 'jale' });
    expect(byJale.nullDist).toEqual(jaleNullDistribution(jaleHistograms, bins));
    expect(byJale.nullParts).toEqual({ method: 'jale', histograms: jaleHistograms, maxima: peaks });
  });

  it('gives a subset the null of its experiments analysed alone, for every method', () => {
    for (const nullMethod of ['nimare', 'exact', 'jale'] as const) {
      const all = analyseObserved(experiments, geometry, { clusterFormingP: 0.01, connectivity: 6, nullMethod });
      const alone = analyseObserved([experiments[0], experiments[2]], geometry, { clusterFormingP: 0.01, connectivity: 6, nullMethod });
      expect(subsetNull(all.nullParts, [0, 2])).toEqual(alone.nullDist);
      expect(subsetNull(all.nullParts, null)).toEqual(all.nullDist);
    }
  });

  it('refuses a cluster-forming p outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 2, Number.NaN]) {
      expect(() => analyseObserved(experiments, geometry, { clusterFormingP: p, connectivity: 6 })).toThrow(`cluster-forming p must be between 0 and 1, got ${p}`);
    }
  });
});
