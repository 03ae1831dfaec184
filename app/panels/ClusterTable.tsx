/**
 * Significant clusters with their sub-peaks, anatomy, system and the
 * experiments with foci in them. Ids are the values of the label volume.
 */
import { useMemo } from 'react';
import { significantReports } from '../../workers/diagnostics/index.ts';
import { formatP } from '../../workers/reports/index.ts';
import { liveFwe } from '../state/derived.ts';
import { useStore } from '../store.ts';
import { ContributionsChart } from './ContributionsChart.tsx';
import { FailSafeNControls } from './FailSafeNControls.tsx';

const pct = (v: number) => `${Math.round(v * 100)}%`;

export function ClusterTable() {
  const run = useStore((s) => s.run);
  const alpha = useStore((s) => s.fweAlpha);
  const selected = useStore((s) => s.selectedCluster);
  const fsn = useStore((s) => s.fsn.result);
  const liveNullSizes = useStore((s) => s.liveNullSizes);
  const live = useMemo(() => liveFwe(run, liveNullSizes, alpha), [run, liveNullSizes, alpha]);
  if (!run) return null;
  const fsnOf = (id: number) => {
    const r = fsn?.find((f) => f.clusterId === id);
    return r ? (r.bound === 'below' ? `< ${r.min}` : r.bound === 'above' ? `> ${r.max}` : String(r.fsn)) : '—';
  };
  const significant = significantReports(run.reports, alpha);
  const noFwe = run.reports.length > 0 && run.reports[0].pFweSize === null;
  const pCell = (id: number, p: number | null) => {
    const f = live?.get(id);
    if (!f) return run.final ? formatP(p) : 'running…';
    return `${formatP(f.p)} [${formatP(f.interval[0])}–${formatP(f.interval[1])}] ${f.settled ? (f.significant ? '✓ settled' : '✗ settled') : '…'}`;
  };
  return (
    <section aria-label="Clusters">
      <h2>Clusters</h2>
      <p>
        {run.summary.n_experiments} experiments, {run.summary.n_foci} foci ({run.summary.n_foci_outside_mask} outside the mask); clusters of ALE &gt; {run.summary.cluster_forming_threshold}:{' '}
        {run.reports.length};{' '}
        {!run.final
          ? `the Monte Carlo is running: all are listed, with the FWE p so far, its 95 % Monte-Carlo interval and whether the decision at α = ${alpha} is settled`
          : noFwe
            ? 'no Monte Carlo was run, so all are listed uncorrected'
            : `${significant.length} significant at cluster-size FWE p < ${alpha} (${run.summary.monte_carlo.iterations_run.toLocaleString('en')} iterations${run.summary.monte_carlo.stopped_when_settled ? ', stopped once every decision was settled' : ''})`}
        .
      </p>
      <table data-testid="cluster-table" data-final={run.final} className="clusters">
        <thead>
          <tr>
            <th>Cluster</th><th>x</th><th>y</th><th>z</th><th>Voxels</th><th>mm³</th><th>Peak ALE</th><th>Peak Z</th><th>p FWE (size)</th><th>Region at peak</th><th>Regions</th><th>System</th><th>Experiments</th><th>FSN</th>
          </tr>
        </thead>
        <tbody>
          {significant.flatMap((r) => {
            const c = r.cluster;
            const rows = [
              <tr key={r.id} data-cluster={r.id} className={selected === r.id ? 'selected' : ''} onClick={() => useStore.getState().selectCluster(r.id)} tabIndex={0} onKeyDown={(e) => e.key === 'Enter' && useStore.getState().selectCluster(r.id)}>
                <td>{r.id}</td>
                <td>{c.peak.xyz[0]}</td>
                <td>{c.peak.xyz[1]}</td>
                <td>{c.peak.xyz[2]}</td>
                <td>{c.sizeVoxels}</td>
                <td>{c.sizeMm3}</td>
                <td>{c.peak.ale.toFixed(5)}</td>
                <td>{c.peak.z.toFixed(2)}</td>
                <td data-testid="p-fwe">{pCell(r.id, r.pFweSize)}</td>
                <td>{r.peakRegion ?? '—'}</td>
                <td>{r.regions.slice(0, 3).map((s) => `${s.name ?? 'unlabelled'} ${pct(s.share)}`).join(', ')}</td>
                <td>{r.system}</td>
                <td title={r.experiments.map((e) => `${e.id} (${e.foci})`).join('\n')}>{r.experiments.length}</td>
                <td>{fsnOf(r.id)}</td>
              </tr>,
            ];
            c.subPeaks.forEach((p, n) =>
              rows.push(
                <tr key={`${r.id}-${n}`} className="subpeak" onClick={() => useStore.getState().goTo(p.xyz)}>
                  <td>{`${r.id}${String.fromCharCode(97 + n)}`}</td>
                  <td>{p.xyz[0]}</td>
                  <td>{p.xyz[1]}</td>
                  <td>{p.xyz[2]}</td>
                  <td colSpan={2} />
                  <td>{p.ale.toFixed(5)}</td>
                  <td>{p.z.toFixed(2)}</td>
                  <td />
                  <td>{r.subPeakRegions[n] ?? '—'}</td>
                  <td colSpan={4} />
                </tr>,
              ),
            );
            return rows;
          })}
        </tbody>
      </table>
      <FailSafeNControls clusterIds={significant.map((r) => r.id)} selected={selected} />
      {selected !== null && <ExperimentsOf id={selected} />}
    </section>
  );
}

function ExperimentsOf({ id }: { id: number }) {
  const report = useStore((s) => s.run?.reports.find((r) => r.id === id));
  const contributions = useStore((s) => s.run?.contributions.find((c) => c.clusterId === id));
  if (!report) return null;
  return (
    <>
    {contributions && <ContributionsChart data={contributions} />}
    <details>
      <summary>Experiments with foci in cluster {id} ({report.experiments.length})</summary>
      <ul>
        {report.experiments.map((e) => (
          <li key={e.id}>
            {e.id}: {e.foci} focus/foci
          </li>
        ))}
      </ul>
    </details>
    </>
  );
}
