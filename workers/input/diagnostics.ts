import type { Diagnostic, Experiment } from './dataset.ts';

/** Most errors and warnings listed for one source; past that one line says how many more there were. */
const MAX_LISTED = 20;
/** Longest piece of input a message quotes. */
const MAX_QUOTE = 200;

/** Input quoted in a message: at most MAX_QUOTE characters, on one line. */
export function quote(text: string): string {
  const line = text.replace(/[\r\n\t]+/g, ' ');
  return `"${line.length > MAX_QUOTE ? `${line.slice(0, MAX_QUOTE)}…` : line}"`;
}

/** A name from the input as part of a path in a message: at most 60 characters. */
export function short(text: string): string {
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

/** A line break as an editor counts one: \r\n, \r (old Mac files) or \n. */
export const LINE_BREAK = /\r\n|\r|\n/g;

/** The 1-based line of a position in the text, counted as an editor counts lines. */
export function lineFinder(text: string): (position: number) => number {
  const starts = [0, ...Array.from(text.matchAll(LINE_BREAK), (m) => m.index + m[0].length)];
  return (position) => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= position) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Collects errors and warnings about one source, capping how many are listed. */
export class DiagnosticLog {
  private readonly listedErrors: Diagnostic[] = [];
  private readonly listedWarnings: Diagnostic[] = [];
  private extraErrors = 0;
  private extraWarnings = 0;

  constructor(readonly source: string) {}

  error(message: string, line?: number): void {
    if (this.listedErrors.length < MAX_LISTED) this.listedErrors.push({ severity: 'error', source: this.source, line, message });
    else this.extraErrors++;
  }

  warn(message: string, line?: number): void {
    if (this.listedWarnings.length < MAX_LISTED) this.listedWarnings.push({ severity: 'warning', source: this.source, line, message });
    else this.extraWarnings++;
  }

  get hasErrors(): boolean {
    return this.listedErrors.length > 0;
  }

  /** The errors, with a closing line when some were not listed. */
  allErrors(): Diagnostic[] {
    if (this.extraErrors === 0) return this.listedErrors;
    return [...this.listedErrors, { severity: 'error', source: this.source, message: `${this.extraErrors} more errors not listed` }];
  }

  get warnings(): Diagnostic[] {
    if (this.extraWarnings === 0) return this.listedWarnings;
    return [...this.listedWarnings, { severity: 'warning', source: this.source, message: `${this.extraWarnings} more warnings not listed` }];
  }
}

/**
 * Makes experiment ids unique. NiMARE lets a later experiment with the same
 * id overwrite an earlier one; we keep both, rename the later one and say so.
 * A new name never takes an id that another experiment has or was given.
 */
export function ensureUniqueIds(experiments: Experiment[], log: DiagnosticLog): void {
  const taken = new Set(experiments.map((e) => e.id));
  const kept = new Set<string>();
  // Where the numbering of each repeated name goes on, so 30,000 repeats cost 30,000 look-ups, not 30,000².
  const nextNumber = new Map<string, number>();
  for (const e of experiments) {
    if (!kept.has(e.id)) {
      kept.add(e.id);
      continue;
    }
    let n = nextNumber.get(e.id) ?? 2;
    while (taken.has(`${e.id} (${n})`)) n++;
    nextNumber.set(e.id, n + 1);
    const renamed = `${e.id} (${n})`;
    log.warn(`experiment ${quote(e.id)} (${e.where}) has the same name as an earlier one; kept as ${quote(renamed)}`);
    taken.add(renamed);
    kept.add(renamed);
    e.id = renamed;
  }
}

/** Coordinates beyond this many mm from the origin are no brain's: a typo, or a unit mix-up. */
export const MAX_COORDINATE_MM = 1000;
/** Plain decimal notation only: no hex (0x10), no separators, no words. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** "-12,5" as a spreadsheet set to a European locale writes it. */
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/** Validates one coordinate token, naming the problem the way a person would fix it. */
export function parseCoordinate(token: string): number | string {
  const text = token.trim();
  if (DECIMAL_COMMA.test(text)) return `${quote(token)} is not a number (a decimal comma: write ${text.replace(',', '.')})`;
  if (!DECIMAL.test(text)) return `${quote(token)} is not a number (coordinates are decimal numbers such as -38.5)`;
  const v = Number(text);
  if (!Number.isFinite(v)) return `${quote(token)} is not a finite coordinate`;
  if (Math.abs(v) > MAX_COORDINATE_MM) return `${quote(token)} is outside ±${MAX_COORDINATE_MM.toLocaleString('en')} mm: not a brain coordinate`;
  return v;
}

/** Largest sample size accepted: larger ones are typos (and give kernels narrower than a voxel anyway). */
export const MAX_SAMPLE_SIZE = 100_000;

/** A sample size as a whole number of subjects ≥ 1 (written in decimal), or the problem. */
export function parseSampleSize(token: string): number | string {
  const text = token.trim();
  if (!/^\d+(\.0*)?$/.test(text)) return `the number of subjects must be a whole number ≥ 1, got ${quote(token)}`;
  const n = Number(text);
  if (n < 1) return `the number of subjects must be ≥ 1, got ${quote(token)}`;
  if (n > MAX_SAMPLE_SIZE) return `${n.toLocaleString('en')} subjects is more than the ${MAX_SAMPLE_SIZE.toLocaleString('en')} this tool accepts; is it a typo?`;
  return n;
}

/** The same rule for a number that came from JSON. */
export function checkSampleSize(n: unknown): number | string {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return `the number of subjects must be a whole number ≥ 1, got ${quote(JSON.stringify(n) ?? String(n))}`;
  if (n > MAX_SAMPLE_SIZE) return `${n.toLocaleString('en')} subjects is more than the ${MAX_SAMPLE_SIZE.toLocaleString('en')} this tool accepts; is it a typo?`;
  return n;
}
