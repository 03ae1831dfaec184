/**
 * Splitting one dataset into the two groups of a contrast: by a table
 * column with exactly two values, a pattern on experiment names, or a list.
 */
import type { Dataset, Diagnostic } from './dataset.ts';

/**
 * By a table column's two values, by a name pattern (group A matches), or by the experiments of group A
 * named one by one with the groups' names: the form a share link carries, so opening one runs no pattern.
 */
export type SplitRule = { column: string } | { pattern: string } | { ids: string[]; names: [string, string] };

export type SplitResult =
  | { ok: true; a: Dataset; b: Dataset; names: [string, string] }
  | { ok: false; error: Diagnostic };

export function splitDataset(dataset: Dataset, rule: SplitRule): SplitResult {
  const fail = (message: string): SplitResult => ({ ok: false, error: { severity: 'error', source: dataset.source, message } });
  let inA: (e: Dataset['experiments'][number]) => boolean;
  let names: [string, string];
  if ('column' in rule) {
    const column = rule.column.trim().toLowerCase();
    const values = [...new Set(dataset.experiments.map((e) => e.attributes?.[column]))];
    if (values.includes(undefined)) return fail(`no column "${rule.column}" to split by (only tables with one row per focus have extra columns)`);
    if (values.length !== 2) return fail(`column "${rule.column}" must have exactly two values to split into groups, found ${values.length}: ${values.slice(0, 5).join(', ')}`);
    const [first, second] = values as string[];
    inA = (e) => e.attributes?.[column] === first;
    names = [first, second];
  } else if ('ids' in rule) {
    const known = new Set(dataset.experiments.map((e) => e.id));
    const unknown = rule.ids.filter((id) => !known.has(id));
    if (unknown.length > 0) return fail(`group A names ${unknown.length} experiment(s) the data do not have: ${unknown.slice(0, 3).map((id) => `"${id}"`).join(', ')}`);
    const inGroupA = new Set(rule.ids);
    inA = (e) => inGroupA.has(e.id);
    names = rule.names;
  } else {
    let pattern: RegExp;
    try {
      pattern = new RegExp(rule.pattern, 'i');
    } catch (err) {
      return fail(`invalid pattern "${rule.pattern}": ${(err as Error).message}`);
    }
    inA = (e) => pattern.test(e.id);
    names = [`matching /${rule.pattern}/`, `not matching /${rule.pattern}/`];
  }
  const a = dataset.experiments.filter(inA);
  const b = dataset.experiments.filter((e) => !inA(e));
  if (a.length === 0 || b.length === 0) return fail(`the split leaves ${a.length} and ${b.length} experiments; both groups need some`);
  return { ok: true, a: { ...dataset, source: `${dataset.source} [${names[0]}]`, experiments: a }, b: { ...dataset, source: `${dataset.source} [${names[1]}]`, experiments: b }, names };
}
