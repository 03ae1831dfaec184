import type { Diagnostic, Experiment } from './dataset.ts';

/** Most errors listed for one file; past that a summary line says how many more there were. */
const MAX_LISTED = 50;

/** Collects errors and warnings about one source, capping how many are listed. */
export class DiagnosticLog {
  readonly errors: Diagnostic[] = [];
  readonly warnings: Diagnostic[] = [];
  private extraErrors = 0;

  constructor(readonly source: string) {}

  error(message: string, line?: number): void {
    if (this.errors.length < MAX_LISTED) this.errors.push({ severity: 'error', source: this.source, line, message });
    else this.extraErrors++;
  }

  warn(message: string, line?: number): void {
    this.warnings.push({ severity: 'warning', source: this.source, line, message });
  }

  /** The errors, with a closing line when some were not listed. */
  allErrors(): Diagnostic[] {
    if (this.extraErrors === 0) return this.errors;
    return [...this.errors, { severity: 'error', source: this.source, message: `${this.extraErrors} more errors not listed` }];
  }
}

/**
 * Makes experiment ids unique. NiMARE lets a later experiment with the same
 * id overwrite an earlier one; we keep both, rename the later one and say so.
 */
export function ensureUniqueIds(experiments: Experiment[], log: DiagnosticLog): void {
  const seen = new Map<string, number>();
  for (const e of experiments) {
    const count = seen.get(e.id) ?? 0;
    seen.set(e.id, count + 1);
    if (count > 0) {
      const renamed = `${e.id} (${count + 1})`;
      log.warn(`experiment "${e.id}" (${e.where}) has the same name as an earlier one; kept as "${renamed}"`);
      e.id = renamed;
    }
  }
}

/** Validates one coordinate token, naming the problem the way a person would fix it. */
export function parseCoordinate(token: string): number | string {
  const v = Number(token);
  if (token.trim() === '' || Number.isNaN(v)) return `"${token}" is not a number`;
  if (!Number.isFinite(v)) return `"${token}" is not a finite coordinate`;
  return v;
}
