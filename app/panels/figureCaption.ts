/** What the publication mosaic states: data, thresholds and inference, in a caption a journal would accept. */
import { significantReports } from '../../workers/diagnostics/index.ts';
import type { AppState } from '../state/types.ts';
import type { MosaicSpec } from '../viewer/figure.ts';

export function mosaicSpec(s: AppState, slices: number[]): MosaicSpec {
  const run = s.run;
  const dataset = s.dataset;
  if (!run || !dataset) throw new Error('no finished run');
  const sm = run.summary;
  const t = run.thresholds;
  const maxZ = Math.max(s.zThreshold + 1, ...sm.clusters.map((c) => c.peak_z));
  const iterations = sm.monte_carlo.iterations_run;
  const significant = significantReports(run.reports, s.fweAlpha).length;
  // The mosaic draws the viewer's layers: the significant clusters' outlines only when that layer is on.
  const outlines = s.layers.clusters ? ' Significant clusters are outlined, each in its colour in the cluster table.' : '';
  const inference =
    iterations > 0
      ? `${significant} of ${run.reports.length} clusters are significant at cluster-level FWE p < ${s.fweAlpha} (${iterations.toLocaleString('en')} Monte-Carlo iterations, seed ${sm.parameters.seed})`
      : `the ${run.reports.length} clusters are uncorrected (no Monte Carlo)`;
  const placeholder = s.demo?.kind === 'published' ? ` Sample sizes unknown: placeholder N = ${s.demo.placeholderSampleSize} for every experiment.` : '';
  return {
    slices,
    title: `ALE meta-analysis: ${s.demo ? s.demo.title : dataset.source}`,
    caption:
      `Activation likelihood estimation of ${sm.n_experiments} experiments (${sm.n_foci.toLocaleString('en')} foci). Axial slices labelled with MNI z (mm), neurological convention (left is left), on the Colin27 template. ` +
      `Colour: Z of the ALE map above ${s.zThreshold.toFixed(2)}; clusters formed at p < ${sm.parameters.clusterFormingP} (z > ${t.clusterFormingZ.toFixed(2)}, ALE > ${sm.cluster_forming_threshold}); ${inference}.${outlines}${placeholder}`,
    colourBar: {
      colormap: 'warm',
      min: s.zThreshold,
      max: Math.round(maxZ * 100) / 100,
      label: 'Z (standard normal units)',
      marks: [{ value: t.clusterFormingZ, label: 'cluster-forming' }, ...(t.voxelFweZ !== null ? [{ value: t.voxelFweZ, label: 'voxel FWE' }] : [])],
    },
  };
}
