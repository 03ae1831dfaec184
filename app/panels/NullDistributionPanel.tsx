/**
 * The Monte-Carlo null of the largest cluster size at full width, with the
 * observed clusters and the FWE cut-off; while the Monte Carlo runs it
 * redraws from the iterations finished so far.
 */
import { useCallback, useMemo } from 'react';
import { nullPlot } from '../../workers/reports/index.ts';
import { CUTOFF_PREDICTION_SOURCE, liveFwe, monteCarloCutoffs, observedClusters } from '../state/derived.ts';
import { nullDistributionFigure } from '../plots/nullDistributionFigure.ts';
import { PlotView } from '../plots/PlotView.tsx';
import { useStore } from '../store.ts';

export function NullDistributionPanel() {
  const nullMaxima = useStore((s) => s.nullMaxima);
  const liveSizes = useStore((s) => s.liveNullSizes);
  const run = useStore((s) => s.run);
  const alpha = useStore((s) => s.fweAlpha);
  const sizes = run && !run.final ? liveSizes : (nullMaxima?.maxSize ?? null);
  const live = useMemo(() => liveFwe(run, liveSizes, alpha), [run, liveSizes, alpha]);
  const plot = useMemo(() => (run && sizes && sizes.length > 0 ? nullPlot(sizes, run.summary.clusters.map((c) => c.size_voxels), alpha) : null), [run, sizes, alpha]);
  const observed = useMemo(() => (run ? observedClusters(run, live, alpha) : []), [run, live, alpha]);
  const draw = useCallback((width: number) => nullDistributionFigure(plot as NonNullable<typeof plot>, observed, alpha, width), [plot, observed, alpha]);
  if (!run) return <p className="muted">Run the analysis: the null distribution of the largest cluster builds up here as the Monte Carlo runs.</p>;
  if (!plot)
    return (
      <>
        <p className="muted">{run.summary.parameters.iterations === 0 ? 'No Monte Carlo was run (0 iterations), so there is no null distribution.' : 'Waiting for the first Monte-Carlo iterations…'}</p>
        <PredictedCutoffs />
      </>
    );
  return (
    <>
      <figure className="null-distribution" data-testid="null-distribution" data-iterations={plot.iterations}>
        <PlotView draw={draw} testId="null-plot" />
        <figcaption>
          The largest cluster (at the cluster-forming threshold) in each of {plot.iterations.toLocaleString('en')} Monte-Carlo datasets{run.final ? '' : ' so far'} (grey), the FWE {alpha} cut-off
          {Number.isFinite(plot.cut) ? ` (${Math.round(plot.cut)} voxels, dashed)` : ''} and the observed clusters (numbered; red when significant). A cluster larger than {Math.round(100 * (1 - alpha))} % of the null maxima survives. The axis is linear near 0 and logarithmic above, so large clusters fit.
        </figcaption>
      </figure>
      <PredictedCutoffs />
    </>
  );
}

/** JALE's predicted cut-offs beside this run's Monte-Carlo ones, on request; never used instead of them. */
function PredictedCutoffs() {
  const run = useStore((s) => s.run);
  const nullMaxima = useStore((s) => s.nullMaxima);
  const alpha = useStore((s) => s.runContext?.alpha ?? s.fweAlpha);
  const predicted = useStore((s) => s.predictedCutoffs);
  const placeholder = useStore((s) => (s.demo?.kind === 'published' ? s.demo.placeholderSampleSize : null));
  if (!run?.final) return null;
  const ours = monteCarloCutoffs(run, nullMaxima, alpha);
  const cell = (v: number | null, digits: (v: number) => string) => (v === null ? '—' : digits(v));
  return (
    <section aria-label="Predicted cut-offs" className="predicted-cutoffs" data-testid="predicted-cutoffs">
      <h3>JALE’s predicted cut-offs</h3>
      {!predicted ? (
        <button type="button" onClick={() => void useStore.getState().predictCutoffs()}>
          Compare with JALE’s predicted cut-offs
        </button>
      ) : !predicted.ok ? (
        <p role="alert" className="error">No prediction: {predicted.reason}.</p>
      ) : (
        <>
          <table>
            <thead>
              <tr>
                <th>cut-off</th>
                <th>predicted (JALE, α = 0.05)</th>
                <th>this run’s Monte Carlo (α = {alpha})</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>voxel-level FWE (ALE)</td>
                <td>{predicted.vfwe_ale.toFixed(5)}</td>
                <td>{cell(ours.vfweAle, (v) => v.toFixed(5))}</td>
              </tr>
              <tr>
                <td>cluster-level FWE (voxels)</td>
                <td>{predicted.cfwe_size}</td>
                <td>{cell(ours.cfweSize, String)}</td>
              </tr>
              <tr>
                <td>TFCE</td>
                <td>{predicted.tfce.toPrecision(4)}</td>
                <td>{cell(ours.tfce, (v) => v.toPrecision(4))}</td>
              </tr>
            </tbody>
          </table>
          {predicted.warnings.map((w) => (
            <p key={w} className="warn small">{w}</p>
          ))}
        </>
      )}
      <p className="muted small">
        {CUTOFF_PREDICTION_SOURCE}. They are shown for comparison; this run's results use its own Monte Carlo.{placeholder !== null && ` Every experiment here has the placeholder N = ${placeholder}, so the prediction is as approximate as the kernels.`}
      </p>
    </section>
  );
}
