/**
 * Significant clusters with their sub-peaks, anatomy, system and the
 * experiments with foci in them; sortable, copyable as TSV, and tied to the
 * viewer: a row moves the crosshair there, a click in the viewer selects
 * the cluster under it. Ids are the values of the label volume.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { hasTfce, inferenceFor, significantReports, type ClusterReport } from '../../workers/diagnostics/index.ts';
import { experimentLabel } from '../../workers/input/index.ts';
import { counted, displayedClustersTsv, formatFweP, formatP } from '../../workers/reports/index.ts';
import { liveFwe } from '../state/derived.ts';
import { useStore } from '../store.ts';
import { nextSort, sortClusters, type Sort, type SortKey } from './clusterRows.ts';
import { clusterColour, cssColour } from '../viewer/palette.ts';
import { CopyButton } from './CopyButton.tsx';

const pct = (v: number) => `${Math.round(v * 100)}%`;

const COLUMNS: { key: SortKey; label: string; title?: string }[] = [
  { key: 'id', label: 'Cluster' },
  { key: 'x', label: 'x' },
  { key: 'y', label: 'y' },
  { key: 'z', label: 'z' },
  { key: 'volume', label: 'mm³', title: 'volume (voxels)' },
  { key: 'ale', label: 'Peak ALE' },
  { key: 'z-score', label: 'Peak Z' },
  { key: 'p', label: 'p FWE (size)' },
  { key: 'region', label: 'Region at peak' },
];

/** The TFCE column, when a run has one, follows the cluster-size p. */
const P_COLUMN = COLUMNS.findIndex((c) => c.key === 'p');

