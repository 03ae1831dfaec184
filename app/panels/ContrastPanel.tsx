/**
 * Contrast of two groups: the loaded dataset (A) against a second file (B),
 * or the loaded dataset split by a table column or a name pattern.
 */
import { useState, type ChangeEvent } from 'react';
import { parseVolumeMm3, type ContrastView } from '../../workers/analysis/index.ts';
import { regionAt } from '../../workers/diagnostics/index.ts';
import { formatContrastP } from '../../workers/reports/index.ts';
import { useStore } from '../store.ts';

/** The rows of one direction (or the conjunction): each cluster's peak, size, z, the peak's uncorrected p and its AAL region. */
function ClusterRows({ title, clusters, pText }: { title: string; clusters: ContrastView['clusters']['aOverB']; pText: (index: number) => string }) {
  const atlas = useStore((s) => s.atlas);
  return (
    <>
      <tr className="group">
        <th colSpan={8}>
          {title}: {clusters.length} cluster(s)
        </th>
      </tr>
      {clusters.map((c, n) => (
        <tr key={`${title}-${c.id}`} onClick={() => useStore.getState().goTo(c.peak.xyz)}>
          <td>{c.id}</td>
          <td>{c.peak.xyz[0]}</td>
          <td>{c.peak.xyz[1]}</td>
          <td>{c.peak.xyz[2]}</td>
          <td>{c.sizeVoxels}</td>
          <td>{c.peak.z.toFixed(2)}</td>
          <td>{pText(n)}</td>
          <td>{(atlas && regionAt(atlas, c.peak.xyz)) ?? 'unlabelled'}</td>
        </tr>
      ))}
    </>
  );
}

