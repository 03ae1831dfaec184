/**
 * Cut-off prediction against JALE: the 26 features and the three tree
 * predictions for four real datasets (../shared/reference/jale/predictions.json,
 * computed by JALE with XGBoost 1.7.4), and the evaluation rules on a tiny tree.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CUTOFF_MODEL_FILES, cutoffFeatures, ModelError, predictCutoffs, predictCutoffsFor, predictTrees, readCutoffModels, readXgboostJson, type CutoffModels } from '../workers/inference/cutoffPrediction.ts';
import { hasReference, loadDataset, referencePath } from './support/reference.ts';

const tree = (t: Record<string, unknown>, param: Record<string, string> = { base_score: '5E-1', num_feature: '2' }) => ({
  learner: { objective: { name: 'reg:squarederror' }, learner_model_param: param, gradient_booster: { model: { trees: [t] } } },
});
const LEAF = { left_children: [-1], right_children: [-1], split_indices: [0], split_conditions: [1], default_left: [0] };

describe('tree evaluation', () => {
  // Node 0 splits on feature 1 at 2.5: left leaf 1, right leaf 10; a missing value goes right.
  const toy = () => readXgboostJson(tree({ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [1, 0, 0], split_conditions: [2.5, 1, 10], default_left: [0, 0, 0] }), 'toy');

  it('goes left when x < split, right when x ≥ split or missing, and adds the base score', () => {
    const model = toy();
    expect(predictTrees(model, [0, 2.4])).toBe(1.5);
    expect(predictTrees(model, [0, 2.5])).toBe(10.5);
    expect(predictTrees(model, [0, Number.NaN])).toBe(10.5);
  });

  it('sends a missing value where the node says, left here, and reads feature 0', () => {
    const model = readXgboostJson(tree({ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [2.5, 1, 10], default_left: [1, 0, 0] }, { base_score: '0', num_feature: '1' }), 'toy');
    expect(predictTrees(model, [Number.NaN])).toBe(1);
    expect(predictTrees(model, [3])).toBe(10);
    expect(() => predictTrees(model, [3, 4])).toThrow('the model takes 1 features, got 2');
  });

  it('compares in float32, as XGBoost stores features', () => {
    // 2.5 − 1e-9 rounds to 2.5 in float32, so it is not below the split.
    expect(predictTrees(toy(), [0, 2.5 - 1e-9])).toBe(10.5);
  });

  it.each([
    [{ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [2, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: feature 2 out of range'],
    [{ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [-1, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: feature -1 out of range'],
    [{ left_children: [1, -1, -1], right_children: [2, -1, -1], split_indices: [0.5, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: feature 0.5 out of range'],
    [{ left_children: [0, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: a child outside the tree'],
    [{ left_children: [1, -1, -1], right_children: [0, -1, -1], split_indices: [0, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: a child outside the tree'],
    [{ left_children: [3, -1, -1], right_children: [2, -1, -1], split_indices: [0, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: a child outside the tree'],
    [{ left_children: [1, -1, -1], right_children: [3, -1, -1], split_indices: [0, 0, 0], split_conditions: [1, 1, 1], default_left: [0, 0, 0] }, 'toy: tree 0, node 0: a child outside the tree'],
    [{ left_children: [1, -1], right_children: [-1, -1], split_indices: [0, 0], split_conditions: [1, 1], default_left: [0, 0] }, 'toy: tree 0, node 0: one child only'],
    [{ left_children: [-1, -1], right_children: [1, -1], split_indices: [0, 0], split_conditions: [1, 1], default_left: [0, 0] }, 'toy: tree 0, node 0: one child only'],
    [{ ...LEAF, split_conditions: [null] }, 'toy: tree 0, node 0: a value that is not a number'],
    [{ left_children: [-1], right_children: [-1] }, 'toy: tree 0 lacks its node arrays'],
    [{ ...LEAF, default_left: '0' }, 'toy: tree 0 lacks its node arrays'],
    [{ ...LEAF, split_indices: [0, 0] }, 'toy: tree 0 lacks its node arrays'],
    [{ left_children: [], right_children: [], split_indices: [], split_conditions: [], default_left: [] }, 'toy: tree 0 lacks its node arrays'],
  ])('refuses a malformed tree: %j', (t, message) => {
    expect(() => readXgboostJson(tree(t), 'toy')).toThrow(message);
  });

  it('refuses what is not a squared-error XGBoost model, or lacks its base score or feature count', () => {
    const refusal = (json: unknown) => {
      try {
        readXgboostJson(json, 'x.json');
      } catch (err) {
        expect(err).toBeInstanceOf(ModelError);
        return (err as Error).message;
      }
      return 'read';
    };
    expect(refusal({ nothing: 1 })).toBe('x.json: not an XGBoost JSON model (no learner.gradient_booster.model.trees)');
    expect(refusal(null)).toBe('x.json: not an XGBoost JSON model (no learner.gradient_booster.model.trees)');
    expect(refusal({ learner: { learner_model_param: { base_score: '0', num_feature: '1' } } })).toBe('x.json: not an XGBoost JSON model (no learner.gradient_booster.model.trees)');
    const withoutParam = tree(LEAF) as { learner: Record<string, unknown> };
    delete withoutParam.learner.learner_model_param;
    expect(refusal(withoutParam)).toBe('x.json: not an XGBoost JSON model (no learner.gradient_booster.model.trees)');
    const other = tree(LEAF);
    (other.learner.objective as { name: string }).name = 'binary:logistic';
    expect(refusal(other)).toBe('x.json: objective "binary:logistic" is not reg:squarederror');
    const unnamed = tree(LEAF) as { learner: Record<string, unknown> };
    delete unnamed.learner.objective;
    expect(refusal(unnamed)).toBe('x.json: objective undefined is not reg:squarederror');
    for (const param of [{ num_feature: '1' }, { base_score: 'x', num_feature: '1' }, { base_score: '0', num_feature: '0' }, { base_score: '0', num_feature: '1.5' }, { base_score: '0' }]) {
      expect(refusal(tree(LEAF, param as Record<string, string>))).toBe('x.json: base_score or num_feature is missing');
    }
    expect(refusal(tree(LEAF, { base_score: '0.25', num_feature: '1' }))).toBe('read');
  });
});

describe('JALE’s features', () => {
  it('sums foci by JALE’s bands of sample size: over 20, 16–20, 11–15, up to 10', () => {
    const f = cutoffFeatures([21, 20, 16, 15, 11, 10, 9], [1, 2, 4, 8, 16, 32, 64]);
    expect(f.slice(22)).toEqual([1, 6, 24, 96]);
    expect(f[0]).toBe(7);
    expect(f[21]).toBeCloseTo(127 / 7, 12);
  });

  it('gives NumPy’s and SciPy’s summaries on an even number of experiments (the median between two)', () => {
    // np.sum, mean, median, std; max, min; scipy.stats.skew and kurtosis (biased); then foci / subjects: mean, std, max, min; foci per experiment.
    const expected = [4, 73, 18.25, 16, 8.257572282456872, 31, 10, 0.5649343525646701, -1.2474415705199025, 36, 9, 6.5, 6.59545297913646, 20, 3, 0.9149459146641938, -0.8604835513277842, 0.4404569892473118, 0.126327712848945, 0.6451612903225806, 0.3, 9];
    const f = cutoffFeatures([10, 12, 20, 31], [3, 5, 8, 20]);
    expected.forEach((v, k) => expect(f[k], `feature ${k}`).toBeCloseTo(v, 12));
    expect(f.slice(22)).toEqual([20, 8, 5, 3]);
  });

  it('gives NaN skew and kurtosis where every experiment has the same N (missing for the trees)', () => {
    const f = cutoffFeatures([20, 20, 20], [5, 6, 7]);
    expect([f[7], f[8]]).toEqual([Number.NaN, Number.NaN]);
    expect(f.slice(1, 7)).toEqual([60, 20, 20, 0, 20, 20]);
  });
});

/** The models as shipped (public/models/cutoff, a subset of JALE's files made by `npm run cutoff-models`). */
function shippedModels(): CutoffModels {
  const shipped = (file: string) => JSON.parse(readFileSync(new URL(`../public/models/cutoff/${file}`, import.meta.url), 'utf8'));
  return readCutoffModels({ vfwe: shipped(CUTOFF_MODEL_FILES.vfwe), cfwe: shipped(CUTOFF_MODEL_FILES.cfwe), tfce: shipped(CUTOFF_MODEL_FILES.tfce) });
}

