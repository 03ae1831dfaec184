/**
 * npm run mutation [-- FOLDER …]
 * Mutation testing with StrykerJS (its Vitest runner), one folder at a time,
 * and each folder in parts of a few hundred lines, so a run that stops
 * part-way keeps the parts it finished (Stryker's incremental file keeps the
 * results of files outside a run's --mutate). Each folder keeps
 * an incremental file in mutation/, committed, so a re-run from a fresh clone
 * tests only the mutants whose code or covering tests changed. Prints each
 * folder's score, into mutation/scores.md, and the survivors into
 * mutation/survivors.md (`npm run mutation -- --summary` only rewrites those two).
 * Not part of npm test: a full first run takes hours on two cores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SWIFTSHADER } from '../tests/support/swiftShader.ts';

/** Quickest first, so a run that is stopped has the most folders done. */
const FOLDERS = ['app/share', 'app/state', 'workers/diagnostics', 'workers/reports', 'workers/input', 'workers/gpu', 'workers/core', 'workers/inference'];

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number } };
}

const slug = (folder: string) => folder.replace(/\//g, '-');

/**
 * The files Stryker mutates in a folder. Entry points of workers and GPU shaders run in another thread or on the
 * device, where a mutant is never active; the browser's services (fetch, Web Workers) are exercised by the e2e
 * tests only.
 */
function mutableFiles(folder: string): string[] {
  const left = /(^|\/)index\.ts$|\.browser\.ts$|^workers\/gpu\/[^/]*Shader\.ts$|^app\/state\/browserServices\.ts$/;
  return (readdirSync(folder, { recursive: true }) as string[])
    .map((name) => join(folder, name))
    .filter((file) => file.endsWith('.ts') && !left.test(file))
    .sort();
}

/**
 * SwiftShader's Vulkan driver for tests/gpuDawn.test.ts. Stryker's test runners may run tests on worker threads, whose
 * process.env never reaches the Vulkan loader, so the variable must be in the environment they start with.
 */
function gpuEnvironment(): Record<string, string> {
  return process.env.VK_ICD_FILENAMES || !SWIFTSHADER ? {} : { VK_ICD_FILENAMES: SWIFTSHADER };
}

/**
 * A folder's files in parts of at most about PART_LINES lines, one Stryker run each. A sub-folder starts a part of
 * its own, since vitest.mutation.config.ts may judge it by its own tests (the Monte-Carlo engines).
 */
const PART_LINES = 600;
function partsOf(folder: string): string[][] {
  const parts: string[][] = [[]];
  let lines = 0;
  let directory = '';
  for (const file of mutableFiles(folder)) {
    const n = readFileSync(file, 'utf8').split('\n').length;
    if (lines > 0 && (lines + n > PART_LINES || dirname(file) !== directory)) {
      parts.push([]);
      lines = 0;
    }
    parts[parts.length - 1].push(file);
    lines += n;
    directory = dirname(file);
  }
  return parts.filter((part) => part.length > 0);
}
/**
 * The files each folder's finished runs have mutated (mutation/measured.json): a file without mutants has no entry
 * in Stryker's report, so the report alone cannot tell a folder measured in part from one measured whole.
 */
const LEDGER = 'mutation/measured.json';
const ledger = (): Record<string, string[]> => (existsSync(LEDGER) ? JSON.parse(readFileSync(LEDGER, 'utf8')) : {});
const measuredFiles = (folder: string) => new Set(ledger()[folder] ?? []);
function recordMeasured(folder: string, files: string[]) {
  const all = ledger();
  all[folder] = [...new Set([...(all[folder] ?? []), ...files])].sort();
  writeFileSync(LEDGER, `${JSON.stringify(all, null, 2)}\n`);
}

const summaryOnly = process.argv.includes('--summary');
const requested = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const folders = requested.length > 0 ? requested : FOLDERS;

/** Scores of every folder that has a report, and its surviving mutants, into mutation/scores.md and mutation/survivors.md. */
function summarise(): string {
  const rows: string[] = [];
  const survivors: string[] = ['# Surviving mutants', '', 'Written by `npm run mutation`: each is a gap in the tests or an equivalent mutant (README, Testing).', ''];
  for (const folder of FOLDERS) {
    const report = `mutation/report-${slug(folder)}.json`;
    if (!existsSync(report)) {
      rows.push(`| ${folder} | not measured yet | | |`);
      continue;
    }
    const files = (JSON.parse(readFileSync(report, 'utf8')) as { files: Record<string, { mutants: Mutant[] }> }).files;
    const all = mutableFiles(folder);
    const done = measuredFiles(folder);
    const measured = all.filter((file) => done.has(file)).length;
    let killed = 0;
    let counted = 0;
    survivors.push(`## ${folder}`, '');
    const current = new Set(all);
    for (const [file, { mutants }] of Object.entries(files)) {
      // Stryker's incremental file keeps the results of files outside a run's parts, deleted ones too.
      if (!current.has(file)) continue;
      for (const m of mutants) {
        if (m.status === 'Ignored' || m.status === 'CompileError' || m.status === 'RuntimeError') continue;
        counted++;
        if (m.status === 'Killed' || m.status === 'Timeout') killed++;
        else survivors.push(`- \`${file}:${m.location.start.line}\` ${m.status}: ${m.mutatorName} → \`${(m.replacement ?? '').replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 100)}\``);
      }
    }
    survivors.push('');
    const partly = measured < all.length ? ` (${measured} of its ${all.length} files so far)` : '';
    rows.push(`| ${folder}${partly} | ${counted} | ${killed} | ${counted === 0 ? '–' : ((100 * killed) / counted).toFixed(1)} % |`);
  }
  const table = ['| folder | mutants | killed or timed out | score |', '|---|---|---|---|', ...rows].join('\n');
  writeFileSync('mutation/scores.md', `${table}\n`);
  writeFileSync('mutation/survivors.md', `${survivors.join('\n')}\n`);
  return table;
}

if (!summaryOnly) {
  for (const folder of folders) {
    const parts = partsOf(folder);
    for (const [i, part] of parts.entries()) {
      console.log(`\nmutation: ${folder}, part ${i + 1} of ${parts.length}: ${part.join(', ')}`);
      const result = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...gpuEnvironment(), MUTATION_FOLDER: folder, MUTATION_FILES: part.join(',') } });
      if (result.status !== 0 || !existsSync(`mutation/report-${slug(folder)}.json`)) {
        console.error(`mutation: Stryker failed on ${folder} (part ${i + 1})`);
        process.exit(1);
      }
      recordMeasured(folder, part);
      summarise();
    }
  }
}
console.log(`\n${summarise()}`);
