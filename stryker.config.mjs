// StrykerJS for `npm run mutation` (scripts/mutation.ts), which runs it one folder at a time:
// MUTATION_FOLDER names the folder, and each folder keeps its own incremental file and report.
const folder = process.env.MUTATION_FOLDER ?? 'workers';
const slug = folder.replace(/\//g, '-');

export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    `${folder}/**/*.ts`,
    // Entry points of workers and GPU shaders run in another thread or on the device, where a mutant is
    // never active; the browser's services (fetch, Web Workers) are exercised by the e2e tests only.
    '!workers/**/*.browser.ts',
    '!workers/**/index.ts',
    '!workers/gpu/*Shader.ts',
    '!app/state/browserServices.ts',
  ],
  coverageAnalysis: 'perTest',
  // Mutants in module-level constants would need the whole suite per mutant; they are reported as ignored.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: `mutation/incremental-${slug}.json`,
  reporters: ['clear-text', 'progress', 'json'],
  clearTextReporter: { reportMutants: false, reportTests: false },
  jsonReporter: { fileName: `mutation/report-${slug}.json` },
  concurrency: 2,
  timeoutMS: 30_000,
  // The first run of every test, with coverage per test, takes longer than Stryker's default 5 minutes for the
  // engine folders, which run the whole analyses (about 7 minutes on two cores).
  dryRunTimeoutMinutes: 30,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  // Stryker rewrites tsconfig.json with the TypeScript compiler API, which TypeScript 7 (native) no
  // longer has. Our tsconfig needs no rewriting (no extends or references), so Stryker is pointed at none.
  tsconfigFile: 'tsconfig.none.json',
};