export function ContrastPanel() {
  const dataset = useStore((s) => s.dataset);
  const contrastB = useStore((s) => s.contrastB);
  const split = useStore((s) => s.contrastSplit);
  const job = useStore((s) => s.contrast);
  const hasRun = useStore((s) => s.run !== null);
  const isDemo = useStore((s) => s.demo?.kind === 'simulated');
  const { setContrastB, setContrastSplit, runContrastJob, cancelJob } = useStore.getState();
  const [pattern, setPattern] = useState('');
  const [balancedN, setBalancedN] = useState('');
  const [minVolume, setMinVolume] = useState('');
  // Empty: every cluster; otherwise a volume in mm³ (GingerALE's minimum volume; papers often use 200).
  const minVolumeMm3 = minVolume.trim() === '' ? 0 : (parseVolumeMm3(minVolume.trim()) ?? undefined);
  // Empty: JALE's default N; otherwise a whole number of at least 1 (the engine names a size the groups cannot give).
  const balancedSize = balancedN.trim() === '' ? null : /^\d+$/.test(balancedN.trim()) && Number(balancedN) >= 1 ? Number(balancedN) : undefined;
  const columns = dataset ? [...new Set(dataset.experiments.flatMap((e) => Object.keys(e.attributes ?? {})))] : [];
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) setContrastB(new Uint8Array(await file.arrayBuffer()), file.name);
    event.target.value = '';
  };
  if (!dataset) return <p className="muted">Load a dataset first.</p>;
  const ready = contrastB !== null || split !== null;
  const view = job.result;
  return (
    <section aria-label="Contrast" className="contrast">
      <h2 className="visually-hidden">Contrast and conjunction</h2>
      <p>
        A = {split ? 'the loaded experiments that match' : <strong>{dataset.source}</strong>}. B ={' '}
        <label>
          a second file <input type="file" data-testid="contrast-b-input" onChange={onFile} />
        </label>{' '}
        {isDemo && !contrastB && (
          <button type="button" onClick={() => void useStore.getState().loadDemoLateLearning()}>
            or the simulated late-learning set
          </button>
        )}
        {contrastB && <strong>{contrastB.source} ({contrastB.experiments.length} experiments)</strong>}
      </p>
      <p>
        or split the loaded dataset:{' '}
        {columns.length > 0 && (
          <select aria-label="Split column" value={split && 'column' in split ? split.column : ''} onChange={(e) => setContrastSplit(e.target.value ? { column: e.target.value } : null)}>
            <option value="">by column…</option>
            {columns.map((c) => (
              <option key={c} value={c}>{c}</option>
            ))}
          </select>
        )}{' '}
        <input aria-label="Split pattern" placeholder="experiment name pattern (A)" value={pattern} onChange={(e) => setPattern(e.target.value)} />{' '}
        <button type="button" disabled={pattern.trim() === ''} onClick={() => setContrastSplit({ pattern })}>
          split by pattern
        </button>
        {split && ' — split set'}
      </p>
      {job.status === 'running' ? (
        <p data-testid="contrast-progress">
          {job.label} {job.total > 1 && `${job.done}/${job.total}`} <button type="button" onClick={() => cancelJob('contrast')}>Cancel</button>
        </p>
      ) : (
        <>
          <label title="Clusters of the contrast and the conjunction smaller than this are left out of the maps and the table (GingerALE's minimum volume; papers often report 200 mm³). Empty: every cluster.">
            smallest cluster <input aria-label="Smallest contrast cluster (mm³)" size={5} value={minVolume} onChange={(e) => setMinVolume(e.target.value)} placeholder="any" aria-invalid={minVolumeMm3 === undefined} /> mm³
          </label>{' '}
          <button type="button" disabled={!ready || !hasRun || minVolumeMm3 === undefined} onClick={() => minVolumeMm3 !== undefined && void runContrastJob(undefined, minVolumeMm3)}>
            Run contrast
          </button>{' '}
          <span title="JALE's balanced contrast (Frahm et al.): both groups compared at the same size N, by the exact mean ALE of N-subsets, against a Monte Carlo of random foci (the run's iterations and α). Empty N: JALE's default from the group sizes.">
            or the balanced contrast (JALE) at N{' '}
            <input aria-label="Balanced N" size={4} value={balancedN} onChange={(e) => setBalancedN(e.target.value)} placeholder="auto" aria-invalid={balancedSize === undefined} />{' '}
            <button type="button" disabled={!ready || !hasRun || balancedSize === undefined} onClick={() => balancedSize !== undefined && void runContrastJob({ subsetSize: balancedSize })}>
              Run balanced contrast
            </button>
          </span>
          {!hasRun && <small> Run the analysis of A first; the contrast uses the same parameters.</small>}
        </>
      )}
      {job.status === 'cancelled' && <p>Contrast cancelled.</p>}
      {job.error && <p role="alert" className="error">{job.error}</p>}
      {view && (
        <>
          {view.kind === 'balanced' ? (
            <p data-testid="contrast-kind">
              Balanced contrast (JALE) at N = {view.subsetSize}: A = {view.names[0]} ({view.counts.a} experiments), B = {view.names[1]} ({view.counts.b}). Red: A &gt; B, blue: B &gt; A, where the difference of the mean ALE of N-subsets is beyond the Monte Carlo's extremes (two-sided p &lt; α); there is no conjunction.
            </p>
          ) : (
            <p data-testid="contrast-kind">
              A = {view.names[0]} ({view.counts.a} experiments), B = {view.names[1]} ({view.counts.b}). Red: A &gt; B, blue: B &gt; A (each tested inside its group's significant main effect, Eickhoff et al. 2011); green (the viewer's “A and B” layer): the conjunction, the smaller z where both main effects are significant.{view.minVolumeMm3 > 0 && ` Clusters under ${view.minVolumeMm3.toLocaleString('en')} mm³ left out.`}
            </p>
          )}
          <table data-testid="contrast-table" className="clusters">
            <thead>
              <tr><th>Cluster</th><th>x</th><th>y</th><th>z</th><th>Voxels</th><th>Peak z</th><th title="The peak's one-sided permutation p (for the conjunction, the larger of the two main effects' p); it cannot fall below 1/permutations">p (peak, uncorr.)</th><th>Region at peak</th></tr>
            </thead>
            <tbody>
              <ClusterRows title="A > B" clusters={view.clusters.aOverB} pText={(n) => formatContrastP(view.peakP.aOverB[n], view.pFloorCount)} />
              <ClusterRows title="B > A" clusters={view.clusters.bOverA} pText={(n) => formatContrastP(view.peakP.bOverA[n], view.pFloorCount)} />
              <ClusterRows title="Conjunction (min z)" clusters={view.clusters.conjunction} pText={(n) => formatContrastP(view.peakP.conjunction[n], null)} />
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
