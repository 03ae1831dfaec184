/**
 * One cluster's diagnostics: which experiments drive it (contributions, with
 * Eickhoff et al.'s dominance warning), which have foci in it, and Fail-Safe N.
 */
import { useMemo } from 'react';
import { significantReports } from '../../workers/diagnostics/index.ts';
import { experimentLabel } from '../../workers/input/index.ts';
import { useStore } from '../store.ts';
import { ContributionsChart } from './ContributionsChart.tsx';
import { FailSafeNControls } from './FailSafeNControls.tsx';

export function ClusterDiagnostics() {
  const run = useStore((s) => s.run);
  const dataset = useStore((s) => s.dataset);
  const alpha = useStore((s) => s.fweAlpha);
  const chosen = useStore((s) => s.selectedCluster);
  const inference = useStore((s) => s.inference);
  const names = useMemo(() => new Map(dataset?.experiments.map((e) => [e.id, experimentLabel(e)]) ?? []), [dataset]);
  if (!run) return <p className="muted">Run the analysis: each cluster's contributing experiments and Fail-Safe N appear here.</p>;
  const significant = significantReports(run.reports, alpha, inference);
  // Without a choice, the largest significant cluster: the tab opens on something to read, not on "choose…".
  const selected = chosen ?? significant[0]?.id ?? null;
  const report = run.reports.find((r) => r.id === selected);
  const contributions = run.contributions.find((c) => c.clusterId === selected);
  return (
    <section aria-label="Cluster diagnostics">
      <div className="panel-head">
        <label>
          Cluster{' '}
          <select aria-label="Cluster" value={selected ?? ''} onChange={(e) => useStore.getState().selectCluster(e.target.value === '' ? null : Number(e.target.value))}>
            {significant.length === 0 && <option value="">no significant cluster</option>}
            {significant.map((r) => (
              <option key={r.id} value={r.id}>
                {r.id}: {r.peakRegion ?? 'unlabelled'} ({r.cluster.peak.xyz.join(', ')})
              </option>
            ))}
          </select>
        </label>
        <span className="muted small">or click a cluster in the viewer or the table</span>
      </div>
      {run.final ? (
        <FailSafeNControls clusterIds={significant.map((r) => r.id)} selected={selected} />
      ) : (
        <p className="muted">Fail-Safe N and the contributions of each experiment are computed with the final result, when the Monte Carlo has finished.</p>
      )}
      {report && contributions && <ContributionsChart data={contributions} names={names} />}
      {report && (
        <details>
          <summary>Experiments with foci in cluster {report.id} ({report.experiments.length})</summary>
          <ul className="experiments">
            {report.experiments.map((e) => (
              <li key={e.id}>
                {names.get(e.id) ?? e.id}: {e.foci} {e.foci === 1 ? 'focus' : 'foci'}
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
