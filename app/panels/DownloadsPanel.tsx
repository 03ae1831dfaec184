/**
 * Everything a result consists of, as files: maps (named as on the command
 * line), tables, the summary, the dataset in four formats, figures (a
 * publication mosaic and the current view), and the methods report.
 */
import { useEffect, useState } from 'react';
import { datasetStem, writeDataset, type DatasetFormat } from '../../workers/input/index.ts';

const DATASET_DOWNLOADS: { format: DatasetFormat; suffix: string; label: string; type: string }[] = [
  { format: 'sleuth', suffix: '.sleuth.txt', label: 'Sleuth', type: 'text/plain' },
  { format: 'nimare-json', suffix: '_nimare.json', label: 'NiMARE JSON', type: 'application/json' },
  { format: 'nimads', suffix: '_nimads.json', label: 'NIMADS', type: 'application/json' },
  { format: 'tsv', suffix: '.tsv', label: 'TSV', type: 'text/tab-separated-values' },
];
import { methodsHtml, methodsMarkdown, publicationCsv, publicationHtml, publicationMarkdown, type OutputFile } from '../../workers/reports/index.ts';
import { runFiles, useStore } from '../store.ts';
import { viewFigure } from '../viewer/figure.ts';
import { PublicationFigure } from './PublicationFigure.tsx';
import { save } from './save.ts';
import { publicationTableOf, reportContext } from './reportContext.ts';


export function DownloadsPanel() {
  const run = useStore((s) => s.run);
  const dataset = useStore((s) => s.dataset);
  const [files, setFiles] = useState<OutputFile[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notes, setNotes] = useState<string[]>([]);
  useEffect(() => {
    setFiles(null);
    setError(null);
    if (!run) return;
    let current = true;
    runFiles().then(
      (f) => current && setFiles(f),
      (err: unknown) => current && setError((err as Error).message),
    );
    return () => {
      current = false;
    };
  }, [run]);
  if (!run || !dataset) return null;
  const attempt = (action: () => void | Promise<void>) => async () => {
    try {
      setError(null);
      await action();
    } catch (err) {
      setError((err as Error).message);
    }
  };
  const report = () => {
    const context = reportContext(useStore.getState());
    if (!context) throw new Error('no finished run');
    return context;
  };
  const table = () => {
    const made = publicationTableOf(useStore.getState());
    if (!made) throw new Error('no finished run');
    return made;
  };
  const caption = () => {
    const s = useStore.getState();
    const subjects = s.demo?.kind === 'published' ? `sample sizes unknown: placeholder N = ${s.demo.placeholderSampleSize} each` : `${run.summary.n_subjects} subjects`;
    return [
      `ALE of ${run.summary.n_experiments} experiments (${run.summary.n_foci} foci, ${subjects}) from ${dataset.source}; ${run.summary.software}.`,
      `Z shown above ${s.zThreshold.toFixed(2)}; clusters formed at p < ${run.summary.parameters.clusterFormingP} (ALE > ${run.summary.cluster_forming_threshold}), cluster-size FWE p < ${s.fweAlpha} with ${run.summary.monte_carlo.iterations_run} iterations (seed ${run.summary.parameters.seed}). MNI (${s.crosshair.join(', ')}).`,
    ];
  };
  return (
    <section aria-label="Downloads" className="downloads">
      <h2>Files</h2>
      <div className="buttons" data-testid="downloads">
        {files === null && !error && <span>preparing files…</span>}
        {files?.map((f) => (
          <button key={f.name} type="button" onClick={() => save(f.name, f.bytes, f.name.endsWith('.gz') ? 'application/gzip' : 'text/plain')}>
            {f.name}
          </button>
        ))}
        {DATASET_DOWNLOADS.map(({ format, suffix, label, type }) => (
          <button
            key={format}
            type="button"
            onClick={attempt(() => {
              const written = writeDataset(dataset, format, useStore.getState().runContext?.parameters.talTransform);
              save(`${datasetStem(dataset.source)}${suffix}`, written.text, type);
              setNotes(written.notes);
            })}
          >
            dataset as {label}
          </button>
        ))}
        <PublicationFigure attempt={attempt} save={save} />
        <button type="button" onClick={attempt(async () => save('figure.png', await viewFigure(caption()), 'image/png'))}>current view (PNG)</button>
        <button type="button" onClick={attempt(() => save('clusters_table.csv', publicationCsv(table().rows), 'text/csv'))}>cluster table (CSV)</button>
        <button
          type="button"
          onClick={attempt(() => {
            const { rows, caption } = table();
            save('clusters_table.md', `${caption}\n\n${publicationMarkdown(rows)}`, 'text/markdown');
          })}
        >
          cluster table (Markdown)
        </button>
        <button
          type="button"
          onClick={attempt(() => {
            const { rows, caption } = table();
            save('clusters_table.html', publicationHtml(rows, caption), 'text/html');
          })}
        >
          cluster table (HTML, for Word)
        </button>
        <button type="button" onClick={attempt(() => save('methods.md', methodsMarkdown(report()), 'text/markdown'))}>methods report (Markdown)</button>
        <button type="button" onClick={attempt(() => save('methods.html', methodsHtml(report()), 'text/html'))}>methods report (HTML)</button>
      </div>
      {error && <p role="alert" className="error">{error}</p>}
      {notes.map((note) => (
        <p key={note} className="note">{note}</p>
      ))}
    </section>
  );
}
