/** `--analysis-info`/`--analysis`: the experiments one analysis of JALE's analysis sheet selects, as datasets to run. */
import { basename } from 'node:path';
import { ANALYSIS_KINDS, formatDiagnostic, readAnalysisSheet, selectAnalyses, type Dataset, type SelectedGroup } from '../workers/input/index.ts';
import { InputError, loadDataset, readInputFile } from './io.ts';
import type { SheetAnalysis } from './options.ts';

export type ChosenAnalysis =
  | { kind: 'main'; dataset: Dataset }
  | { kind: 'contrast'; a: Dataset; b: Dataset; names: [string, string] }
  | { kind: 'probabilistic'; dataset: Dataset; subsetSize: number }
  | { kind: 'balanced'; a: Dataset; b: Dataset; names: [string, string]; subsetSize: number | null }
  | { kind: 'cluster'; dataset: Dataset };

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
  // "B:name" picks by type where two rows share a name (a C and a B row of the same groups do).
  const typed = /^(M|P|C|B|Cluster):\s*(.+)$/i.exec(analysis.name);
  const matches = choices.filter((c) => (typed ? c.analysis.name === typed[2] && ANALYSIS_KINDS[c.analysis.kind].letter.toLowerCase() === typed[1].toLowerCase() : c.analysis.name === analysis.name));
  if (matches.length === 0) throw new InputError(`${sheetName}: no analysis named "${analysis.name}"; the sheet has:\n${listing}`);
  if (matches.length > 1) throw new InputError(`${sheetName}: ${matches.length} analyses are named "${analysis.name}"; name one with its type: ${matches.map((m) => `"${ANALYSIS_KINDS[m.analysis.kind].letter}:${m.analysis.name}"`).join(' or ')}`);
  const [found] = matches;
  const subset = (g: SelectedGroup): Dataset => {
    if (!g.selection.ok) throw new InputError(`${sheetName}: ${g.name}: ${g.selection.message}`);
    return g.selection.dataset;
  };
  const { kind } = found.analysis;
  if (kind === 'main') return { kind: 'main', dataset: subset(found.groups[0]) };
  if (kind === 'cluster') return { kind: 'cluster', dataset: subset(found.groups[0]) };
  if (kind === 'probabilistic') return { kind: 'probabilistic', dataset: subset(found.groups[0]), subsetSize: found.analysis.subsetSize as number };
  const [a, b] = found.groups;
  const pair = { a: subset(a), b: subset(b), names: [a.name, b.name] as [string, string] };
  return kind === 'contrast' ? { kind, ...pair } : { kind, ...pair, subsetSize: found.analysis.subsetSize };
}
