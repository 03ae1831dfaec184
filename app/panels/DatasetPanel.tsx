/** The loaded dataset as the engine sees it, with every message of the input gate and of the run. */
import { experimentLabel, formatDiagnostic, type Diagnostic } from '../../workers/input/index.ts';
import { useStore } from '../store.ts';

export function DiagnosticList({ items, testId }: { items: Diagnostic[]; testId: string }) {
  if (items.length === 0) return null;
  return (
    <ul data-testid={testId} className="diagnostics">
      {items.map((d, n) => (
        <li key={n} className={d.severity}>
          {formatDiagnostic(d)}
        </li>
      ))}
    </ul>
  );
}

export function DatasetPanel() {
  const dataset = useStore((s) => s.dataset);
  const inputDiagnostics = useStore((s) => s.inputDiagnostics);
  const runDiagnostics = useStore((s) => s.runDiagnostics);
  const maskDiagnostics = useStore((s) => s.maskDiagnostics);
  const hiddenFoci = useStore((s) => s.hiddenFoci);
  const placeholder = useStore((s) => (s.demo?.kind === 'published' ? s.demo.placeholderSampleSize : null));
  const nFoci = dataset?.experiments.reduce((n, e) => n + e.foci.length, 0) ?? 0;
  const nSubjects = dataset?.experiments.reduce((n, e) => n + (e.sampleSize ?? 0), 0) ?? 0;
  const spaces = dataset ? [...new Set(dataset.experiments.flatMap((e) => e.foci.map((f) => f.space)))].join(', ') : '';
  return (
    <section aria-label="Dataset" className="panel">
      <h2>Dataset</h2>
      {!dataset && <p className="muted">Nothing loaded yet.</p>}
      {dataset && (
        <>
          <p data-testid="dataset-summary">
            <strong className="source">{dataset.source}</strong>: {dataset.experiments.length} experiments, {nFoci} foci, {placeholder ? `subjects unknown (placeholder N = ${placeholder} each)` : `${nSubjects} subjects`}; space {spaces}
          </p>
          <details>
            <summary>Experiments</summary>
            <table className="compact">
              <thead>
                <tr>
                  <th>Experiment</th>
                  <th>Foci</th>
                  <th>N</th>
                  <th>Where</th>
                  <th>Foci shown</th>
                </tr>
              </thead>
              <tbody>
                {dataset.experiments.map((e) => (
                  <tr key={e.id}>
                    <td className="name" title={e.id}>{experimentLabel(e)}</td>
                    <td>{e.foci.length}</td>
                    <td>{e.sampleSize ?? 'missing'}</td>
                    <td>{e.where}</td>
                    <td>
                      <input type="checkbox" aria-label={`show the foci of ${e.id}`} checked={!hiddenFoci.has(e.id)} onChange={() => useStore.getState().toggleExperimentFoci(e.id)} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </>
      )}
      <DiagnosticList items={inputDiagnostics} testId="diagnostics" />
      <DiagnosticList items={maskDiagnostics} testId="mask-diagnostics" />
      <DiagnosticList items={runDiagnostics} testId="run-diagnostics" />
    </section>
  );
}
