/**
 * NiMARE's Dataset JSON (spec §1.3) and NIMADS studysets (§1.4). JSON has
 * no useful line numbers for nested values, so messages give the path.
 */
import type { Experiment, Focus, ParseResult } from './dataset.ts';
import { experimentId, parseSpaceName } from './dataset.ts';
import { checkSampleSize, DiagnosticLog, ensureUniqueIds, lineFinder, MAX_COORDINATE_MM, quote, short } from './diagnostics.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deeper nesting than any coordinate format needs; past it JSON.parse could exhaust the stack. */
const MAX_DEPTH = 64;

/**
 * Parses JSON text. Python's json module writes NaN, Infinity and -Infinity,
 * which JSON does not allow; they are read as null (missing) and named in a
 * warning. Nesting is bounded before parsing, and a syntax error names its line.
 */
export function parseJsonText(text: string, log: DiagnosticLog): Json | undefined {
  const scanned = scanJson(text);
  if (scanned.tooDeep !== null) {
    log.error(`JSON nested more than ${MAX_DEPTH} levels deep; no coordinate format needs that`, lineFinder(text)(scanned.tooDeep));
    return undefined;
  }
  if (scanned.nonFinite.length > 0) {
    log.warn(`${scanned.nonFinite.length} NaN or Infinity value(s) (as Python writes them) were read as missing (null)`, lineFinder(text)(scanned.nonFinite[0]));
  }
  try {
    return JSON.parse(scanned.text) as Json;
  } catch (err) {
    const message = (err as Error).message;
    // The engine's position is in the text it parsed, where NaN and Infinity were already null (no line breaks added or lost).
    log.error(`invalid JSON: ${message}`, jsonErrorLine(message, scanned.text));
    return undefined;
  }
}

/**
 * The line of a JSON.parse error, from what the engine says: newer V8 and
 * Firefox give "line L column C", older V8 (Node 20) only "in JSON at
 * position P". The patterns are anchored on those phrases because V8 also
 * quotes a snippet of the text itself, which may say anything.
 */
function jsonErrorLine(message: string, text: string): number | undefined {
  const line = /\bline (\d+) column \d+/.exec(message);
  if (line) return Number(line[1]);
  const position = /in JSON at position (\d+)/.exec(message);
  return position ? lineFinder(text)(Number(position[1])) : undefined;
}

/** One pass over the text outside strings: nesting depth, and NaN/Infinity tokens replaced by null. */
function scanJson(text: string): { text: string; tooDeep: number | null; nonFinite: number[] } {
  const nonFinite: number[] = [];
  const parts: string[] = [];
  let depth = 0;
  let copied = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return { text, tooDeep: i, nonFinite };
    } else if (c === ']' || c === '}') {
      depth--;
    } else if (c === 'N' || c === 'I' || c === '-') {
      const token = /^(NaN|-?Infinity)/.exec(text.slice(i, i + 9));
      if (token) {
        nonFinite.push(i);
        parts.push(text.slice(copied, i), 'null');
        i += token[0].length - 1;
        copied = i + 1;
      }
    }
  }
  if (nonFinite.length === 0) return { text, tooDeep: null, nonFinite };
  parts.push(text.slice(copied));
  return { text: parts.join(''), tooDeep: null, nonFinite };
}

export function isNimadsStudyset(value: Json): boolean {
  return isObject(value) && Array.isArray(value.studies);
}

/** Sample size from a metadata object: the mean of `sample_sizes`, else `sample_size` (NiMARE's rule). */
function sampleSizeOf(metadata: Json | undefined, path: string, log: DiagnosticLog): number | null {
  if (!isObject(metadata)) return null;
  const list = metadata.sample_sizes;
  if (Array.isArray(list) && list.length > 0) {
    const checked = list.map(checkSampleSize);
    const bad = checked.findIndex((v) => typeof v === 'string');
    if (bad >= 0) {
      log.error(`${path}.sample_sizes[${bad}]: ${checked[bad]}`);
      return null;
    }
    return (checked as number[]).reduce((a, b) => a + b, 0) / checked.length;
  }
  const single = metadata.sample_size;
  if (single === undefined || single === null) return null;
  const checked = checkSampleSize(single);
  if (typeof checked === 'string') {
    log.error(`${path}.sample_size: ${checked}`);
    return null;
  }
  return checked;
}

