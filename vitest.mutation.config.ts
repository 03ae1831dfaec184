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
/**
 * The input gate's mutants are judged by its own tests and the tests that read files back. Every other test
 * loads its data through the parser too, so each would run for every surviving parser mutant (the first try
 * managed five mutants a minute: days for the folder's 2,459). Fewer tests can only lower the score.
 */
const INPUT = [
  'tests/gate.test.ts',
  'tests/gateFuzz.test.ts',
  'tests/input.test.ts',
  'tests/inputRules.test.ts',
  'tests/jaleSpreadsheet.test.ts',
  'tests/roundTrip.test.ts',
  'tests/workspace.test.ts',
  'tests/jalePreset.test.ts',
  'tests/publicationTable.test.ts',
  'tests/summaryOutputs.test.ts',
  'tests/niftiWriter.test.ts',
  'tests/jsonFormats.test.ts',
  'tests/coordinateTable.test.ts',
  'tests/niftiReader.test.ts',
];
const folder = process.env.MUTATION_FOLDER ?? '';
const engineFolder = folder.startsWith('workers/core') || folder.startsWith('workers/inference');

/** The unit tests that `npm run mutation` runs against each mutant. */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      ...(folder.startsWith('workers/input') ? { include: INPUT } : {}),
      exclude: [...NEVER, ...(engineFolder ? [] : ENGINE), 'node_modules/**'],
      // Stryker already runs two test processes at once (its concurrency); each takes one file at a time.
      fileParallelism: false,
    },
  }),
);
