import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * Work in other processes or threads (the command line and its bundle, the AssemblyScript compiler,
 * Dawn's GPU engine on Node's worker threads), where a mutant is never active; the static architecture
 * check; and a 20-step Fail-Safe N on a worker pool, which outlasts Stryker's time limits
 * (inferenceRules.test.ts checks Fail-Safe N's decisions in this process).
 */
const NEVER = ['tests/cli.test.ts', 'tests/bundle.test.ts', 'tests/nodeWebGpu.test.ts', 'tests/shards.test.ts', 'tests/wasmModules.test.ts', 'tests/architecture.test.ts', 'tests/defaults.test.ts', 'tests/failSafeN.test.ts'];
/**
 * Whole analyses (Monte Carlo, contrasts, Fail-Safe N on worker pools) that guard the numeric engine:
 * they run against the mutants of workers/inference (and those listed in CORE or GPU against workers/core or workers/gpu). Elsewhere they would run for
 * every mutant of the code they pass through (every parser, every report) and turn hours into days,
 * while the known-answer tests of those folders judge them.
 */
const ENGINE = [
  'tests/monteCarlo.test.ts',
  'tests/nullStrategies.test.ts',
  'tests/contrast.test.ts',
  'tests/liveFwe.test.ts',
  'tests/gpuEngine.test.ts',
  'tests/reportsAndWriters.test.ts',
  'tests/nullTfce.test.ts',
  'tests/probabilisticAle.test.ts',
  'tests/balancedContrast.test.ts',
  'tests/exactNull.test.ts',
  'tests/clustering.test.ts',
];
/**
 * workers/core's mutants are judged by the known-answer tests of the numeric core: coordinates, the grid, preparation,
 * clusters and their peaks, the analytic null's pieces and the p/z maps against values from hand, NumPy and SciPy; NiMARE's and JALE's maps on real data, the kernels, the
 * clusters, the exact null, and a Monte Carlo against full stamping.
 * Everything else runs the core too, so a surviving core mutant ran every test of the suite (the first try's
 * estimate: four days on two cores); fewer tests can only lower the score.
 */
const CORE = [
  'tests/coordinates.test.ts',
  'tests/grid.test.ts',
  'tests/prepare.test.ts',
  'tests/clusterPeaks.test.ts',
  'tests/observedClusters.test.ts',
  'tests/nullHistogram.test.ts',
  'tests/statMaps.test.ts',
  'tests/exactNullRules.test.ts',
  'tests/jaleNull.test.ts',
  'tests/observedAnalysis.test.ts',
  'tests/modeledActivation.test.ts',
  'tests/painReference.test.ts',
  'tests/kernel.test.ts',
  'tests/clusterRules.test.ts',
  'tests/clusterReport.test.ts',
  'tests/engineChecks.test.ts',
  'tests/tfce.test.ts',
  'tests/jalePreset.test.ts',
  'tests/jaleMonteCarlo.test.ts',
  'tests/exactNull.test.ts',
  'tests/monteCarlo.test.ts',
];
/**
 * workers/inference's mutants are judged by the tests of its decisions and reports (stopping rules, FWE and FDR
 * maps, Fail-Safe N, TFCE, the cut-off trees, the random streams) and of its engines against full stamping, the
 * contrasts, probabilistic ALE and the clustering of experiments. With the whole suite its dry run alone took
 * 12 minutes, and every mutant of a shared path ran the command-line and app tests too.
 */
const INFERENCE = [
  'tests/fdr.test.ts',
  'tests/rng.test.ts',
  'tests/tfce.test.ts',
  'tests/tfceInference.test.ts',
  'tests/liveFwe.test.ts',
  'tests/inferenceRules.test.ts',
  'tests/cutoffPrediction.test.ts',
  'tests/summaryOutputs.test.ts',
  'tests/engineChecks.test.ts',
  'tests/monteCarlo.test.ts',
  'tests/nullStrategies.test.ts',
  'tests/nullTfce.test.ts',
  'tests/gpuNullEngine.test.ts',
  'tests/gpuEngine.test.ts',
  'tests/exactNull.test.ts',
  'tests/jaleMonteCarlo.test.ts',
  'tests/probabilisticAle.test.ts',
  'tests/contrast.test.ts',
  'tests/balancedContrast.test.ts',
  'tests/clustering.test.ts',
  'tests/clusteringRules.test.ts',
  'tests/subtractionRules.test.ts',
];
/**
 * workers/gpu's mutants are judged by the GPU engine's tests: its CPU half on a fake device, the bricks and the engine
 * selection on pain, and the whole engine on Dawn in the test's own process (nodeWebGpu.test.ts runs it on worker
 * threads, where no mutant is active).
 */
const GPU = ['tests/gpuNullEngine.test.ts', 'tests/gpuEngine.test.ts', 'tests/gpuDawn.test.ts'];
/**
 * The Monte-Carlo engines' mutants are judged by their known answers (the foci, the null arrays, the block bounds,
 * the slab layout and plan, one iteration's clusters) and by the engines against full stamping, iteration by iteration, on
 * a heavy-tailed toy, pain, motor_sequence_learning and large_motor, with and without TFCE and in JALE's design. Every contrast,
 * probabilistic ALE and report runs them too, but compares nothing with full stamping; with those, 15 mutants took
 * 6 minutes. monteCarlo.test.ts is left out too: it compares a worker pool's null with NiMARE's, and the pool
 * (1,000 iterations before every test) runs on worker threads, where no mutant is active.
 */
const MONTE_CARLO = [
  'tests/nullFoci.test.ts',
  'tests/nullArrays.test.ts',
  'tests/blockBounds.test.ts',
  'tests/slabLayout.test.ts',
  'tests/supraThreshold.test.ts',
  'tests/nullModel.test.ts',
  'tests/slabPlan.test.ts',
  'tests/toyEngines.test.ts',
  'tests/nullStrategies.test.ts',
  'tests/nullTfce.test.ts',
  'tests/jaleMonteCarlo.test.ts',
];
/** Longest prefix first: a part whose files all lie under one prefix is judged by its list (scripts/mutation.ts keeps sub-folders in parts of their own). */
const FOCUSED: [string, string[]][] = [
  ['workers/inference/monteCarlo/', MONTE_CARLO],
  ['workers/core/', CORE],
  ['workers/inference/', INFERENCE],
  ['workers/gpu/', GPU],
];
const files = (process.env.MUTATION_FILES ?? '').split(',').filter(Boolean);
const focused = FOCUSED.find(([prefix]) => files.length > 0 && files.every((file) => file.startsWith(prefix)))?.[1];

const merged = mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...NEVER, ...(focused ? [] : ENGINE), 'node_modules/**'],
      // Stryker already runs two test processes at once (its concurrency); each takes one file at a time.
      fileParallelism: false,
    },
  }),
);
/**
 * The unit tests that `npm run mutation` runs against each mutant. The engine folders' lists replace the suite's include
 * after the merge: mergeConfig concatenates arrays, so given there it would only add to `tests/**` (a list for
 * workers/input was given that way and never applied; its scores are those of the whole suite).
 */
export default focused ? { ...merged, test: { ...merged.test, include: focused } } : merged;
