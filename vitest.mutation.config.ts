import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.ts';

/**
 * The unit tests that `npm run mutation` runs against each mutant: all but
 * those whose work happens outside this process (command-line runs, a
 * Fail-Safe N of 20 steps on a worker pool, the AssemblyScript compiler),
 * where a mutant is never active, and the static architecture check.
 * (inferenceRules.test.ts checks Fail-Safe N's decisions in this process.)
 */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: ['tests/cli.test.ts', 'tests/shards.test.ts', 'tests/failSafeN.test.ts', 'tests/wasmModules.test.ts', 'tests/architecture.test.ts', 'node_modules/**'],
    },
  }),
);
