/**
 * Sleuth / GingerALE text files (spec §1.2). Experiments are grouped as
 * NiMARE groups them (each run of `//` lines starts one, its last line gives
 * the subjects); where GingerALE's blank-line grouping would differ we warn.
 */
import type { Space } from '../core/coordinates.ts';
import type { Experiment, ParseResult } from './dataset.ts';
import { DiagnosticLog, ensureUniqueIds, parseCoordinate } from './diagnostics.ts';

interface Line {
  number: number;
  text: string;
}

export function parseSleuth(text: string, source: string, log = new DiagnosticLog(source)): ParseResult {
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\n\r|\r\n|\n|\r/)
    .map((t, i) => ({ number: i + 1, text: t.trimEnd() }));
  const content = lines.filter((l) => l.text.trim() !== '');
  if (content.length === 0) return fail(log, 'file is empty');

  const space = readReference(content[0], log);
  const body = content[0].text.replace(/\s+/g, '').toLowerCase().startsWith('//reference=') ? content.slice(1) : content;
  if (space === null) return { ok: false, errors: log.allErrors(), warnings: log.warnings };

  const experiments: Experiment[] = [];
  let i = 0;
  const leading: Line[] = [];
  while (i < body.length && !isComment(body[i])) leading.push(body[i++]);
  if (leading.length > 0) {
    log.error(`coordinates before the first experiment header ("// Study: contrast" and "// Subjects=N" lines)`, leading[0].number);
  }
  while (i < body.length) {
    const header: Line[] = [];
    while (i < body.length && isComment(body[i])) header.push(body[i++]);
    const fociLines: Line[] = [];
    while (i < body.length && !isComment(body[i])) fociLines.push(body[i++]);
    const experiment = readExperiment(header, fociLines, space, log);
    if (experiment) experiments.push(experiment);
  }
  warnWhereBlankLinesDisagree(lines, log);
  if (experiments.length === 0 && log.errors.length === 0) log.error('no experiments found');
  if (log.errors.length > 0) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  ensureUniqueIds(experiments, log);
  return { ok: true, dataset: { source, format: 'sleuth', experiments }, warnings: log.warnings };
}

function fail(log: DiagnosticLog, message: string, line?: number): ParseResult {
  log.error(message, line);
  return { ok: false, errors: log.allErrors(), warnings: log.warnings };
}

function isComment(line: Line): boolean {
  return line.text.trimStart().startsWith('//');
}

function readReference(first: Line, log: DiagnosticLog): Space | null {
  const compact = first.text.replace(/\s+/g, '');
  if (!compact.toLowerCase().startsWith('//reference=')) {
    log.error('the first line must declare the space, e.g. "// Reference=MNI" (or Talairach)', first.number);
    return null;
  }
  const name = compact.slice('//reference='.length);
  const lower = name.toLowerCase();
  if (lower === 'mni') return 'MNI';
  if (lower === 'tal' || lower === 'talairach') return 'TAL';
  log.error(`unknown space "${name}"; expected MNI, TAL or Talairach`, first.number);
  return null;
}

function readExperiment(header: Line[], fociLines: Line[], space: Space, log: DiagnosticLog): Experiment | null {
  const subjectsPattern = /^\/\/\s*subjects\s*=\s*(.*)$/i;
  // NiMARE's own Sleuth writer puts "//DOI=…" and "//PubMedId=…" after the Subjects line: metadata, not part of the name.
  let at = header.length - 1;
  while (at > 0 && !subjectsPattern.test(header[at].text.trim()) && /^\/\/\s*\w+\s*=/.test(header[at].text.trim())) at--;
  const last = header[at];
  const subjectsMatch = subjectsPattern.exec(last.text.trim());
  if (!subjectsMatch) {
    log.error(
      `the experiment header ending here has no "// Subjects=N" line after its name`,
      header[header.length - 1].number,
    );
    return null;
  }
  const sampleSize = readSubjects(subjectsMatch[1], last.number, log);
  const info = header
    .slice(0, at)
    .map((l) => l.text.trim().replace(/^\/\//, '').trim())
    .join(' ');
  const { study, contrast } = splitStudyContrast(info);
  if (fociLines.length === 0) {
    log.error(`experiment "${info || '(unnamed)'}" has no coordinates after its Subjects line`, last.number);
    return null;
  }
  const foci = [];
  for (const line of fociLines) {
    const tokens = line.text.trim().split(/\s+/);
    if (tokens.length !== 3) {
      log.error(`expected 3 coordinates (x y z) but found ${tokens.length}: "${line.text.trim()}"`, line.number);
      continue;
    }
    const xyz = tokens.map(parseCoordinate);
    const bad = xyz.find((v) => typeof v === 'string');
    if (bad !== undefined) {
      log.error(`${bad} in "${line.text.trim()}"`, line.number);
      continue;
    }
    const [x, y, z] = xyz as number[];
    foci.push({ x, y, z, space, line: line.number });
  }
  return { id: `${study}-${contrast}`, study, contrast, sampleSize, foci, where: `line ${header[0].number}` };
}

function readSubjects(value: string, line: number, log: DiagnosticLog): number | null {
  const n = Number(value.replace(/\s+/g, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) {
    log.error(`"Subjects" must be a positive number, got "${value.trim()}"`, line);
    return null;
  }
  if (!Number.isInteger(n)) log.warn(`fractional sample size ${n} (NiMARE accepts only whole numbers here)`, line);
  return n;
}

/**
 * NiMARE's naming: split the header text at the first ";" or ":" after a
 * four-digit year if there is one, else at the first ";", else the first ":".
 */
export function splitStudyContrast(info: string): { study: string; contrast: string } {
  const year = /(19|20)\d\d/.exec(info);
  let cut = -1;
  if (year) {
    const rest = info.slice(year.index + 4);
    const m = /[;:]/.exec(rest);
    if (m) cut = year.index + 4 + m.index;
  }
  if (cut < 0) cut = info.indexOf(';');
  if (cut < 0) cut = info.indexOf(':');
  if (cut < 0) return { study: info.trim() || 'study', contrast: 'analysis_1' };
  return { study: info.slice(0, cut).trim(), contrast: info.slice(cut + 1).trim() };
}

/**
 * GingerALE separates experiments by blank lines and wants none between foci;
 * NiMARE ignores blank lines. Say where the two readings of the file differ.
 */
function warnWhereBlankLinesDisagree(lines: Line[], log: DiagnosticLog): void {
  let previous: 'focus' | 'comment' | null = null;
  let blankSincePrevious = false;
  for (const line of lines) {
    if (line.text.trim() === '') {
      blankSincePrevious = true;
      continue;
    }
    const kind = line.text.trimStart().startsWith('//') ? 'comment' : 'focus';
    if (previous === 'focus' && kind === 'focus' && blankSincePrevious) {
      log.warn("blank line inside one experiment's coordinates: GingerALE would start a new experiment here, NiMARE and this tool do not", line.number);
    }
    if (previous === 'focus' && kind === 'comment' && !blankSincePrevious) {
      log.warn('no blank line before this experiment header: GingerALE expects one between experiments', line.number);
    }
    previous = kind;
    blankSincePrevious = false;
  }
}
