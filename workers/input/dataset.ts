/**
 * The typed dataset every input format is turned into, and the diagnostics
 * the input gate reports. Coordinates stay in the space the file declared;
 * conversion to MNI happens when an analysis is prepared.
 */
import type { Space } from '../core/coordinates.ts';

export interface Focus {
  x: number;
  y: number;
  z: number;
  space: Space;
  /** The file named no known space and the focus is used as MNI (NiMARE's choice). */
  spaceAssumed?: boolean;
  /** 1-based line in the source file, where the format has lines. */
  line?: number;
}

export interface Experiment {
  /** Unique experiment id ("<study>-<contrast>", as NiMARE names them). */
  id: string;
  study: string;
  contrast: string;
  /** Subjects; null when the source does not give it. Means of lists may be fractional. */
  sampleSize: number | null;
  foci: Focus[];
  /** Where the experiment starts in the source (line number or JSON path). */
  where: string;
  /** Further per-experiment columns of a table (lower-case column name → value). */
  attributes?: Record<string, string>;
  /** JALE's tags (lower case), by which a spreadsheet's analyses select experiments. */
  tags?: readonly string[];
}

export type InputFormat = 'sleuth' | 'nimare-json' | 'nimads' | 'table' | 'jale';

export interface Dataset {
  /** File name (or "pasted text", or the URL) the dataset came from. */
  source: string;
  format: InputFormat;
  experiments: Experiment[];
}

export interface Diagnostic {
  severity: 'error' | 'warning';
  /** File name or URL. */
  source: string;
  /** 1-based line, when the message is about one line. */
  line?: number;
  message: string;
}

export type ParseResult =
  | { ok: true; dataset: Dataset; warnings: Diagnostic[] }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

/**
 * An experiment's id from its study and contrast, as NiMARE names them
 * ("<study>-<contrast>"), or the study alone when there is no contrast (a
 * table's experiment name): every reader and writer uses this one rule, so ids
 * survive conversion between formats.
 */
export function experimentId(study: string, contrast: string): string {
  return contrast === '' ? study : `${study}-${contrast}`;
}

/**
 * How an experiment is named to people: "Müller JL et al., 2002: study — contrast"
 * where the source gives authors and year, else its study and contrast names.
 */
export function experimentLabel(e: Experiment): string {
  const { authors, year } = e.attributes ?? {};
  const first = authors?.split(/[,;]/)[0]?.trim();
  const who = first ? `${first}${authors && /[,;]/.test(authors) ? ' et al.' : ''}${year ? `, ${year}` : ''}` : year ?? '';
  const contrast = e.contrast.trim();
  const what = contrast === '' || contrast === '1' ? e.study.trim() : `${e.study.trim()} — ${contrast}`;
  return who ? `${who}: ${what}` : what;
}

/** "file.txt:12: message" — the form used on the command line and in the UI. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line !== undefined ? `${d.source}:${d.line}` : d.source;
  return `${where}: ${d.severity}: ${d.message}`;
}

/** Orders strings by Unicode code point, as Python's sorted() does (NiMARE sorts experiment ids so). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const ca = ia.next();
    const cb = ib.next();
    if (ca.done || cb.done) return ca.done ? (cb.done ? 0 : -1) : 1;
    const d = (ca.value.codePointAt(0) ?? 0) - (cb.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}

/** Space names found in the wild, mapped to the two spaces we convert between. */
export function parseSpaceName(name: string): Space | null {
  const s = name.trim().toLowerCase();
  if (s === 'mni' || s.includes('mni') || s.includes('ale') || s === 'icbm') return 'MNI';
  if (s === 'tal' || s === 'talairach' || s.startsWith('tal')) return 'TAL';
  return null;
}