describe.skipIf(!hasReference)('JALE’s predictions on four datasets', () => {
  const expected = hasReference ? (JSON.parse(readFileSync(referencePath('jale/predictions.json'), 'utf8')) as Record<string, { features: number[]; vFWE: number; cFWE: number; tfce: number }>) : {};
  const files: Record<string, string> = {
    inhibition_all: 'datasets/inhibition_jale_example/inhibition_all_MNI.sleuth.txt',
    inhibition_high: 'datasets/inhibition_jale_example/inhibition_high_MNI.sleuth.txt',
    inhibition_low: 'datasets/inhibition_jale_example/inhibition_low_MNI.sleuth.txt',
    pain_nidm21: 'datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt',
  };

  it.each(Object.keys(files))('%s: the features and the three cut-offs', (name) => {
    const experiments = loadDataset(files[name]).experiments;
    const subjects = experiments.map((e) => e.sampleSize ?? 0);
    const foci = experiments.map((e) => e.foci.length);
    const features = cutoffFeatures(subjects, foci);
    features.forEach((v, k) => expect(v, `feature ${k}`).toBeCloseTo(expected[name].features[k], 10));
    const predicted = predictCutoffs(shippedModels(), subjects, foci);
    if (!predicted.ok) throw new Error(predicted.reason);
    expect(predicted.vfwe_ale).toBe(Math.fround(expected[name].vFWE));
    expect(predicted.cfwe_size).toBe(expected[name].cFWE);
    expect(predicted.tfce).toBe(Math.fround(expected[name].tfce));
    expect(predicted.warnings).toEqual([]);
  });
});

