/** The loaded dataset as the engine sees it, with every message of the input gate and of the run. */
import { ANALYSIS_KINDS, experimentLabel, formatDiagnostic, type Diagnostic } from '../../workers/input/index.ts';
import { counted } from '../../workers/reports/index.ts';
import { useStore } from '../store.ts';

export function DiagnosticList({ items, testId, alert = false }: { items: Diagnostic[]; testId: string; alert?: boolean }) {
  if (items.length === 0) return null;
  return (
    <ul data-testid={testId} className="diagnostics" role={alert ? 'alert' : undefined}>
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
  const refused = inputDiagnostics.some((d) => d.severity === 'error');
  const placeholder = useStore((s) => (s.demo?.kind === 'published' ? s.demo.placeholderSampleSize : null));
  const nFoci = dataset?.experiments.reduce((n, e) => n + e.foci.length, 0) ?? 0;
  const nSubjects = dataset?.experiments.reduce((n, e) => n + (e.sampleSize ?? 0), 0) ?? 0;
  const spaces = dataset ? [...new Set(dataset.experiments.flatMap((e) => e.foci.map((f) => f.space)))].join(', ') : '';
  return (
    <section aria-label="Dataset" className="panel">
      <h2>Dataset</h2>
      {/* A file that did not load says why first, above what stays loaded, so it is seen without scrolling. */}
      {refused && <DiagnosticList items={inputDiagnostics} testId="diagnostics" alert />}
      {!dataset && <p className="muted">Nothing loaded yet.</p>}
      {dataset && (
        <>
          <p data-testid="dataset-summary">
            <strong className="source">{dataset.source}</strong>: {counted(dataset.experiments.length, 'experiment', 'experiments')}, {counted(nFoci, 'focus', 'foci')}, {placeholder ? `subjects unknown (placeholder N = ${placeholder} each)` : counted(nSubjects, 'subject', 'subjects')}; space {spaces}
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
          <SheetAnalyses />
        </>
      )}
      {!refused && <DiagnosticList items={inputDiagnostics} testId="diagnostics" />}
      <DiagnosticList items={maskDiagnostics} testId="mask-diagnostics" />
      <DiagnosticList items={runDiagnostics} testId="run-diagnostics" />
    </section>
  );
}

/**
 * JALE's analysis sheet for an experiment sheet: each analysis with how many
 * experiments each of its groups selects; choosing one loads its experiments
 * (a contrast's group B goes to the Contrast tab).
 */
function SheetAnalyses() {
  const dataset = useStore((s) => s.dataset);
  const sheet = useStore((s) => s.analysisSheet);
  if (!sheet && dataset?.format !== 'jale') return null;
  const onFile = async (event: React.ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (file) await useStore.getState().loadAnalysisSheet(new Uint8Array(await file.arrayBuffer()), file.name);
  };
  return (
    <div className="sheet-analyses" data-testid="sheet-analyses">
      <label>
        JALE analysis sheet <input type="file" aria-label="JALE analysis sheet" accept=".xlsx,.csv" onChange={onFile} />
      </label>
      {sheet && (
        <table className="compact">
          <caption>
            {sheet.source}: experiments each analysis selects (of {sheet.experiments.experiments.length})
          </caption>
          <tbody>
            <tr>
              <td>the whole sheet</td>
              <td>{sheet.experiments.experiments.length}</td>
              <td>
                <button type="button" disabled={sheet.chosen === null} onClick={() => useStore.getState().useSheetAnalysis(null)}>
                  {sheet.chosen === null ? 'loaded' : 'load'}
                </button>
              </td>
            </tr>
            {sheet.analyses.map(({ analysis, groups }, index) => {
              const kind = ANALYSIS_KINDS[analysis.kind];
              const problem = groups.find((g) => !g.selection.ok);
              return (
                <tr key={index} data-analysis={analysis.name}>
                  <td className="name" title={`${analysis.name}: ${kind.label}`}>
                    {analysis.name} <span className="muted">({kind.letter}{analysis.subsetSize ?? ''})</span>
                  </td>
                  <td>{groups.map((g) => (g.selection.ok ? g.selection.dataset.experiments.length : 'none')).join(' vs ')}</td>
                  <td>
                    {!problem ? (
                      <button type="button" disabled={sheet.chosen === index} title={analysis.kind === 'contrast' || analysis.kind === 'balanced' ? `loads group A; group B goes to the Contrast tab${analysis.kind === 'balanced' ? ` (Run balanced contrast there${analysis.subsetSize ? ` with N = ${analysis.subsetSize}` : ''})` : ''}` : analysis.kind === 'cluster' ? 'loads its experiments: Run ALE, then cluster them in the JALE tab' : analysis.kind === 'probabilistic' ? `loads its experiments: Run ALE, then run the probabilistic ALE with N = ${analysis.subsetSize} in the JALE tab` : undefined} onClick={() => useStore.getState().useSheetAnalysis(index)}>
                        {sheet.chosen === index ? 'loaded' : analysis.kind === 'contrast' || analysis.kind === 'balanced' ? 'load A + B' : 'load'}
                      </button>
                    ) : (
                      <span className="muted small" title={problem.selection.ok ? undefined : `${problem.name}: ${problem.selection.message}`}>
                        selects none
                      </span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
