/**
 * The methods report in the page, ready to copy into a manuscript, with its
 * citations, and a checklist of what reviewers ask about an ALE.
 */
import { useMemo } from 'react';
import { significantReports } from '../../workers/diagnostics/index.ts';
import { methodsMarkdown, methodsSections, reviewChecklist, type CheckStatus } from '../../workers/reports/index.ts';
import { useStore } from '../store.ts';
import { CopyButton } from './CopyButton.tsx';
import { reportContext } from './reportContext.ts';

const MARK: Record<CheckStatus, string> = { ok: '✓', warn: '!', flag: '✗' };

export function MethodsPanel() {
  const run = useStore((s) => s.run);
  const dataset = useStore((s) => s.dataset);
  const demo = useStore((s) => s.demo);
  const alpha = useStore((s) => s.fweAlpha);
  const datasetUrl = useStore((s) => s.datasetUrl);
  const inference = useStore((s) => s.inference);
  const context = useMemo(() => reportContext({ run, fweAlpha: alpha, demo, datasetUrl, inference }), [run, alpha, demo, datasetUrl, inference]);
  const checks = useMemo(() => {
    if (!run || !dataset) return [];
    const ids = new Set(significantReports(run.reports, alpha, inference).map((r) => r.id));
    return reviewChecklist({
      dataset,
      // While the Monte Carlo runs, judge the iterations asked for.
      iterations: run.final ? run.summary.monte_carlo.iterations_run : run.summary.parameters.iterations,
      stoppedWhenSettled: run.final && run.summary.monte_carlo.stopped_when_settled,
      clusterFormingP: run.summary.parameters.clusterFormingP,
      sampleSizeOverride: run.summary.parameters.sampleSize,
      placeholderSampleSize: demo?.kind === 'published' ? demo.placeholderSampleSize : undefined,
      contributions: run.contributions.filter((c) => ids.has(c.clusterId)),
    });
  }, [run, dataset, demo, alpha, inference]);
  if (!run || !context) return <p className="muted">Run the analysis: its methods and results are written here.</p>;
  const sections = run.final ? methodsSections(context) : [];
  return (
    <div className="methods">
      <section aria-label="Reviewer checklist" className="checklist" data-testid="checklist">
        <h2>Checklist</h2>
        <ul>
          {checks.map((c) => (
            <li key={c.id} className={c.status} data-check={c.id} data-status={c.status}>
              <span className="mark" aria-label={c.status}>{MARK[c.status]}</span>
              <div>
                <strong>{c.title}</strong>
                <p>{c.detail}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>
      <article aria-label="Methods and results" className="report" data-testid="methods-report">
        <div className="panel-head">
          <h2>Methods and results</h2>
          {run.final && <CopyButton label="Copy as Markdown" text={() => methodsMarkdown(context)} />}
        </div>
        {!run.final && <p className="muted">The report is written when the Monte Carlo has finished.</p>}
        {sections.map((section) => (
          <section key={section.heading}>
            <h3>{section.heading}</h3>
            {section.paragraphs.map((p) => (
              <p key={p}>{p}</p>
            ))}
            {section.table && (
              <div className="table-scroll">
                <table className="clusters">
                  <thead>
                    <tr>{section.table.header.map((h) => <th key={h}>{h}</th>)}</tr>
                  </thead>
                  <tbody>
                    {section.table.rows.map((row) => (
                      <tr key={row[0]}>{row.map((c, n) => <td key={n}>{c}</td>)}</tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {section.list && (
              <ol className="references">
                {section.list.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ol>
            )}
          </section>
        ))}
      </article>
    </div>
  );
}
