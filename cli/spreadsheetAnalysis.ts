/** `--analysis-info`/`--analysis`: the experiments one analysis of JALE's analysis sheet selects, as datasets to run. */
import { basename } from 'node:path';
import { ANALYSIS_KINDS, formatDiagnostic, readAnalysisSheet, selectAnalyses, type Dataset, type SelectedGroup } from '../workers/input/index.ts';
import { InputError, loadDataset, readInputFile } from './io.ts';
import type { SheetAnalysis } from './options.ts';

export type ChosenAnalysis =
  | { kind: 'main'; dataset: Dataset }
  | { kind: 'contrast'; a: Dataset; b: Dataset; names: [string, string] }
  | { kind: 'probabilistic'; dataset: Dataset; subsetSize: number };

export async function spreadsheetAnalysis(input: string, analysis: SheetAnalysis, pool: boolean): Promise<ChosenAnalysis> {
  const dataset = await loadDataset(input, pool);
  const sheetName = basename(analysis.sheet);
  const sheet = await readAnalysisSheet(readInputFile(analysis.sheet, 'analysis sheet'), sheetName);
  if (!sheet.ok) throw new InputError(sheet.errors.map(formatDiagnostic).join('\n'));
  const choices = selectAnalyses(dataset, sheet.analyses);
  const listing = choices
    .map(({ analysis: a, groups }) => {
      const counts = groups.map((g) => (g.selection.ok ? `${g.selection.dataset.experiments.length}` : 'none'));
      return `  ${a.name} (${ANALYSIS_KINDS[a.kind].letter}${a.subsetSize ?? ''}; ${counts.join(' vs ')} experiments)`;
    })
    .join('\n');
  if (analysis.name === null) throw new InputError(`${sheetName}: name one analysis with --analysis:\n${listing}`);
  const found = choices.find((c) => c.analysis.name === analysis.name);
  if (!found) throw new InputError(`${sheetName}: no analysis named "${analysis.name}"; the sheet has:\n${listing}`);
  const subset = (g: SelectedGroup): Dataset => {
    if (!g.selection.ok) throw new InputError(`${sheetName}: ${g.name}: ${g.selection.message}`);
    return g.selection.dataset;
  };
  const { kind, name } = found.analysis;
  if (kind === 'main') return { kind: 'main', dataset: subset(found.groups[0]) };
  if (kind === 'probabilistic') return { kind: 'probabilistic', dataset: subset(found.groups[0]), subsetSize: found.analysis.subsetSize as number };
  if (kind === 'contrast') {
    const [a, b] = found.groups;
    return { kind: 'contrast', a: subset(a), b: subset(b), names: [a.name, b.name] };
  }
  throw new InputError(`${sheetName}: "${name}" is a ${ANALYSIS_KINDS[kind].label} (${ANALYSIS_KINDS[kind].letter}), which this version does not run yet; main effects (M), probabilistic ALE (P) and contrasts (C) run`);
}
