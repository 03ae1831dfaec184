/**
 * JALE's analysis spreadsheet (`analysis_info`, no header): one row per
 * analysis, its type in column A, its name in B, and the tags that select
 * its experiments in C onwards. Types: M (main effect), P<N> (probabilistic
 * ALE on subsets of N), C and B[<N>] (contrast and balanced contrast, over
 * two rows: the second row, with an empty type, is group B), Cluster
 * (clustering of experiments). Tag logic, as JALE defines it: every "+tag"
 * must hold (AND), a "?" after several "+tag"s lets any of them hold (OR),
 * and "-tag" removes the experiments that have it (NOT). "all" names every
 * experiment.
 */
import type { Dataset, Diagnostic } from './dataset.ts';
import type { Cell } from './jaleSpreadsheet.ts';

export type JaleAnalysisKind = 'main' | 'probabilistic' | 'contrast' | 'balanced' | 'cluster';

export interface JaleGroup {
  name: string;
  conditions: string[];
  row: number;
}

export interface JaleAnalysis {
  kind: JaleAnalysisKind;
  /** The analysis's name: the group's name, or "A vs B" for a contrast. */
  name: string;
  groups: JaleGroup[];
  /** N of P<N> and B<N>; null where the type gives none (B: chosen from the groups). */
  subsetSize: number | null;
}

export type AnalysisSheet = { ok: true; analyses: JaleAnalysis[] } | { ok: false; errors: Diagnostic[] };

const isBlank = (c: Cell | undefined) => c === null || c === undefined || (typeof c === 'string' && c.trim() === '');

export function parseJaleAnalysisInfo(rows: readonly Cell[][], source: string): AnalysisSheet {
  const errors: Diagnostic[] = [];
  const fail = (row: number, message: string) => errors.push({ severity: 'error', source, line: row, message: `row ${row}: ${message}` });
  const analyses: JaleAnalysis[] = [];
  const filled = rows.map((cells, r) => ({ cells, row: r + 1 })).filter(({ cells }) => cells.some((c) => !isBlank(c)));
  for (let n = 0; n < filled.length; n++) {
    const { cells, row } = filled[n];
    const type = String(cells[0] ?? '').trim();
    const group = (at: { cells: Cell[]; row: number }): JaleGroup | null => {
      const name = String(at.cells[1] ?? '').trim();
      const conditions = at.cells.slice(2).filter((c) => !isBlank(c)).map((c) => String(c).trim());
      if (name === '') fail(at.row, 'column B (the analysis name) is empty');
      const bad = conditions.find((c) => !/^[+-].+$|^\?$/.test(c));
      if (bad !== undefined) fail(at.row, `"${bad}" is not a condition: use +tag (must have), -tag (must not have) or ? (any of the +tags before it)`);
      if (!conditions.some((c) => c.startsWith('+'))) fail(at.row, 'no +tag selects experiments (use +all for every experiment)');
      return name === '' ? null : { name, conditions, row: at.row };
    };
    const match = /^(M|P|C|B|Cluster)(\d*)$/i.exec(type);
    if (!match) {
      fail(row, `column A: unknown analysis type "${type}"; expected M, P<N>, C, B or B<N>, or Cluster${type === '' ? ' (a row with no type follows a C or B row as its group B)' : ''}`);
      continue;
    }
    const letter = match[1].toUpperCase();
    const number = match[2] === '' ? null : Number(match[2]);
    if (letter === 'P' && (number === null || number < 2)) {
      fail(row, `P needs the subset size, e.g. P20, got "${type}"`);
      continue;
    }
    const a = group(filled[n]);
    if (letter === 'C' || letter === 'B') {
      const next = filled[n + 1];
      if (!next || !isBlank(next.cells[0])) {
        fail(row, `a ${letter} row needs the next row (with column A empty) for group B`);
        continue;
      }
      n++;
      const b = group(next);
      if (a && b) analyses.push({ kind: letter === 'C' ? 'contrast' : 'balanced', name: `${a.name} vs ${b.name}`, groups: [a, b], subsetSize: number });
      continue;
    }
    if (a) analyses.push({ kind: letter === 'M' ? 'main' : letter === 'P' ? 'probabilistic' : 'cluster', name: a.name, groups: [a], subsetSize: number });
  }
  if (errors.length === 0 && analyses.length === 0) errors.push({ severity: 'error', source, message: 'no analyses found' });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, analyses };
}

/** The experiments (by index) a group's conditions select, or why none can be. */
export function selectExperiments(dataset: Dataset, conditions: readonly string[]): { ok: true; indices: number[] } | { ok: false; message: string } {
  const withTag = (tag: string) => {
    if (tag === 'all') return new Set(dataset.experiments.map((_, n) => n));
    return new Set(dataset.experiments.flatMap((e, n) => (e.tags?.includes(tag) ? [n] : [])));
  };
  const known = new Set(dataset.experiments.flatMap((e) => e.tags ?? []));
  let required: Set<number>[] = [];
  const excluded = new Set<number>();
  for (const condition of conditions) {
    if (condition === '?') {
      // JALE: the +tags so far are combined by OR.
      required = [new Set(required.flatMap((s) => [...s]))];
      continue;
    }
    const tag = condition.slice(1).trim().toLowerCase();
    if (tag !== 'all' && !known.has(tag)) return { ok: false, message: `no experiment has the tag "${tag}" (the sheet's tags: ${[...known].sort().join(', ') || 'none'})` };
    if (condition.startsWith('+')) required.push(withTag(tag));
    else for (const n of withTag(tag)) excluded.add(n);
  }
  const indices = dataset.experiments.map((_, n) => n).filter((n) => required.every((s) => s.has(n)) && !excluded.has(n));
  if (required.length === 0 || indices.length === 0) return { ok: false, message: `the conditions ${conditions.join(' ')} select no experiment` };
  return { ok: true, indices };
}

/** One group of an analysis with what it selects from the experiment sheet. */
export interface SelectedGroup {
  name: string;
  /** The group's experiments as a dataset of their own, or why it selects none. */
  selection: { ok: true; dataset: Dataset } | { ok: false; message: string };
}

/** The sheet's analyses with each group's experiments, as the app lists them and the command line runs them. */
export function selectAnalyses(dataset: Dataset, analyses: readonly JaleAnalysis[]): { analysis: JaleAnalysis; groups: SelectedGroup[] }[] {
  return analyses.map((analysis) => ({
    analysis,
    groups: analysis.groups.map((g) => {
      const chosen = selectExperiments(dataset, g.conditions);
      return {
        name: g.name,
        selection: chosen.ok ? { ok: true, dataset: { ...dataset, source: `${dataset.source}: ${g.name}`, experiments: chosen.indices.map((n) => dataset.experiments[n]) } } : chosen,
      };
    }),
  }));
}

/** What the type letter of an analysis means, for lists and messages. */
export const ANALYSIS_KINDS: Record<JaleAnalysisKind, { letter: string; label: string }> = {
  main: { letter: 'M', label: 'main effect' },
  probabilistic: { letter: 'P', label: 'probabilistic ALE' },
  contrast: { letter: 'C', label: 'contrast' },
  balanced: { letter: 'B', label: 'balanced contrast' },
  cluster: { letter: 'Cluster', label: 'clustering of experiments' },
};
