/**
 * Clustering of experiments (JALE's Cluster analyses) on the finished run's
 * experiments: settings, progress and cancel, the scores of every k against
 * the null, the correlation matrix figure, each group's experiments and the
 * files the command line writes.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ClusteringSettings } from '../../workers/analysis/index.ts';
import { bestLevel } from '../../workers/reports/index.ts';
import { useStore } from '../store.ts';
import { JobButton } from './JobButton.tsx';
import { NumberField, numberIn } from './NumberField.tsx';
import { save } from './save.ts';

const GROUPS = numberIn(2, 20, true);
const NULL_ITERATIONS = numberIn(2, 10_000, true);

const MIME: Record<string, string> = { tsv: 'text/tab-separated-values', svg: 'image/svg+xml', gz: 'application/gzip' };

/** An object URL for one of the clustering's SVG files, revoked when it changes or the panel closes. */
function useSvgUrl(file: { bytes: Uint8Array } | undefined): string | null {
  const url = useMemo(() => (file ? URL.createObjectURL(new Blob([file.bytes as BlobPart], { type: 'image/svg+xml' })) : null), [file]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  return url;
}

export function ClusteringPanel() {
  const job = useStore((s) => s.clustering);
  const hasRun = useStore((s) => s.runContext !== null);
  const experiments = useStore((s) => s.run?.summary.n_experiments ?? 0);
  const [settings, setSettings] = useState<ClusteringSettings>({ method: 'hierarchical', maxClusters: 10, linkage: 'complete', nullIterations: 1000 });
  const view = job.result;
  const figureUrl = useSvgUrl(view?.files.find((f) => f.name === 'correlation_matrix.svg'));
  const treeUrl = useSvgUrl(view?.files.find((f) => f.name === 'dendrogram.svg'));
  const best = view ? bestLevel(view.result) : null;
  return (
    <section aria-label="Clustering of experiments" className="panel" data-testid="clustering">
      <h3>Clustering of experiments</h3>
      <p>
        Which experiments activate alike (JALE's clustering of experiments): their modelled-activation maps are correlated (Spearman), 500 subsamples of 90 % of the experiments are clustered on 1 − r into 2 … k groups, and each k's silhouette and Calinski–Harabasz scores are compared with a null in which the foci are shuffled among the experiments. Runs on the finished run's {experiments || ''} experiments and parameters.
      </p>
      <div className="row">
        <label>
          Largest number of groups <NumberField min={2} max={20} value={settings.maxClusters} parse={GROUPS} onValue={(v) => setSettings({ ...settings, maxClusters: v })} />
        </label>{' '}
        <label>
          Method{' '}
          <select value={settings.method} onChange={(e) => setSettings({ ...settings, method: e.target.value === 'kmedoids' ? 'kmedoids' : 'hierarchical' })}>
            <option value="hierarchical">hierarchical</option>
            <option value="kmedoids">k-medoids</option>
          </select>
        </label>{' '}
        <label title="How hierarchical clustering joins groups, and how the final labels are drawn from the subsamples (both methods)">
          Linkage{' '}
          <select value={settings.linkage} onChange={(e) => setSettings({ ...settings, linkage: e.target.value === 'average' ? 'average' : 'complete' })}>
            <option value="complete">complete (JALE)</option>
            <option value="average">average</option>
          </select>
        </label>{' '}
        <label title="JALE runs 1,000; each is a subsample with shuffled foci, stamped and correlated (about half a second on one core for 50 experiments).">
          Null iterations <NumberField min={2} max={10000} step={100} value={settings.nullIterations} parse={NULL_ITERATIONS} onValue={(v) => setSettings({ ...settings, nullIterations: v })} />
        </label>{' '}
        <JobButton job={job} name="clustering" label="Cluster the experiments" disabled={!hasRun} onRun={() => void useStore.getState().runClusteringJob(settings)} />
        {!hasRun && <small> Run the analysis first; the clustering uses its experiments and parameters.</small>}
      </div>
      {job.status === 'cancelled' && <p>Clustering cancelled.</p>}
      {job.error && (
        <p role="alert" className="error">
          {job.error}
        </p>
      )}
      {view && best && (
        <>
          <table className="compact" data-testid="clustering-scores">
            <caption>
              {view.names.length} experiments, {view.result.subsamples} subsamples of {view.result.subsampleSize}, {view.result.nullIterations} null iterations ({view.settings.method === 'kmedoids' ? 'k-medoids' : `hierarchical, ${view.settings.linkage} linkage`}); z against the null
            </caption>
            <thead>
              <tr>
                <th>k</th>
                <th>silhouette</th>
                <th>z</th>
                <th>Calinski–Harabasz</th>
                <th>z</th>
                <th title="Mean share of the subsample in its largest group">largest group</th>
              </tr>
            </thead>
            <tbody>
              {view.result.levels.map((l) => (
                <tr key={l.k} data-k={l.k} className={l === best ? 'selected' : undefined}>
                  <td>{l.k}</td>
                  <td>
                    {l.silhouette.mean.toFixed(3)} ± {l.silhouette.sd.toFixed(3)}
                  </td>
                  <td>{l.silhouette.z.toFixed(2)}</td>
                  <td>
                    {l.calinskiHarabasz.mean.toFixed(2)} ± {l.calinskiHarabasz.sd.toFixed(2)}
                  </td>
                  <td>{l.calinskiHarabasz.z.toFixed(2)}</td>
                  <td>{(100 * l.separationDensity).toFixed(0)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
          {figureUrl && <img src={figureUrl} alt={`Correlation of the experiments' modelled activation in dendrogram order, the ${best.k} groups of the highest silhouette z outlined`} data-testid="clustering-figure" className="clustering-figure" />}
          {treeUrl && <img src={treeUrl} alt={`Dendrogram of the experiments, cut into ${best.k} groups, with each experiment's consensus group`} data-testid="clustering-dendrogram" className="clustering-figure" />}
          <ol data-testid="clustering-groups">
            {Array.from({ length: best.k }, (_, g) => (
              <li key={g}>
                <strong>Group {g + 1}</strong> of k = {best.k}:{' '}
                {view.names
                  .filter((_, e) => best.labels[e] === g + 1)
                  .map((name, i) => (
                    <span key={name} data-experiment={name}>
                      {i > 0 && ', '}
                      {name}
                    </span>
                  ))}
              </li>
            ))}
          </ol>
          <p>
            {view.files.map((f) => (
              <button key={f.name} type="button" onClick={() => save(f.name, f.bytes, MIME[f.name.split('.').pop() as string] ?? 'application/octet-stream')}>
                {f.name}
              </button>
            ))}
          </p>
        </>
      )}
    </section>
  );
}
