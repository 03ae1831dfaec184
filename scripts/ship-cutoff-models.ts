/**
 * Ships JALE's three cut-off prediction models (MIT; Frahm et al. 2024) from
 * ../shared/reference/jale/ml_models/ into public/models/cutoff/, keeping of
 * XGBoost's JSON only what prediction reads (the learner's parameters and,
 * per tree, children, split features, split values and default branches),
 * with JALE's licence beside them. A test checks that the shipped models give
 * JALE's predictions. Run with `npm run cutoff-models`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = new URL('../../shared/reference/jale/', import.meta.url).pathname;
const OUT = new URL('../public/models/cutoff/', import.meta.url).pathname;
const KEPT = ['left_children', 'right_children', 'split_indices', 'split_conditions', 'default_left'];

if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: the models are copied from ../shared/reference`);
mkdirSync(OUT, { recursive: true });
for (const name of ['vFWE', 'cFWE', 'tfce']) {
  const model = JSON.parse(readFileSync(join(SOURCE, 'ml_models', `${name}_model.json`), 'utf8'));
  const { learner } = model;
  const trees = learner.gradient_booster.model.trees.map((tree: Record<string, unknown>) => Object.fromEntries(KEPT.map((key) => [key, tree[key]])));
  const compact = { version: model.version, learner: { objective: { name: learner.objective.name }, learner_model_param: learner.learner_model_param, gradient_booster: { model: { trees } } } };
  writeFileSync(join(OUT, `${name}.json`), `${JSON.stringify(compact)}\n`);
}
writeFileSync(join(OUT, 'LICENSE_JALE_MIT.txt'), readFileSync(join(SOURCE, 'LICENSE_JALE_MIT.txt')));
console.log(`wrote the vFWE, cFWE and TFCE models and JALE's licence to ${OUT}`);