/** The space a file names; an unknown one is used as MNI (as NiMARE does), marked so that reports can say so. */
function spaceOf(name: Json | undefined, path: string, log: DiagnosticLog, unknown: { count: number }): Pick<Focus, 'space' | 'spaceAssumed'> {
  if (typeof name === 'string') {
    const space = parseSpaceName(name);
    if (space) return { space };
  }
  unknown.count++;
  const shown = typeof name === 'string' ? quote(name) : (JSON.stringify(name ?? null) ?? 'null');
  if (unknown.count === 1) log.warn(`${path}: space ${shown} is not MNI or Talairach; such coordinates are used as MNI, untransformed (as NiMARE does)`);
  return { space: 'MNI', spaceAssumed: true };
}

function finiteCoordinate(v: Json | undefined, path: string, log: DiagnosticLog): number | null {
  if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORDINATE_MM) return v;
  // The value as JSON writes it: a string in its quotes, null and numbers bare.
  const shown = short(JSON.stringify(v ?? null) ?? 'null');
  log.error(typeof v === 'number' && Number.isFinite(v) ? `${path} is ${shown}: outside ±${MAX_COORDINATE_MM.toLocaleString('en')} mm, not a brain coordinate` : `${path} is not a finite number: ${shown}`);
  return null;
}

function finishUnknownSpaces(unknown: { count: number }, log: DiagnosticLog): void {
  if (unknown.count > 1) log.warn(`${unknown.count} coordinate sets or points had an unknown space and were used as MNI`);
}

export function parseNimareJson(value: Json, source: string, log: DiagnosticLog): ParseResult {
  if (!isObject(value)) {
    log.error('expected a JSON object of studies ({"study": {"contrasts": {...}}})');
    return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  }
  const experiments: Experiment[] = [];
  const unknown = { count: 0 };
  for (const [studyId, study] of Object.entries(value)) {
    if (!isObject(study) || !isObject(study.contrasts)) {
      log.error(`study ${quote(studyId)} has no "contrasts" object`);
      continue;
    }
    for (const [contrastId, contrast] of Object.entries(study.contrasts)) {
      const path = `${short(studyId)}.contrasts.${short(contrastId)}`;
      if (!isObject(contrast)) {
        log.error(`${path} is not an object`);
        continue;
      }
      const coords = contrast.coords;
      if (!isObject(coords)) {
        log.warn(`${path} has no coordinates and was left out`);
        continue;
      }
      const { x, y, z } = coords;
      if (!Array.isArray(x) || !Array.isArray(y) || !Array.isArray(z) || x.length !== y.length || x.length !== z.length) {
        log.error(`${path}.coords needs x, y and z lists of equal length`);
        continue;
      }
      if (x.length === 0) {
        log.warn(`${path} has an empty coordinate list and was left out`);
        continue;
      }
      const space = spaceOf(coords.space, `${path}.coords`, log, unknown);
      const foci: Focus[] = [];
      for (let i = 0; i < x.length; i++) {
        const fx = finiteCoordinate(x[i], `${path}.coords.x[${i}]`, log);
        const fy = finiteCoordinate(y[i], `${path}.coords.y[${i}]`, log);
        const fz = finiteCoordinate(z[i], `${path}.coords.z[${i}]`, log);
        if (fx !== null && fy !== null && fz !== null) foci.push({ x: fx, y: fy, z: fz, ...space });
      }
      experiments.push({
        id: experimentId(studyId, contrastId),
        study: studyId,
        contrast: contrastId,
        sampleSize: sampleSizeOf(contrast.metadata, `${path}.metadata`, log),
        foci,
        where: path,
      });
    }
  }
  finishUnknownSpaces(unknown, log);
  return finish(experiments, source, 'nimare-json', log);
}

