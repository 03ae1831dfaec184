// StrykerJS for `npm run mutation` (scripts/mutation.ts), which runs it one part of a folder at a time:
// MUTATION_FOLDER names the folder, which keeps its own incremental file and report, and MUTATION_FILES the
// part's files (scripts/mutation.ts decides which files of a folder are mutated; run without it, Stryker says it
// has nothing to mutate).
const folder = process.env.MUTATION_FOLDER ?? 'workers';
const files = process.env.MUTATION_FILES ?? '';
const slug = folder.replace(/\//g, '-');

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: files.split(',').filter(Boolean),
  coverageAnalysis: 'perTest',
  // Mutants in module-level constants would need the whole suite per mutant; they are reported as ignored.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `mutation/incremental-${slug}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { reportMutants: false, reportTests: false },
  jsonReporter: { fileName: `mutation/report-${slug}.json` },
  concurrency: 2,
  // A mutant that loops for ever is stopped this long after its tests' own time (× 1.5). The whole analyses of
  // workers/inference start worker pools and need the wide margin; elsewhere most of a run went to waiting it out
  // (16 of workers/core's first 51 mutants timed out, at 30 s each).
  timeoutMS: folder.startsWith('workers/inference') ? 30_000 : 10_000,
  // The first run of every test, with coverage per test, takes longer than Stryker's default 5 minutes where
  // the whole analyses run (about 12 minutes on two cores when workers/core still ran them all).
  dryRunTimeoutMinutes: 30,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Stryker rewrites tsconfig.json with the TypeScript compiler API, which TypeScript 7 (native) no
  // longer has. Our tsconfig needs no rewriting (no extends or references), so Stryker is pointed at none.
  tsconfigFile: 'tsconfig.none.json',
};
