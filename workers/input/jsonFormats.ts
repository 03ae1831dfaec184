/**
 * NiMARE's Dataset JSON (spec §1.3) and NIMADS studysets (§1.4). JSON has
 * no useful line numbers for nested values, so messages give the path.
 */
import type { Space } from '../core/coordinates.ts';
import type { Experiment, Focus, ParseResult } from './dataset.ts';
import { parseSpaceName } from './dataset.ts';
import { DiagnosticLog, ensureUniqueIds } from './diagnostics.ts';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Parses JSON text; on a syntax error the message carries the line of the fault. */
export function parseJsonText(text: string, log: DiagnosticLog): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    const message = (err as Error).message;
    const pos = /position (\d+)/.exec(message);
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    log.error(`invalid JSON: ${message}`, line);
    return undefined;
  }
}

export function isNimadsStudyset(value: Json): boolean {
  return isObject(value) && Array.isArray(value.studies);
}

/** Sample size from a metadata object: the mean of `sample_sizes`, else `sample_size` (NiMARE's rule). */
function sampleSizeOf(metadata: Json | undefined, path: string, log: DiagnosticLog): number | null {
  if (!isObject(metadata)) return null;
  const list = metadata.sample_sizes;
  if (Array.isArray(list) && list.length > 0) {
    const values = list.filter((v): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0);
    if (values.length !== list.length) {
      log.error(`${path}.sample_sizes must hold positive numbers, got ${JSON.stringify(list)}`);
      return null;
    }
    return values.reduce((a, b) => a + b, 0) / values.length;
  }
  const single = metadata.sample_size;
  if (single === undefined || single === null) return null;
  if (typeof single !== 'number' || !(single > 0) || !Number.isFinite(single)) {
    log.error(`${path}.sample_size must be a positive number, got ${JSON.stringify(single)}`);
    return null;
  }
  return single;
}

function spaceOf(name: Json | undefined, path: string, log: DiagnosticLog, unknown: { count: number }): Space {
  if (typeof name === 'string') {
    const space = parseSpaceName(name);
    if (space) return space;
  }
  unknown.count++;
  if (unknown.count === 1) log.warn(`${path}: space ${JSON.stringify(name ?? null)} is not MNI or Talairach; such coordinates are used as MNI, untransformed (as NiMARE does)`);
  return 'MNI';
}

function finiteCoordinate(v: Json | undefined, path: string, log: DiagnosticLog): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  log.error(`${path} is not a finite number: ${JSON.stringify(v ?? null)}`);
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
      log.error(`study "${studyId}" has no "contrasts" object`);
      continue;
    }
    for (const [contrastId, contrast] of Object.entries(study.contrasts)) {
      const path = `${studyId}.contrasts.${contrastId}`;
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
        if (fx !== null && fy !== null && fz !== null) foci.push({ x: fx, y: fy, z: fz, space });
      }
      experiments.push({
        id: `${studyId}-${contrastId}`,
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
    const analyses = Array.isArray(study.analyses) ? study.analyses : [];
    analyses.forEach((analysis, a) => {
      const path = `${studyPath}.analyses[${a}]`;
      if (!isObject(analysis)) {
        log.error(`${path} is not an object`);
        return;
      }
      const points = Array.isArray(analysis.points) ? analysis.points : [];
      if (points.length === 0) {
        log.warn(`${path} (${String(analysis.id ?? '')}) has no points and was left out`);
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
        foci.push({ x: c[0]!, y: c[1]!, z: c[2]!, space });
      });
      const analysisId = String(analysis.id ?? `analysis_${a + 1}`);
      experiments.push({
        id: `${studyId}-${analysisId}`,
        study: String(study.name ?? studyId),
        contrast: String(analysis.name ?? analysisId),
        sampleSize: sampleSizeOf(analysis.metadata, `${path}.metadata`, log) ?? studyN,
        foci,
        where: path,
      });
    });
  });
  finishUnknownSpaces(unknown, log);
  return finish(experiments, source, 'nimads', log);
}

function finish(experiments: Experiment[], source: string, format: 'nimare-json' | 'nimads', log: DiagnosticLog): ParseResult {
  if (experiments.length === 0 && log.errors.length === 0) log.error('no experiments with coordinates found');
  if (log.errors.length > 0) return { ok: false, errors: log.allErrors(), warnings: log.warnings };
  ensureUniqueIds(experiments, log);
  return { ok: true, dataset: { source, format, experiments }, warnings: log.warnings };
}