export function ClusterTable() {
  const run = useStore((s) => s.run);
  const dataset = useStore((s) => s.dataset);
  const alpha = useStore((s) => s.fweAlpha);
  const selected = useStore((s) => s.selectedCluster);
  const fsn = useStore((s) => s.fsn.result);
  const liveNullSizes = useStore((s) => s.liveNullSizes);
  const chosenInference = useStore((s) => s.inference);
  const cancelled = useStore((s) => s.status === 'cancelled');
  const live = useMemo(() => liveFwe(run, liveNullSizes, alpha), [run, liveNullSizes, alpha]);
  const [sort, setSort] = useState<Sort>({ key: 'id', descending: false });
  const tableRef = useRef<HTMLTableElement | null>(null);
  // A cluster chosen elsewhere (a click in the viewer, the tour) brings its row into view.
  useEffect(() => {
    if (selected !== null) tableRef.current?.querySelector(`tr[data-cluster="${selected}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);
  const names = useMemo(() => new Map(dataset?.experiments.map((e) => [e.id, experimentLabel(e)]) ?? []), [dataset]);
  if (!run) return <p className="muted">The clusters appear here as soon as the ALE map is computed.</p>;
  const iterations = run.summary.monte_carlo.iterations_run;
  const fsnOf = (id: number) => {
    const r = fsn?.find((f) => f.clusterId === id);
    return r ? (r.bound === 'below' ? `< ${r.min}` : r.bound === 'above' ? `> ${r.max}` : r.bound === 'stopped' ? `${r.min}–${r.max - 1}` : String(r.fsn)) : '—';
  };
  const tfce = hasTfce(run.reports);
  // A run without TFCE is read by cluster size, whatever was chosen for another run; the lede says which.
  const inference = inferenceFor(run.reports, chosenInference);
  const significant = significantReports(run.reports, alpha, inference);
  const noFwe = run.reports.length > 0 && run.reports[0].pFweSize === null;
  const pOf = (r: ClusterReport) => live?.get(r.id)?.p ?? r.pFweSize;
  const pText = (r: ClusterReport) => {
    const f = live?.get(r.id);
    if (!f) return run.final ? formatFweP(r.pFweSize, iterations) : cancelled ? '—' : 'running…';
    return `${formatFweP(f.p, liveNullSizes?.length ?? 0)} [${formatP(f.interval[0])}–${formatP(f.interval[1])}] ${f.settled ? (f.significant ? '✓ settled' : '✗ settled') : '…'}`;
  };
  const rows = sortClusters(significant, sort, pOf);
  const th = (key: SortKey, label: string, title?: string) => (
    <th key={key} aria-sort={sort.key === key ? (sort.descending ? 'descending' : 'ascending') : 'none'} title={title}>
      <button type="button" className="sort" onClick={() => setSort(nextSort(sort, key))}>
        {label}
        <span aria-hidden="true">{sort.key === key ? (sort.descending ? ' ▾' : ' ▴') : ''}</span>
      </button>
    </th>
  );
  return (
    <section aria-label="Clusters">
      <div className="panel-head">
        <p className="lede">
          {counted(run.summary.n_experiments, 'experiment', 'experiments')}, {counted(run.summary.n_foci, 'focus', 'foci')} ({run.summary.n_foci_outside_mask} outside the mask); {counted(run.reports.length, 'cluster', 'clusters')} of ALE &gt; {run.summary.cluster_forming_threshold};{' '}
          {!run.final && cancelled
            ? `the Monte Carlo was cancelled after ${(liveNullSizes?.length ?? 0).toLocaleString('en')} iterations: all are listed, uncorrected, with the FWE p of the iterations that finished and its 95 % interval; run again for corrected results and files`
            : !run.final
            ? `the Monte Carlo is running: all are listed, with the FWE p so far, its 95 % interval and whether the decision at α = ${alpha} is settled`
            : noFwe
              ? 'no Monte Carlo was run, so all are listed uncorrected'
              : `${significant.length} significant at ${inference === 'tfce' ? 'TFCE FWE p (of the cluster’s largest TFCE)' : 'cluster-size FWE p'} < ${alpha}`}
          .
        </p>
        {tfce && run.final && (
          <label className="small">
            Significance by{' '}
            <select aria-label="Inference" value={inference} onChange={(e) => useStore.getState().setInference(e.target.value as 'size' | 'tfce')}>
              <option value="size">cluster size (NiMARE, GingerALE)</option>
              <option value="tfce">TFCE (JALE)</option>
            </select>
          </label>
        )}
        <CopyButton label="Copy table as TSV" text={() => displayedClustersTsv(rows, pText, (id) => names.get(id) ?? id, tfce ? (r) => formatFweP(r.pFweTfce, iterations) : null)} />
      </div>
      <div className="table-scroll">
        <table ref={tableRef} data-testid="cluster-table" data-final={run.final} className="clusters">
          <thead>
            <tr>
              {COLUMNS.slice(0, P_COLUMN + 1).map((c) => th(c.key, c.label, c.title))}
              {tfce && <th title="TFCE's voxel-level FWE p of the cluster's largest TFCE">p FWE (TFCE)</th>}
              {COLUMNS.slice(P_COLUMN + 1).map((c) => th(c.key, c.label, c.title))}
              <th>Regions</th>
              {th('system', 'System')}
              {th('experiments', 'Experiments', 'experiments with foci in the cluster')}
              <th title="Fail-Safe N (Diagnostics tab)">FSN</th>
            </tr>
          </thead>
          <tbody>
            {rows.flatMap((r) => {
              const c = r.cluster;
              const select = () => useStore.getState().selectCluster(r.id);
              return [
                <tr key={r.id} data-cluster={r.id} className={selected === r.id ? 'selected' : ''} aria-selected={selected === r.id} onClick={select} tabIndex={0} onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), select())}>
                  <td>
                    <span className="swatch" style={{ background: cssColour(clusterColour(r.id)) }} aria-hidden="true" />
                    {r.id}
                  </td>
                  <td>{c.peak.xyz[0]}</td>
                  <td>{c.peak.xyz[1]}</td>
                  <td>{c.peak.xyz[2]}</td>
                  <td title={`${c.sizeVoxels} voxels`}>{c.sizeMm3.toLocaleString('en')}</td>
                  <td>{c.peak.ale.toFixed(5)}</td>
                  <td>{c.peak.z.toFixed(2)}</td>
                  <td data-testid="p-fwe">{pText(r)}</td>
                  {tfce && <td data-testid="p-fwe-tfce">{formatFweP(r.pFweTfce, iterations)}</td>}
                  <td>{r.peakRegion ?? '—'}</td>
                  <td className="regions" title={r.regions.slice(0, 8).map((s) => `${s.name ?? 'unlabelled'} ${pct(s.share)}`).join('\n')}>
                    {r.regions.slice(0, 3).map((s) => `${s.name ?? 'unlabelled'} ${pct(s.share)}`).join(', ')}
                  </td>
                  <td>{r.system}</td>
                  <td title={r.experiments.map((e) => `${names.get(e.id) ?? e.id} (${e.foci})`).join('\n')}>{r.experiments.length}</td>
                  <td>{fsnOf(r.id)}</td>
                </tr>,
                ...c.subPeaks.map((p, n) => (
                  <tr key={`${r.id}-${n}`} className="subpeak" onClick={() => useStore.getState().goTo(p.xyz)}>
                    <td>{`${r.id}${String.fromCharCode(97 + n)}`}</td>
                    <td>{p.xyz[0]}</td>
                    <td>{p.xyz[1]}</td>
                    <td>{p.xyz[2]}</td>
                    <td />
                    <td>{p.ale.toFixed(5)}</td>
                    <td>{p.z.toFixed(2)}</td>
                    <td />
                    {tfce && <td />}
                    <td>{r.subPeakRegions[n] ?? '—'}</td>
                    <td colSpan={4} />
                  </tr>
                )),
              ];
            })}
          </tbody>
        </table>
      </div>
      {iterations > 0 && run.final && (
        <p className="muted small">
          FWE p is the share of {iterations.toLocaleString('en')} Monte-Carlo datasets whose largest cluster is at least as large, so it cannot fall below 1/{iterations.toLocaleString('en')} = {(1 / iterations).toPrecision(2)} (NiMARE's floor). Click a row to visit a cluster; its experiments and Fail-Safe N are in the Diagnostics tab.
        </p>
      )}
    </section>
  );
}
