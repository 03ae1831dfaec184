/**
 * npm run mutation [-- FOLDER …]
 * Mutation testing with StrykerJS (its Vitest runner), one folder at a time so
 * a run that stops part-way keeps the folders it finished. Each folder keeps
 * an incremental file in mutation/, committed, so a re-run from a fresh clone
 * tests only the mutants whose code or covering tests changed. Prints each
 * folder's score, into mutation/scores.md, and the survivors into
 * mutation/survivors.md (`npm run mutation -- --summary` only rewrites those two).
 * Not part of npm test: a full first run takes hours on two cores.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Quickest first, so a run that is stopped has the most folders done. */
const FOLDERS = ['app/share', 'app/state', 'workers/diagnostics', 'workers/reports', 'workers/input', 'workers/gpu', 'workers/core', 'workers/inference'];

interface Mutant {
  status: string;
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number } };
}

const slug = (folder: string) => folder.replace(/\//g, '-');
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
    let killed = 0;
    let counted = 0;
    survivors.push(`## ${folder}`, '');
    for (const [file, { mutants }] of Object.entries(files)) {
      for (const m of mutants) {
        if (m.status === 'Ignored' || m.status === 'CompileError' || m.status === 'RuntimeError') continue;
        counted++;
        if (m.status === 'Killed' || m.status === 'Timeout') killed++;
        else survivors.push(`- \`${file}:${m.location.start.line}\` ${m.status}: ${m.mutatorName} → \`${(m.replacement ?? '').replace(/\s+/g, ' ').replace(/`/g, "'").slice(0, 100)}\``);
      }
    }
    survivors.push('');
    rows.push(`| ${folder} | ${counted} | ${killed} | ${counted === 0 ? '–' : ((100 * killed) / counted).toFixed(1)} % |`);
  }
  const table = ['| folder | mutants | killed or timed out | score |', '|---|---|---|---|', ...rows].join('\n');
  writeFileSync('mutation/scores.md', `${table}\n`);
  writeFileSync('mutation/survivors.md', `${survivors.join('\n')}\n`);
  return table;
}

if (!summaryOnly) {
  for (const folder of folders) {
    const result = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, MUTATION_FOLDER: folder } });
    if (result.status !== 0 || !existsSync(`mutation/report-${slug(folder)}.json`)) {
      console.error(`mutation: Stryker failed on ${folder}`);
      process.exit(1);
    }
    summarise();
  }
}
console.log(`\n${summarise()}`);
