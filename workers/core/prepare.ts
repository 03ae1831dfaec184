/**
 * From a parsed dataset to what the engine computes on: experiments in
 * NiMARE's order, foci in MNI mm and snapped voxel indices, one kernel width
 * each, and the warnings a meta-analyst should see before trusting a result.
 */
import { snapToVoxel, talToMni, type SnapRule, type TalTransform } from './coordinates.ts';
import { flatIndex, inGrid, type Geometry } from './grid.ts';
import { compareCodePoints, type Dataset, type Diagnostic } from '../input/dataset.ts';
import { fwhmFromSampleSize } from './kernel.ts';

export interface PrepareOptions {
  snap: SnapRule;
  talTransform: TalTransform;
  /** "keep" (NiMARE): foci outside the mask still add their in-mask kernel tail; "drop" (GingerALE) removes them. */
  outsideMask: 'keep' | 'drop';
  /** One sample size for every experiment, overriding the file (NiMARE's ALEKernel(sample_size=…)). */
  sampleSize?: number;
}


/** Eickhoff et al. 2016: below this many experiments results are often driven by one or two of them. */
export const MIN_RECOMMENDED_EXPERIMENTS = 17;

export interface PreparedExperiment {
  id: string;
  sampleSize: number | null;
  fwhm: number;
  /** MNI mm, 3 per focus. */
  mni: Float64Array;
  /** Snapped voxel indices, 3 per focus. */
  ijk: Int32Array;
}

export interface PreparedInput {
  experiments: PreparedExperiment[];
  nFoci: number;
  nFociOutsideMask: number;
  /** Foci reported in Talairach space and converted to MNI. */
  nFociTalairach: number;
  /** Foci whose file named no known space, used as MNI. */
  nFociSpaceAssumed: number;
  nSubjects: number;
  warnings: Diagnostic[];
}

export type PrepareResult = { ok: true; input: PreparedInput } | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export function prepareInput(dataset: Dataset, geometry: Geometry, options: PrepareOptions): PrepareResult {
  const source = dataset.source;
  const warnings: Diagnostic[] = [];
  const errors: Diagnostic[] = [];
  const warn = (message: string, line?: number) => warnings.push({ severity: 'warning', source, line, message });
  const missingN = dataset.experiments.filter((e) => e.sampleSize === null);
  if (missingN.length > 0 && options.sampleSize === undefined) {
    const names = missingN.slice(0, 5).map((e) => `"${e.id}" (${e.where})`).join(', ');
    errors.push({
      severity: 'error',
      source,
      message: `${missingN.length} experiment(s) have no sample size, which sets the kernel width: ${names}${missingN.length > 5 ? ', …' : ''}. Add it to the file, or set one sample size for all experiments.`,
    });
  } else if (missingN.length > 0) {
    warn(`${missingN.length} experiment(s) have no sample size; the one given for all experiments is used`);
  }
  if (errors.length > 0) return { ok: false, errors, warnings };

  const sorted = [...dataset.experiments].sort((a, b) => compareCodePoints(a.id, b.id));
  const experiments: PreparedExperiment[] = [];
  let nFoci = 0;
  let nOutside = 0;
  let nSubjects = 0;
  let nTalairach = 0;
  let nAssumed = 0;
  const outsideLines: string[] = [];
  for (const e of sorted) {
    const mniList: number[] = [];
    const ijkList: number[] = [];
    for (const f of e.foci) {
      if (f.space === 'TAL') nTalairach++;
      if (f.spaceAssumed) nAssumed++;
      const [x, y, z] = f.space === 'TAL' ? talToMni(f.x, f.y, f.z, options.talTransform) : [f.x, f.y, f.z];
      const [i, j, k] = snapToVoxel(geometry.affine, x, y, z, options.snap);
      const inside = inGrid(geometry.shape, i, j, k) && geometry.mask[flatIndex(geometry.shape, i, j, k)] === 1;
      if (!inside) {
        nOutside++;
        if (outsideLines.length < 10) outsideLines.push(f.line !== undefined ? `line ${f.line}` : `"${e.id}" (${x.toFixed(1)}, ${y.toFixed(1)}, ${z.toFixed(1)})`);
        if (options.outsideMask === 'drop') continue;
      }
      mniList.push(x, y, z);
      ijkList.push(i, j, k);
    }
    if (ijkList.length === 0) {
      warn(`experiment "${e.id}" has no focus inside the mask and was left out`);
      continue;
    }
    const fwhm = fwhmFromSampleSize(options.sampleSize ?? (e.sampleSize as number));
    experiments.push({ id: e.id, sampleSize: options.sampleSize ?? e.sampleSize, fwhm, mni: Float64Array.from(mniList), ijk: Int32Array.from(ijkList) });
    nFoci += ijkList.length / 3;
    nSubjects += e.sampleSize ?? 0;
  }
  if (nOutside > 0) {
    const action = options.outsideMask === 'drop' ? 'dropped' : 'kept (their kernels still reach into the mask, as in NiMARE)';
    warn(`${nOutside} focus/foci fall outside the mask and were ${action}: ${outsideLines.join(', ')}${nOutside > outsideLines.length ? ', …' : ''}`);
  }
  warnDuplicateExperiments(dataset, warn);
  if (experiments.length < MIN_RECOMMENDED_EXPERIMENTS) {
    warn(`only ${experiments.length} experiments: ALE needs at least ${MIN_RECOMMENDED_EXPERIMENTS}–20 to be robust (Eickhoff et al. 2016); results may be driven by one or two experiments`);
  }
  if (experiments.length === 0) {
    return { ok: false, errors: [{ severity: 'error', source, message: 'no experiment has a focus inside the mask' }], warnings };
  }
  return { ok: true, input: { experiments, nFoci, nFociOutsideMask: nOutside, nFociTalairach: nTalairach, nFociSpaceAssumed: nAssumed, nSubjects, warnings } };
}

/** The same foci listed twice (often the same subjects reported in two papers) inflate convergence. */
function warnDuplicateExperiments(dataset: Dataset, warn: (message: string) => void): void {
  const byFoci = new Map<string, string>();
  for (const e of dataset.experiments) {
    const key = e.foci
      .map((f) => `${f.space}:${f.x},${f.y},${f.z}`)
      .sort()
      .join(';');
    const earlier = byFoci.get(key);
    if (earlier !== undefined) {
      warn(`experiments "${earlier}" and "${e.id}" report identical foci; if they are the same subjects, pool them into one experiment (Turkeltaub et al. 2012)`);
    } else {
      byFoci.set(key, e.id);
    }
  }
}
