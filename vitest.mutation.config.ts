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
 * they run against the mutants of workers/core and workers/inference only. Elsewhere they would run for
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
const folder = process.env.MUTATION_FOLDER ?? '';
const engineFolder = folder.startsWith('workers/core') || folder.startsWith('workers/inference');

/** The unit tests that `npm run mutation` runs against each mutant. */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [...NEVER, ...(engineFolder ? [] : ENGINE), 'node_modules/**'],
    },
  }),
);
