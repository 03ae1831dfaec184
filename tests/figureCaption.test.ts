/** What the publication mosaic states, on a constructed run: the slices chosen, the scale, the inference, the outlines and the placeholder N. */
import { describe, expect, it } from 'vitest';
import { mosaicSpec } from '../app/panels/figureCaption.ts';
import type { AppState } from '../app/state/types.ts';

const report = (id: number, pFweSize: number) => ({ id, pFweSize, pFweMass: null, pFweTfce: null });
const state = (over: Partial<Record<string, unknown>> = {}) =>
  ({
    dataset: { source: 'pain.txt' },
    demo: null,
    zThreshold: 3.09,
    fweAlpha: 0.05,
    layers: { clusters: true },
    run: {
      summary: {
        n_experiments: 21,
        n_foci: 1234,
        cluster_forming_threshold: 0.0123,
        clusters: [{ peak_z: 6.5 }, { peak_z: 4.25 }],
        monte_carlo: { iterations_run: 5000 },
        parameters: { seed: 7, clusterFormingP: 0.001 },
      },
      thresholds: { clusterFormingZ: 3.0902, voxelFweZ: 5.01 },
      reports: [report(1, 0.0002), report(2, 0.2)],
    },
    ...over,
  }) as unknown as AppState;

describe('the publication mosaic\'s statement', () => {
  it('names the data, the slices, the thresholds, the inference and the outlines', () => {
    const spec = mosaicSpec(state(), [-24, 0, 48]);
    expect(spec.slices).toEqual([-24, 0, 48]);
    expect(spec.title).toBe('ALE meta-analysis: pain.txt');
    expect(spec.colourBar).toEqual({ colormap: 'warm', min: 3.09, max: 6.5, label: 'Z (standard normal units)', marks: [{ value: 3.0902, label: 'cluster-forming' }, { value: 5.01, label: 'voxel FWE' }] });
    expect(spec.caption).toBe(
      'Activation likelihood estimation of 21 experiments (1,234 foci). Axial slices labelled with MNI z (mm), neurological convention (left is left), on the Colin27 template. ' +
        'Colour: Z of the ALE map above 3.09; clusters formed at p < 0.001 (z > 3.09, ALE > 0.0123); 1 of 2 clusters are significant at cluster-level FWE p < 0.05 (5,000 Monte-Carlo iterations, seed 7). ' +
        'Significant clusters are outlined, each in its colour in the cluster table.',
    );
  });

  it('promises no outlines when that layer is off, says when nothing was corrected, and carries a demo\'s placeholder N', () => {
    const s = state({ layers: { clusters: false }, demo: { kind: 'published', title: 'Motor learning', placeholderSampleSize: 20 } });
    (s.run as unknown as { summary: { monte_carlo: { iterations_run: number } } }).summary.monte_carlo.iterations_run = 0;
    const spec = mosaicSpec(s, [0]);
    expect(spec.title).toBe('ALE meta-analysis: Motor learning');
    expect(spec.caption).not.toContain('outlined');
    expect(spec.caption).toContain('; the 2 clusters are uncorrected (no Monte Carlo). Sample sizes unknown: placeholder N = 20 for every experiment.');
    expect(() => mosaicSpec(state({ run: null }), [0])).toThrow('no finished run');
  });
});
