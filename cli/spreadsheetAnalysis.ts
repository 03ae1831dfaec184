/** `--analysis-info`/`--analysis`: the experiments one analysis of JALE's analysis sheet selects, as datasets to run. */
import { basename } from 'node:path';
import { formatDiagnostic, readAnalysisSheet, selectExperiments, type Dataset } from '../workers/input/index.ts';
import { InputError, loadDataset, readInputFile } from './io.ts';
import type { SheetAnalysis } from './options.ts';

export type ChosenAnalysis = { kind: 'main'; dataset: Dataset } | { kind: 'contrast'; a: Dataset; b: Dataset; names: [string, string] };

const KIND_LETTER = { main: 'M', probabilistic: 'P', contrast: 'C', balanced: 'B', cluster: 'Cluster' } as const;

export async function spreadsheetAnalysis(input: string, analysis: SheetAnalysis, pool: boolean): Promise<ChosenAnalysis> {
  const dataset = await loadDataset(input, pool);
  const sheet = await readAnalysisSheet(readInputFile(analysis.sheet, 'analysis sheet'), basename(analysis.sheet));
  if (!sheet.ok) throw new InputError(sheet.errors.map(formatDiagnostic).join('\n'));
  const subset = (conditions: string[], name: string): Dataset => {
    const chosen = selectExperiments(dataset, conditions);
    if (!chosen.ok) throw new InputError(`${basename(analysis.sheet)}: ${name}: ${chosen.message}`);
    return { ...dataset, source: `${dataset.source}: ${name}`, experiments: chosen.indices.map((n) => dataset.experiments[n]) };
  };
  const listing = sheet.analyses
    .map((a) => {
      const counts = a.groups.map((g) => {
        const s = selectExperiments(dataset, g.conditions);
        return s.ok ? `${s.indices.length}` : 'none';
      });
      return `  ${a.name} (${KIND_LETTER[a.kind]}${a.subsetSize ?? ''}; ${counts.join(' vs ')} experiments)`;
    })
    .join('\n');
  if (analysis.name === null) throw new InputError(`${basename(analysis.sheet)}: name one analysis with --analysis:\n${listing}`);
  const found = sheet.analyses.find((a) => a.name === analysis.name);
  if (!found) throw new InputError(`${basename(analysis.sheet)}: no analysis named "${analysis.name}"; the sheet has:\n${listing}`);
  if (found.kind === 'main') return { kind: 'main', dataset: subset(found.groups[0].conditions, found.name) };
  if (found.kind === 'contrast') {
    const [a, b] = found.groups;
    return { kind: 'contrast', a: subset(a.conditions, a.name), b: subset(b.conditions, b.name), names: [a.name, b.name] };
  }
  throw new InputError(`${basename(analysis.sheet)}: "${found.name}" is a ${found.kind === 'probabilistic' ? 'probabilistic ALE' : found.kind === 'balanced' ? 'balanced contrast' : 'clustering of experiments'} (${KIND_LETTER[found.kind]}), which this version does not run yet; main effects (M) and contrasts (C) run`);
}
