/** The methods report's context from the store: the finished run, α, and what to cite for the data. */
import type { ReportContext } from '../../workers/reports/index.ts';
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
