/**
 * The Monte-Carlo null split across machines: `--shard K/M` computes block K
 * of M of the iterations (each iteration's foci depend only on the seed and
 * its index) into null_shard.json; `merge` checks that the shards belong to
 * one analysis of unchanged inputs and cover every iteration once, then
 * writes the outputs a single run would have written.
 */
import { allocateNull, storeChunk } from '../workers/inference/index.ts';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { finishAnalysis, startAnalysis, type AleParameters } from '../workers/analysis/index.ts';
import { significantClusterIds } from '../workers/inference/index.ts';
import { SHIPPED_MASKS } from '../workers/input/index.ts';
import { runNullEngine } from '../workers/runtime/index.ts';
import { InputError, loadDataset, loadMask, maskPath, progressReporter, readInputFile } from './io.ts';
import { failWith, summarise, writeRun, type MainCommand } from './mainAnalysis.ts';
import { commandEngine } from './engine.ts';
import { createNodeWorker } from './nodeWorkers.ts';
import type { Command, Shard } from './options.ts';
import { OutputFolder } from './outputs.ts';

const FORMAT = 'ale-meta null shard';
const VERSION = 1;
const SHARD_FILE = 'null_shard.json';

interface ShardFile {
  format: typeof FORMAT;
  version: number;
  /** SHA-256 of the input, the mask and the parameters: shards of one analysis share it. */
  fingerprint: string;
  shard: number;
  shards: number;
  first: number;
  count: number;
  input: string;
  mask: string | null;
  alpha: number;
  parameters: AleParameters;
  engine: string;
  max_ale: number[];
  max_cluster_size: number[];
  max_cluster_mass: number[];
  /** With --tfce. */
  max_tfce?: number[];
}

/** Iterations [first, first + count) of shard `index` (1-based) of `count` equal blocks of n. */
export function shardRange(shard: Shard, n: number): { first: number; count: number } {
  const first = Math.floor(((shard.index - 1) * n) / shard.count);
  return { first, count: Math.floor((shard.index * n) / shard.count) - first };
}

function fingerprint(input: string, mask: string | undefined, parameters: AleParameters): string {
  const hash = createHash('sha256');
  hash.update(readInputFile(input, 'coordinate file'));
  hash.update(readInputFile(maskPath(mask), 'mask file'));
  // The engine changes the time, never the values: shards from a GPU and from CPUs merge.
  hash.update(JSON.stringify({ ...parameters, engine: undefined }));
  return hash.digest('hex');
}

export async function runShard(command: MainCommand, shard: Shard): Promise<void> {
  const geometry = loadMask(command.mask);
  const outcome = startAnalysis(await loadDataset(command.input), geometry, command.parameters);
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  const { first, count } = shardRange(shard, command.parameters.iterations);
  const progress = progressReporter(command.quiet);
  const run = await runNullEngine(outcome.started.spec, {
    ...(await commandEngine(command)),
    iterations: count,
    first,
    workers: command.workers,
    createWorker: createNodeWorker,
    onProgress: (done, total) => progress(`shard ${shard.index}/${shard.count}: Monte Carlo`, done, total),
  });
  const file: ShardFile = {
    format: FORMAT,
    version: VERSION,
    fingerprint: fingerprint(command.input, command.mask, command.parameters),
    shard: shard.index,
    shards: shard.count,
    first,
    count,
    input: resolve(command.input),
    mask: command.mask === undefined || command.mask in SHIPPED_MASKS ? (command.mask ?? null) : resolve(command.mask),
    alpha: command.alpha,
    parameters: command.parameters,
    engine: run.engine,
    max_ale: Array.from(run.maxAle),
    max_cluster_size: Array.from(run.maxSize),
    max_cluster_mass: Array.from(run.maxMass),
    ...(run.maxTfce ? { max_tfce: Array.from(run.maxTfce) } : {}),
  };
  mkdirSync(command.out, { recursive: true });
  writeFileSync(join(command.out, SHARD_FILE), `${JSON.stringify(file)}\n`);
  if (!command.quiet) process.stderr.write(`wrote iterations ${first}–${first + count - 1} of ${command.parameters.iterations} to ${join(command.out, SHARD_FILE)}\n`);
}

function readShard(dir: string): ShardFile {
  const path = join(dir, SHARD_FILE);
  if (!existsSync(path)) throw new InputError(`${dir}: no ${SHARD_FILE} (made by --shard K/M)`);
  let file: ShardFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as ShardFile;
  } catch (err) {
    throw new InputError(`${path}: not readable JSON (${(err as Error).message})`);
  }
  if (file.format !== FORMAT || file.version !== VERSION) throw new InputError(`${path}: not a version-${VERSION} shard of this tool`);
  const arrays = [file.max_ale, file.max_cluster_size, file.max_cluster_mass, ...(file.parameters?.tfce ? [file.max_tfce] : [])];
  if (!arrays.every((a) => Array.isArray(a) && a.length === file.count)) throw new InputError(`${path}: its null arrays do not hold ${file.count} iterations`);
  return file;
}

export async function mergeShards(command: Extract<Command, { kind: 'merge' }>, started: number): Promise<void> {
  const shards = command.dirs.map(readShard).sort((a, b) => a.shard - b.shard);
  const [head] = shards;
  for (const s of shards) {
    if (s.fingerprint !== head.fingerprint) throw new InputError(`shard ${s.shard} belongs to another analysis (other input, mask or parameters) than shard ${head.shard}`);
  }
  const present = shards.map((s) => s.shard);
  const missing = Array.from({ length: head.shards }, (_, k) => k + 1).filter((k) => !present.includes(k));
  if (missing.length > 0 || present.length !== head.shards) throw new InputError(`merge needs each of the ${head.shards} shards exactly once; ${missing.length > 0 ? `missing: ${missing.join(', ')}` : 'some were given twice'}`);
  const n = head.parameters.iterations;
  const mask = head.mask ?? undefined;
  if (fingerprint(head.input, mask, head.parameters) !== head.fingerprint) throw new InputError(`${head.input} or its mask changed since the shards were computed`);
  const nullMaxima = allocateNull(n, head.parameters.tfce === true);
  let covered = 0;
  for (const s of shards) {
    const expected = shardRange({ index: s.shard, count: s.shards }, n);
    if (s.first !== expected.first || s.count !== expected.count) throw new InputError(`shard ${s.shard} holds iterations ${s.first}–${s.first + s.count - 1}, not ${expected.first}–${expected.first + expected.count - 1}`);
    const tfce = s.max_tfce ? { maxTfce: Float64Array.from(s.max_tfce) } : {};
    storeChunk(nullMaxima, { maxAle: Float64Array.from(s.max_ale), maxSize: Float64Array.from(s.max_cluster_size), maxMass: Float64Array.from(s.max_cluster_mass), ...tfce }, s.first);
    covered += s.count;
  }
  if (covered !== n) throw new InputError(`the shards cover ${covered} of ${n} iterations`);
  const geometry = loadMask(mask);
  const outcome = startAnalysis(await loadDataset(head.input), geometry, head.parameters);
  if (!outcome.ok) failWith([...outcome.warnings, ...outcome.errors]);
  const engines = [...new Set(shards.map((s) => s.engine))];
  const result = finishAnalysis(outcome.started, nullMaxima, 0, engines.join('; '));
  const summary = summarise(result, head.input, mask, started);
  const ids = significantClusterIds(result.observed.clusters.clusters, result.fwe, head.alpha);
  writeRun(new OutputFolder(command.out, geometry), result, summary, ids.length, { quiet: command.quiet, out: command.out, alpha: head.alpha });
}
