/**
 * First page: load a coordinate file, run ALE in the browser's workers and
 * read the cluster table. The viewer arrives with the next milestone.
 */
import type { ChangeEvent } from 'react';
import { formatDiagnostic } from '../workers/input/dataset.ts';
import { useStore } from './store.ts';

export function App() {
  const { dataset, diagnostics, status, progress, error, summary, parameters } = useStore();
  const { loadText, setParameters, run, cancel } = useStore.getState();

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) loadText(new Uint8Array(await file.arrayBuffer()), file.name);
  };

  const nFoci = dataset?.experiments.reduce((n, e) => n + e.foci.length, 0) ?? 0;
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', maxWidth: 960, margin: '0 auto', padding: 16 }}>
      <h1>ALE meta-analysis</h1>
      <p>Coordinates stay on your machine: the analysis runs in this page.</p>
      <label>
        Coordinate file (Sleuth, NiMARE JSON, NIMADS, CSV/TSV):{' '}
        <input type="file" data-testid="file-input" onChange={onFile} />
      </label>
      {dataset && (
        <p data-testid="dataset-summary">
          {dataset.source}: {dataset.experiments.length} experiments, {nFoci} foci
        </p>
      )}
      {diagnostics.length > 0 && (
        <ul data-testid="diagnostics">
          {diagnostics.map((d, n) => (
            <li key={n} style={{ color: d.severity === 'error' ? '#b00020' : '#8a6d00' }}>
              {formatDiagnostic(d)}
            </li>
          ))}
        </ul>
      )}
      <fieldset disabled={status === 'running'}>
        <label>
          Iterations{' '}
          <input type="number" min={0} value={parameters.iterations} onChange={(e) => setParameters({ iterations: Math.max(0, Math.trunc(Number(e.target.value))) })} />
        </label>{' '}
        <label>
          Seed <input type="number" min={0} value={parameters.seed} onChange={(e) => setParameters({ seed: Math.max(0, Math.trunc(Number(e.target.value))) })} />
        </label>{' '}
        <button type="button" onClick={() => void run()} disabled={!dataset}>
          Run ALE
        </button>
      </fieldset>
      {status === 'running' && (
        <p>
          <progress data-testid="progress" max={progress.total || 1} value={progress.done} /> {progress.done}/{progress.total}{' '}
          <button type="button" onClick={cancel}>
            Cancel
          </button>
        </p>
      )}
      {status === 'cancelled' && <p data-testid="status">Run cancelled.</p>}
      {error && (
        <p role="alert" style={{ color: '#b00020' }}>
          {error}
        </p>
      )}
      {summary && (
        <table data-testid="cluster-table">
          <thead>
            <tr>
              <th>Cluster</th><th>Peak x</th><th>y</th><th>z</th><th>Voxels</th><th>Peak ALE</th><th>p (FWE, size)</th>
            </tr>
          </thead>
          <tbody>
            {summary.clusters.map((c) => (
              <tr key={c.id}>
                <td>{c.id}</td>
                <td>{c.peak_xyz[0]}</td>
                <td>{c.peak_xyz[1]}</td>
                <td>{c.peak_xyz[2]}</td>
                <td>{c.size_voxels}</td>
                <td>{c.peak_ale.toFixed(5)}</td>
                <td>{c.p_fwe_size === null ? '—' : c.p_fwe_size.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
