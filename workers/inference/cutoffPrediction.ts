/**
 * Cut-off prediction (Frahm et al. 2024, as JALE ships it): three gradient-
 * boosted tree ensembles (XGBoost, squared error) predict, from 26 numbers
 * that describe a dataset (experiments, subjects and foci per experiment),
 * the voxel-level FWE cut-off (as ALE), the cluster-level FWE cut-off (as a
 * cluster size in voxels, rounded half to even) and the TFCE cut-off that a
 * Monte Carlo would give. They were trained on JALE's pipeline (its grid,
 * rounding and null), so they estimate JALE's cut-offs; the app shows them
 * beside the Monte-Carlo cut-offs, never instead of them.
 *
 * The trees are evaluated as XGBoost's predictor does: features and split
 * values in float32, `x < split` goes left, a missing feature (NaN) follows
 * the node's default branch, and the leaves are added in float32 to the base
 * score.
 */
import { roundHalfEven } from '../core/numpyRounding.ts';
import { maxOf, minOf } from '../core/extent.ts';

export interface RegressionTree {
  left: Int32Array;
  right: Int32Array;
  feature: Int32Array;
  /** Split threshold at inner nodes, leaf value at leaves (float32). */
  value: Float32Array;
  defaultLeft: Uint8Array;
}

export interface TreeEnsemble {
  baseScore: number;
  nFeatures: number;
  trees: RegressionTree[];
}

export class ModelError extends Error {}

/** An ensemble from XGBoost's JSON model format, checked so that evaluation cannot run off a tree. */
export function readXgboostJson(json: unknown, name: string): TreeEnsemble {
  const fail = (what: string): never => {
    throw new ModelError(`${name}: ${what}`);
  };
  const learner = (json as { learner?: Record<string, unknown> } | null)?.learner;
  const param = learner?.learner_model_param as Record<string, string> | undefined;
  const model = (learner?.gradient_booster as { model?: { trees?: unknown[] } } | undefined)?.model;
  if (!param || !Array.isArray(model?.trees)) return fail('not an XGBoost JSON model (no learner.gradient_booster.model.trees)');
  const objective = (learner?.objective as { name?: string } | undefined)?.name;
  if (objective !== 'reg:squarederror') fail(`objective ${JSON.stringify(objective)} is not reg:squarederror`);
  const baseScore = Number(param.base_score);
  const nFeatures = Number(param.num_feature);
  if (!Number.isFinite(baseScore) || !Number.isInteger(nFeatures) || nFeatures < 1) fail('base_score or num_feature is missing');
  const trees = model.trees.map((raw, t) => {
    const tree = raw as Record<string, unknown>;
    const arrays = ['left_children', 'right_children', 'split_indices', 'split_conditions', 'default_left'].map((key) => tree[key]);
    if (!arrays.every((a) => Array.isArray(a) && a.length === (arrays[0] as unknown[]).length && a.length > 0)) fail(`tree ${t} lacks its node arrays`);
    const [left, right, feature, value, defaultLeft] = arrays as number[][];
    const n = left.length;
    for (let node = 0; node < n; node++) {
      const isLeaf = left[node] === -1;
      if (isLeaf !== (right[node] === -1)) fail(`tree ${t}, node ${node}: one child only`);
      if (!isLeaf && !(left[node] > node && left[node] < n && right[node] > node && right[node] < n)) fail(`tree ${t}, node ${node}: a child outside the tree`);
      if (!isLeaf && !(Number.isInteger(feature[node]) && feature[node] >= 0 && feature[node] < nFeatures)) fail(`tree ${t}, node ${node}: feature ${feature[node]} out of range`);
      if (!Number.isFinite(value[node])) fail(`tree ${t}, node ${node}: a value that is not a number`);
    }
    return { left: Int32Array.from(left), right: Int32Array.from(right), feature: Int32Array.from(feature), value: Float32Array.from(value), defaultLeft: Uint8Array.from(defaultLeft) };
  });
  return { baseScore: Math.fround(baseScore), nFeatures, trees };
}

/** The ensemble's prediction for one row of features. */
export function predictTrees(model: TreeEnsemble, features: readonly number[]): number {
  if (features.length !== model.nFeatures) throw new ModelError(`the model takes ${model.nFeatures} features, got ${features.length}`);
  const x = Float32Array.from(features);
  let sum = model.baseScore;
  for (const tree of model.trees) {
    let node = 0;
    while (tree.left[node] !== -1) {
      const v = x[tree.feature[node]];
      const goLeft = Number.isNaN(v) ? tree.defaultLeft[node] === 1 : v < tree.value[node];
      node = goLeft ? tree.left[node] : tree.right[node];
    }
    sum = Math.fround(sum + tree.value[node]);
  }
  return sum;
}

const mean = (a: readonly number[]) => a.reduce((s, v) => s + v, 0) / a.length;

