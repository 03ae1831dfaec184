/**
 * The machine-readable summary of a run (summary.json) and the cluster
 * table (clusters.tsv), built from an AleResult. Field names follow the
 * command line's documented output.
 */
import type { AleResult } from '../analysis/runAle.ts';
import { regionAt, type Atlas } from '../diagnostics/atlas.ts';
import { JALE_TFCE, TFCE_LEVELS } from '../inference/tfce.ts';
import { tsvField } from './tables.ts';
import { maxOf, minOf } from '../core/extent.ts';

export interface ClusterSummary {
  id: number;
  size_voxels: number;
  size_mm3: number;
  mass: number;
  peak_xyz: number[];
  peak_ale: number;
  peak_z: number;
  center_xyz: number[];
  sub_peaks: { xyz: number[]; ale: number; z: number }[];
  p_fwe_size: number | null;
  p_fwe_mass: number | null;
  /** TFCE's FWE p of the cluster's largest TFCE, with --tfce and a Monte Carlo. */
  p_fwe_tfce?: number;
  /** The atlas region at the peak (AAL), when an atlas was given. */
  region?: string | null;
}

export function buildSummary(result: AleResult, extra: { software: string; input: string; mask: string; totalMs: number; atlas?: Atlas | null }) {
  const { observed, input, nullMaxima, fwe } = result;
  const clusters: ClusterSummary[] = observed.clusters.clusters.map((c, n) => ({
    id: c.id,
    size_voxels: c.sizeVoxels,
    size_mm3: c.sizeMm3,
    mass: c.mass,
    peak_xyz: c.peak.xyz,
    peak_ale: c.peak.ale,
    peak_z: c.peak.z,
    center_xyz: c.center.map((v) => Math.round(v * 100) / 100),
    sub_peaks: c.subPeaks.map((p) => ({ xyz: p.xyz, ale: p.ale, z: p.z })),
    p_fwe_size: fwe ? fwe.clusters[n].pSize : null,
    p_fwe_mass: fwe ? fwe.clusters[n].pMass : null,
    ...(fwe?.clusters[n].pTfce !== undefined ? { p_fwe_tfce: fwe.clusters[n].pTfce } : {}),
    ...(extra.atlas ? { region: regionAt(extra.atlas, c.peak.xyz) } : {}),
  }));
  return {
    software: extra.software,
    input: extra.input,
    mask: extra.mask,
    n_experiments: input.experiments.length,
    n_foci: input.nFoci,
    n_foci_outside_mask: input.nFociOutsideMask,
    n_subjects: input.nSubjects,
    n_foci_talairach: input.nFociTalairach,
    n_foci_space_assumed: input.nFociSpaceAssumed,
    kernel_fwhm_mm: { min: minOf(input.experiments.map((e) => e.fwhm)), max: maxOf(input.experiments.map((e) => e.fwhm)) },
    n_mask_voxels: observed.ale.length,
    cluster_forming_threshold: observed.threshold,
    parameters: result.parameters,
    monte_carlo: {
      iterations_requested: result.parameters.iterations,
      iterations_run: nullMaxima ? nullMaxima.maxAle.length : 0,
      stopped_when_settled: nullMaxima !== undefined && nullMaxima.maxAle.length < result.parameters.iterations,
      engine: result.engine,
    },
    null: {
      max_ale: nullMaxima ? Array.from(nullMaxima.maxAle) : [],
      max_cluster_size: nullMaxima ? Array.from(nullMaxima.maxSize) : [],
      max_cluster_mass: nullMaxima ? Array.from(nullMaxima.maxMass) : [],
      // Absent (undefined, left out of the JSON) without TFCE.
      max_tfce: nullMaxima?.maxTfce ? Array.from(nullMaxima.maxTfce) : undefined,
    },
    ...(result.tfce ? { tfce: { max: result.tfce.reduce((a, b) => Math.max(a, b), 0), extent_exponent: JALE_TFCE.extent, height_exponent: JALE_TFCE.height, levels: TFCE_LEVELS } } : {}),
    clusters,
    warnings: input.warnings.map((w) => (w.line !== undefined ? `${w.source}:${w.line}: ${w.message}` : `${w.source}: ${w.message}`)),
    timings_ms: {
      prepare: round1(result.timings.prepareMs),
      ale_and_null: round1(result.timings.observedMs),
      monte_carlo: round1(result.timings.monteCarloMs),
      total: round1(extra.totalMs),
    },
  };
}

function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

/** One row per peak: the cluster's main peak ("1") with cluster measures, then its sub-peaks ("1a", "1b", …). */
export function clusterTableTsv(summary: ReturnType<typeof buildSummary>): string {
  const tfce = summary.clusters.some((c) => c.p_fwe_tfce !== undefined);
  const regions = summary.clusters.some((c) => c.region !== undefined);
  const header = ['cluster_id', 'peak', 'x', 'y', 'z', 'peak_ale', 'peak_z', 'size_voxels', 'size_mm3', 'mass', 'center_x', 'center_y', 'center_z', 'p_fwe_size', 'p_fwe_mass', ...(tfce ? ['p_fwe_tfce'] : []), ...(regions ? ['region'] : [])];
  const rows = [header.join('\t')];
  const fmt = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
  for (const c of summary.clusters) {
    rows.push([c.id, String(c.id), ...c.peak_xyz, c.peak_ale, c.peak_z, c.size_voxels, c.size_mm3, c.mass, ...c.center_xyz, fmt(c.p_fwe_size), fmt(c.p_fwe_mass), ...(tfce ? [fmt(c.p_fwe_tfce)] : []), ...(regions ? [tsvField(c.region ?? '')] : [])].join('\t'));
    c.sub_peaks.forEach((p, n) => {
      rows.push([c.id, `${c.id}${String.fromCharCode(97 + n)}`, ...p.xyz, p.ale, p.z, ...Array<string>(8 + (tfce ? 1 : 0) + (regions ? 1 : 0)).fill('')].join('\t'));
    });
  }
  return `${rows.join('\n')}\n`;
}
