/**
 * Command line: the same engine as the app, under Node.
 *   npm run ale -- INPUT --out DIR [options]            (see --help)
 *   npm run ale -- INPUT --iters N --shard K/M --out DIR
 *   npm run ale -- merge SHARD_DIR... --out DIR
 *   npm run ale -- convert INPUT --to FORMAT --out FILE
 *   npm run ale -- contrast A B --out DIR [options]
 * Exit codes: 0 success, 1 bad input or failed run, 2 bad usage.
 */
import { contrastAnalysis } from './contrastAnalysis.ts';
import { convertDataset } from './convert.ts';
import { InputError } from './io.ts';
import { mainAnalysis } from './mainAnalysis.ts';
import { probabilisticAnalysis } from './probabilisticAnalysis.ts';
import { clusteringAnalysis } from './clusteringAnalysis.ts';
import { balancedAnalysis } from './balancedAnalysis.ts';
import { spreadsheetAnalysis } from './spreadsheetAnalysis.ts';
import { parseCommandLine, USAGE, UsageError } from './options.ts';
import { mergeShards, runShard } from './shards.ts';

async function main(argv: string[]): Promise<number> {
  const started = performance.now();
  const command = parseCommandLine(argv);
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (command.kind === 'contrast') await contrastAnalysis(command, started);
  else if (command.kind === 'merge') await mergeShards(command, started);
  else if (command.kind === 'convert') await convertDataset(command);
  else if (command.minVolumeMm3 > 0 && !command.analysis) throw new UsageError('--min-volume goes with a contrast (the contrast command, or a C row of --analysis-info)');
  else if (command.shard) await runShard(command, command.shard);
  else if (command.analysis) {
    const chosen = await spreadsheetAnalysis(command.input, command.analysis, command.pool);
    if (command.minVolumeMm3 > 0 && chosen.kind !== 'contrast') throw new UsageError(`--min-volume goes with a contrast; ${command.analysis.name ?? 'this analysis'} is not a C row`);
    if (chosen.kind === 'main') await mainAnalysis(command, started, chosen.dataset);
    else if (chosen.kind === 'probabilistic') await probabilisticAnalysis(command, started, chosen.dataset, chosen.subsetSize);
    else if (chosen.kind === 'balanced') await balancedAnalysis(command, started, chosen);
    else if (chosen.kind === 'cluster') await clusteringAnalysis(command, started, chosen.dataset);
    else await contrastAnalysis({ ...command, kind: 'contrast', inputs: [command.input], split: null }, started, chosen);
  } else await mainAnalysis(command, started);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof UsageError) {
      process.stderr.write(`ale: ${err.message}\n\n${USAGE}\n`);
      process.exit(2);
    }
    process.stderr.write(err instanceof InputError ? `${err.message}\n` : `ale: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