function median(a: readonly number[]): number {
  const s = [...a].sort((p, q) => p - q);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** Central moment of order k (numpy's population moments). */
function moment(a: readonly number[], k: number): number {
  const m = mean(a);
  return mean(a.map((v) => (v - m) ** k));
}

/** The eight summaries JALE takes of subjects and of foci: total, mean, median, std, max, min, skew, excess kurtosis (scipy, biased). */
function summaries(a: readonly number[]): number[] {
  const m2 = moment(a, 2);
  // Equal counts (integers, so their mean is exact) give 0 / 0 = NaN, as scipy gives; XGBoost then takes each node's default branch.
  const skew = moment(a, 3) / m2 ** 1.5;
  const kurtosis = moment(a, 4) / m2 ** 2 - 3;
  return [a.reduce((s, v) => s + v, 0), mean(a), median(a), Math.sqrt(m2), maxOf(a), minOf(a), skew, kurtosis];
}

/** JALE's 26 features of a dataset from each experiment's subjects and foci. */
export function cutoffFeatures(subjects: readonly number[], foci: readonly number[]): number[] {
  const n = subjects.length;
  const ratio = foci.map((f, e) => f / subjects[e]);
  const fociWhere = (inBand: (s: number) => boolean) => subjects.reduce((sum, s, e) => (inBand(s) ? sum + foci[e] : sum), 0);
  return [
    n,
    ...summaries(subjects),
    ...summaries(foci),
    mean(ratio),
    Math.sqrt(moment(ratio, 2)),
    maxOf(ratio),
    minOf(ratio),
    foci.reduce((s, v) => s + v, 0) / n,
    // Foci in experiments of more than 20, 16–20, 11–15 and at most 10 subjects.
    fociWhere((s) => s > 20),
    fociWhere((s) => s > 15 && s <= 20),
    fociWhere((s) => s > 10 && s <= 15),
    fociWhere((s) => s <= 10),
  ];
}

export interface CutoffModels {
  vfwe: TreeEnsemble;
  cfwe: TreeEnsemble;
  tfce: TreeEnsemble;
}

/** The shipped models' files (public/models/cutoff/, made by `npm run cutoff-models`). */
export const CUTOFF_MODEL_FILES: Record<keyof CutoffModels, string> = { vfwe: 'vFWE.json', cfwe: 'cFWE.json', tfce: 'tfce.json' };

export function readCutoffModels(json: Record<keyof CutoffModels, unknown>): CutoffModels {
  return { vfwe: readXgboostJson(json.vfwe, CUTOFF_MODEL_FILES.vfwe), cfwe: readXgboostJson(json.cfwe, CUTOFF_MODEL_FILES.cfwe), tfce: readXgboostJson(json.tfce, CUTOFF_MODEL_FILES.tfce) };
}

/** Where the predictions come from, said wherever they are shown. */
export const CUTOFF_PREDICTION_SOURCE = "predicted by JALE's models (Frahm et al. 2024), trained on JALE's pipeline: estimates of JALE's Monte-Carlo cut-offs, not of this run's";

export type PredictedCutoffs =
  | { ok: true; vfwe_ale: number; cfwe_size: number; tfce: number; warnings: string[] }
  | { ok: false; reason: string };

/** Beyond these the training data did not reach: JALE warns (experiments, foci) or refuses (subjects). */
export const PREDICTION_LIMITS = { experiments: 150, fociPerExperiment: 150, subjectsPerExperiment: 300 };

export function predictCutoffs(models: CutoffModels, subjects: readonly number[], foci: readonly number[]): PredictedCutoffs {
  if (subjects.length === 0) return { ok: false, reason: 'there are no experiments' };
  const largestN = maxOf(subjects);
  if (largestN > PREDICTION_LIMITS.subjectsPerExperiment) return { ok: false, reason: `an experiment has ${largestN} subjects; the models were trained on at most ${PREDICTION_LIMITS.subjectsPerExperiment} per experiment, so no cut-off is predicted` };
  const warnings: string[] = [];
  if (subjects.length > PREDICTION_LIMITS.experiments) warnings.push(`${subjects.length} experiments is more than the ${PREDICTION_LIMITS.experiments} the models were trained on: the predictions may be off`);
  const mostFoci = maxOf(foci);
  if (mostFoci > PREDICTION_LIMITS.fociPerExperiment) warnings.push(`an experiment has ${mostFoci} foci, more than the ${PREDICTION_LIMITS.fociPerExperiment} the models were trained on: the predictions may be off`);
  const features = cutoffFeatures(subjects, foci);
  return { ok: true, vfwe_ale: predictTrees(models.vfwe, features), cfwe_size: roundHalfEven(predictTrees(models.cfwe, features)), tfce: predictTrees(models.tfce, features), warnings };
}

/** The prediction for a run's experiments; every experiment needs its number of subjects. */
export function predictCutoffsFor(models: CutoffModels, experiments: readonly { sampleSize: number | null; foci: number }[]): PredictedCutoffs {
  const subjects = experiments.map((e) => e.sampleSize);
  if (subjects.some((n) => n === null)) return { ok: false, reason: 'the models need every experiment’s number of subjects' };
  return predictCutoffs(models, subjects as number[], experiments.map((e) => e.foci));
}