export function parseNimads(value: Json, source: string, log: DiagnosticLog): ParseResult {
  const studies = (value as JsonObject).studies as Json[];
  const experiments: Experiment[] = [];
  const unknown = { count: 0 };
  studies.forEach((study, s) => {
    const studyPath = `studies[${s}]`;
    if (!isObject(study)) {
      log.error(`${studyPath} is not an object`);
      return;
    }
    const studyId = String(study.id ?? `study_${s + 1}`);
    const studyN = sampleSizeOf(study.metadata, `${studyPath}.metadata`, log);
    if (study.analyses !== undefined && !Array.isArray(study.analyses)) {
      log.error(`${studyPath} (${quote(studyId)}): "analyses" must be a list of analyses`);
      return;
    }
    const analyses = study.analyses ?? [];
    if (analyses.length === 0) log.warn(`${studyPath} (${quote(studyId)}) has no analyses and was left out`);
    analyses.forEach((analysis, a) => {
      const path = `${studyPath}.analyses[${a}]`;
      if (!isObject(analysis)) {
        log.error(`${path} is not an object`);
        return;
      }
      const points = Array.isArray(analysis.points) ? analysis.points : [];
      if (points.length === 0) {
        log.warn(`${path} (${quote(String(analysis.id ?? ''))}) has no points and was left out`);
        return;
      }
      const foci: Focus[] = [];
      points.forEach((point, p) => {
        const pointPath = `${path}.points[${p}]`;
        const xyz = isObject(point) ? point.coordinates : undefined;
        if (!Array.isArray(xyz) || xyz.length !== 3) {
          log.error(`${pointPath}.coordinates must be [x, y, z]`);
          return;
        }
        const c = xyz.map((v, d) => finiteCoordinate(v, `${pointPath}.coordinates[${d}]`, log));
        if (c.some((v) => v === null)) return;
        const space = spaceOf((point as JsonObject).space, pointPath, log, unknown);
        foci.push({ x: c[0]!, y: c[1]!, z: c[2]!, ...space });
      });
      const analysisId = String(analysis.id ?? `analysis_${a + 1}`);
      experiments.push({
        id: experimentId(studyId, analysisId),
        study: String(study.name ?? studyId),
        contrast: String(analysis.name ?? analysisId),
        sampleSize: sampleSizeOf(analysis.metadata, `${path}.metadata`, log) ?? studyN,
        foci,
        where: path,
        ...bibliography(study),
      });
    });
  });
  finishUnknownSpaces(unknown, log);
  return finish(experiments, source, 'nimads', log);
}

/** Authors and year of a NIMADS study (Neurostore gives both), kept as attributes for labels and splits. */
function bibliography(study: JsonObject): { attributes?: Record<string, string> } {
  const attributes: Record<string, string> = {};
  if (typeof study.authors === 'string' && study.authors.trim() !== '') attributes.authors = study.authors.trim().slice(0, 500);
  if ((typeof study.year === 'number' && Number.isInteger(study.year)) || (typeof study.year === 'string' && /^\d{4}$/.test(study.year.trim()))) attributes.year = String(study.year).trim();
  return Object.keys(attributes).length > 0 ? { attributes } : {};
}

function finish(experiments: Experiment[], source: string, format: 'nimare-json' | 'nimads', log: DiagnosticLog): ParseResult {
  if (experiments.length === 0 && !log.hasErrors) log.error('no experiments with coordinates found');
  if (log.hasErrors) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  ensureUniqueIds(experiments, log);
  return { ok: true, dataset: { source, format, experiments }, warnings: log.warnings };
}
