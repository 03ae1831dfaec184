/**
 * JALE's analytic null against its own steps written out in NumPy 1.24.2 (tests/fixtures/jale_null.py):
 * the bins from the kernels' maxima, the convolution of four histograms, the survival and the thresholds.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jaleBins, jaleKernelBins, jaleNullDistribution, jaleThresholdForP } from '../workers/core/jaleNull.ts';

interface Reference {
  maxima: number[];
  n_edges: number;
  n_centres: number;
  edges_tail: number[];
  centres_tail: number[];
  histograms: { bins: number[]; counts: number[] }[];
  survival: number[];
  thresholds: Record<string, number>;
}
const reference = JSON.parse(readFileSync(new URL('./fixtures/jale_null.json', import.meta.url), 'utf8')) as Reference;

/** The bins and dense histograms, made inside each test so that a mutation tester attributes the run to it. */
function fixture() {
  const bins = jaleBins(reference.maxima);
  const histograms = reference.histograms.map((h) => {
    const dense = new Float64Array(bins.centres.length);
    h.bins.forEach((b, n) => (dense[b] = h.counts[n]));
    return dense;
  });
  return { bins, histograms };
}

describe("JALE's analytic null (compute_hx_conv in NumPy)", () => {

  it('sets the bins as numpy.arange does, up to the largest possible ALE plus 0.001', () => {
    const { bins } = fixture();
    expect([bins.edges.length, bins.centres.length]).toEqual([reference.n_edges, reference.n_centres]);
    expect(Array.from(bins.edges.slice(-3))).toEqual(reference.edges_tail);
    expect(Array.from(bins.centres.slice(-3))).toEqual(reference.centres_tail);
    expect([bins.edges[0], bins.centres[0], bins.centres[1]]).toEqual([0.00005, 0, 0.0001]);
  });

  it('bins MA values as numpy.digitize: a value on an edge goes to the bin above it', () => {
    const { bins } = fixture();
    const { edges } = bins;
    const values64 = Float64Array.from([0, edges[0] - 1e-12, edges[0], edges[5], edges[5] + 1e-12, 1]);
    expect(Array.from(jaleKernelBins({ values64 }, bins))).toEqual([0, 0, 1, 6, 6, edges.length]);
  });

  it('gives the survival bin for bin, up to the last non-empty bin', () => {
    const { bins, histograms } = fixture();
    const nd = jaleNullDistribution(histograms, bins);
    expect(Array.from(nd.survival)).toEqual(reference.survival);
    expect(nd.histogram.length).toBe(reference.survival.length);
    expect([nd.pMin, nd.binsPerUnit, nd.invStep, nd.convention]).toEqual([Number.EPSILON, 10_000, 10_000, 'jale']);
  });

  it('thresholds half a bin below the first bin whose survival is under p, or says none is', () => {
    const { bins, histograms } = fixture();
    const nd = jaleNullDistribution(histograms, bins);
    for (const [p, threshold] of Object.entries(reference.thresholds)) expect(jaleThresholdForP(Number(p), nd)).toBe(threshold);
    expect(jaleThresholdForP(1.5, nd)).toBe(0);
    expect(() => jaleThresholdForP(1e-300, nd)).toThrow('no ALE value reaches p < 1e-300 under this null; the dataset is too small for that threshold');
    expect(() => jaleNullDistribution([], bins)).toThrow('the null distribution needs at least one experiment');
  });
});
