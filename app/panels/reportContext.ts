/** The methods report's context from the store: the finished run, α, and what to cite for the data. */
import { inferenceFor, significantReports } from '../../workers/diagnostics/index.ts';
import { experimentLabel } from '../../workers/input/index.ts';
import { counted, publicationRows, type PublicationRow, type ReportContext } from '../../workers/reports/index.ts';
import type { AppState } from '../state/types.ts';

const DEMO_CITATIONS = [
  'Yarkoni T, Poldrack RA, Nichols TE, Van Essen DC, Wager TD (2011). Large-scale automated synthesis of human functional neuroimaging data. Nature Methods 8:665–670. (Neurosynth; data under ODbL 1.0.)',
  'Dockès J, Poldrack RA, Primet R, Gözükan H, Yarkoni T, Suchanek F, Thirion B, Varoquaux G (2020). NeuroQuery, comprehensive meta-analysis of human brain mapping. eLife 9:e53385. (Data under BSD 3-Clause.)',
];

export function reportContext(s: Pick<AppState, 'run' | 'fweAlpha' | 'demo' | 'datasetUrl' | 'inference'>): ReportContext | null {
  const run = s.run;
  if (!run) return null;
  const neurostore = s.datasetUrl?.startsWith('https://neurostore.org/') ? [`Studyset from Neurostore (https://neurostore.org), retrieved ${new Date().toISOString().slice(0, 10)}: ${s.datasetUrl}.`] : [];
  return {
    summary: run.summary,
    reports: run.reports,
    alpha: s.fweAlpha,
    inference: s.inference,
    maskDescription: run.summary.mask,
    date: new Date().toISOString().slice(0, 10),
    dataCitations: s.demo?.kind === 'published' ? DEMO_CITATIONS : neurostore,
    ...(s.demo?.kind === 'published' ? { placeholderSampleSize: s.demo.placeholderSampleSize } : {}),
  };
}

/** The significant clusters as a paper prints them, and the table's caption. */
export function publicationTableOf(s: Pick<AppState, 'run' | 'fweAlpha' | 'inference' | 'dataset' | 'demo'>): { rows: PublicationRow[]; caption: string } | null {
  const run = s.run;
  if (!run?.final) return null;
  const inference = inferenceFor(run.reports, s.inference);
  const iterations = run.summary.monte_carlo.iterations_run;
  const names = new Map(s.dataset?.experiments.map((e) => [e.id, experimentLabel(e)]) ?? []);
  const rows = publicationRows(significantReports(run.reports, s.fweAlpha, inference), run.contributions, iterations, (id) => names.get(id) ?? id);
  const decided = iterations === 0 ? 'uncorrected (no Monte Carlo)' : `${inference === 'tfce' ? 'TFCE' : 'cluster-size'} FWE p < ${s.fweAlpha}, ${counted(iterations, 'Monte-Carlo iteration', 'Monte-Carlo iterations')}`;
  const placeholder = s.demo?.kind === 'published' ? `; sample sizes unknown, placeholder N = ${s.demo.placeholderSampleSize}` : '';
  const caption = `Clusters of the ALE meta-analysis of ${counted(run.summary.n_experiments, 'experiment', 'experiments')} (${counted(run.summary.n_foci, 'focus', 'foci')}${placeholder}), formed at p < ${run.summary.parameters.clusterFormingP} and significant at ${decided}. Peaks in MNI space (mm); regions from the AAL atlas; contributions are each experiment's share of the cluster's ALE. ${run.summary.software}.`;
  return { rows, caption };
}