describe('where JALE’s models were not trained', () => {
  it('warns beyond 150 experiments or 150 foci in one, and refuses beyond 300 subjects in one', () => {
    const models = shippedModels();
    const many = predictCutoffs(models, Array(151).fill(20), [151, ...Array(150).fill(10)]);
    expect(many.ok && many.warnings).toEqual([
      '151 experiments is more than the 150 the models were trained on: the predictions may be off',
      'an experiment has 151 foci, more than the 150 the models were trained on: the predictions may be off',
    ]);
    const atTheLimits = predictCutoffs(models, Array(150).fill(20), [150, ...Array(149).fill(10)]);
    expect(atTheLimits.ok && atTheLimits.warnings).toEqual([]);
    expect(predictCutoffs(models, [20, 301], [5, 5])).toEqual({ ok: false, reason: 'an experiment has 301 subjects; the models were trained on at most 300 per experiment, so no cut-off is predicted' });
    expect(predictCutoffs(models, [20, 300], [5, 150]).ok).toBe(true);
  });

  it('predicts nothing without experiments, or without every experiment’s number of subjects', () => {
    const models = shippedModels();
    expect(predictCutoffs(models, [], [])).toEqual({ ok: false, reason: 'there are no experiments' });
    expect(predictCutoffsFor(models, [{ sampleSize: 20, foci: 5 }, { sampleSize: null, foci: 7 }])).toEqual({ ok: false, reason: 'the models need every experiment’s number of subjects' });
    expect(predictCutoffsFor(models, [{ sampleSize: 20, foci: 5 }, { sampleSize: 12, foci: 7 }])).toEqual(predictCutoffs(models, [20, 12], [5, 7]));
  });
});
