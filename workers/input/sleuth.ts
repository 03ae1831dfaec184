/**
 * Sleuth / GingerALE text files (spec §1.2). Experiments are grouped as
 * NiMARE groups them (a run of `//` lines names one, its `// Subjects=` line
 * gives the subjects); where GingerALE's blank-line grouping would differ we
 * warn. A `// Reference=` line anywhere sets the space of what follows, so two
 * files pasted together read right (with a warning).
 */
import type { Space } from '../core/coordinates.ts';
import { experimentId, type Experiment, type Focus, type ParseResult } from './dataset.ts';
import { DiagnosticLog, ensureUniqueIds, parseCoordinate, parseSampleSize, quote } from './diagnostics.ts';

interface Line {
  number: number;
  text: string;
}

interface Header {
  names: Line[];
  subjects: Line | null;
  /** `// Key=value` lines after Subjects (NiMARE's writer adds DOI and PubMedId there). */
  metadata: Line[];
  foci: Line[];
  space: Space;
}

const SUBJECTS = /^\/\/\s*subjects\s*=\s*(.*)$/i;
const METADATA = /^\/\/\s*\w+\s*=/;
const REFERENCE = /^\/\/\s*reference\s*=\s*(.*)$/i;

export function parseSleuth(text: string, source: string, log = new DiagnosticLog(source)): ParseResult {
  const lines: Line[] = text
    .replace(/^\uFEFF/, '')
    .split(/\n\r|\r\n|\n|\r/)
    .map((t, i) => ({ number: i + 1, text: t.trim() }));
  const content = lines.filter((l) => l.text !== '');
  if (content.length === 0) return fail(log, 'file is empty');
  let space = readReference(content[0], log);
  if (space === null) return { ok: false, errors: log.allErrors(), warnings: log.warnings };

  const experiments: Experiment[] = [];
  let header: Header | null = null;
  const finish = () => {
    if (header) {
      const e = readExperiment(header, log);
      if (e) experiments.push(e);
    }
    header = null;
  };
  for (const line of content.slice(1)) {
    const reference = REFERENCE.exec(line.text);
    if (reference) {
      finish();
      const next = readReference(line, log);
      if (next === null) break;
      log.warn(`another "// Reference=" line: the coordinates after it are read as ${next === 'TAL' ? 'Talairach' : 'MNI'} (two Sleuth files pasted together?)`, line.number);
      space = next;
      continue;
    }
    const h: Header | null = header;
    if (!line.text.startsWith('//')) {
      if (!h) log.error('coordinates before the first experiment header ("// Study: contrast" and "// Subjects=N" lines)', line.number);
      else h.foci.push(line);
      continue;
    }
    if (!h || h.foci.length > 0) {
      finish();
      header = { names: [], subjects: null, metadata: [], foci: [], space };
    }
    const current = header as unknown as Header;
    if (SUBJECTS.test(line.text)) {
      if (current.subjects) log.error(`a second "// Subjects=" line for one experiment (the first is line ${current.subjects.number}); each experiment has one`, line.number);
      else current.subjects = line;
    } else if (current.subjects && METADATA.test(line.text)) {
      current.metadata.push(line);
    } else if (current.subjects) {
      // A new name after a Subjects line, with no coordinates in between: the earlier experiment is empty.
      log.error(`experiment ${quote(nameOf(current) || '(unnamed)')} has no coordinates before the next experiment's header`, current.subjects.number);
      header = { names: [line], subjects: null, metadata: [], foci: [], space };
    } else {
      current.names.push(line);
    }
  }
  finish();
  warnWhereBlankLinesDisagree(lines, log);
  if (experiments.length === 0 && !log.hasErrors) log.error('no experiments found');
  if (log.hasErrors) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  ensureUniqueIds(experiments, log);
  return { ok: true, dataset: { source, format: 'sleuth', experiments }, warnings: log.warnings };
}

function fail(log: DiagnosticLog, message: string, line?: number): ParseResult {
  log.error(message, line);
  return { ok: false, errors: log.allErrors(), warnings: log.warnings };
}

function readReference(line: Line, log: DiagnosticLog): Space | null {
  const m = REFERENCE.exec(line.text);
  if (!m) {
    log.error('the first line must declare the space, e.g. "// Reference=MNI" (or Talairach)', line.number);
    return null;
  }
  const name = m[1].trim().toLowerCase();
  if (name === 'mni') return 'MNI';
  if (name === 'tal' || name === 'talairach') return 'TAL';
  log.error(`unknown space ${quote(m[1].trim())}; expected MNI, TAL or Talairach`, line.number);
  return null;
}

function nameOf(header: Header): string {
  return header.names.map((l) => l.text.replace(/^\/\//, '').trim()).join(' ');
}

function readExperiment(header: Header, log: DiagnosticLog): Experiment | null {
  const first = header.names[0] ?? header.subjects ?? header.foci[0];
  if (!header.subjects) {
    log.error('the experiment header ending here has no "// Subjects=N" line after its name', (header.names[header.names.length - 1] ?? first).number);
    return null;
  }
  const subjects = parseSampleSize((SUBJECTS.exec(header.subjects.text) as RegExpExecArray)[1]);
  if (typeof subjects === 'string') log.error(subjects, header.subjects.number);
  const info = nameOf(header);
  if (header.foci.length === 0) {
    log.error(`experiment ${quote(info || '(unnamed)')} has no coordinates after its Subjects line`, header.subjects.number);
    return null;
  }
  const { study, contrast } = splitStudyContrast(info);
  const foci: Focus[] = [];
  for (const line of header.foci) {
    const tokens = line.text.split(/\s+/);
    if (tokens.length !== 3) {
      log.error(`expected 3 coordinates (x y z) but found ${tokens.length}: ${quote(line.text)}`, line.number);
      continue;
    }
    const xyz = tokens.map(parseCoordinate);
    const bad = xyz.find((v) => typeof v === 'string');
    if (bad !== undefined) {
      log.error(String(bad), line.number);
      continue;
    }
    const [x, y, z] = xyz as number[];
    foci.push({ x, y, z, space: header.space, line: line.number });
  }
  return { id: experimentId(study, contrast), study, contrast, sampleSize: typeof subjects === 'number' ? subjects : null, foci, where: `line ${first.number}` };
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
