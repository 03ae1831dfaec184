/** A Monte Carlo split into shards on the command line and merged equals one run. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readNifti } from '../workers/input/nifti.ts';
import { runCli } from './support/cli.ts';
import { hasReference, referencePath } from './support/reference.ts';


const ale = (args: string[]) => runCli(args);

const tmp = () => mkdtempSync(join(tmpdir(), 'ale-shard-'));
const summary = (dir: string) => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));

describe.skipIf(!hasReference)('shards', () => {
  const pain = () => referencePath('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
  const common = ['--iters', '301', '--seed', '5', '--quiet'];

  it('merges 3 shards into the outputs of one run: identical null arrays, clusters and p-values', async () => {
    const single = tmp();
    expect((await ale([pain(), '--out', single, ...common, '--workers', '2'])).code).toBe(0);
    const dirs = [tmp(), tmp(), tmp()];
    for (const [k, dir] of dirs.entries()) expect((await ale([pain(), '--out', dir, ...common, '--workers', '1', '--shard', `${k + 1}/3`])).code).toBe(0);
    const merged = tmp();
    const r = await ale(['merge', dirs[2], dirs[0], dirs[1], '--out', merged, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const a = summary(single);
    const b = summary(merged);
    expect(JSON.stringify(b.null)).toBe(JSON.stringify(a.null));
    expect(b.null.max_cluster_size).toHaveLength(301);
    expect(b.clusters).toEqual(a.clusters);
    expect(readFileSync(join(merged, 'clusters.tsv'), 'utf8')).toBe(readFileSync(join(single, 'clusters.tsv'), 'utf8'));
  }, 300_000);

  it('carries the TFCE null through shards: the merged TFCE FWE map equals one run’s', async () => {
    const tfce = ['--iters', '24', '--seed', '2', '--tfce', '--quiet'];
    const single = tmp();
    expect((await ale([pain(), '--out', single, ...tfce, '--workers', '2'])).code).toBe(0);
    const dirs = [tmp(), tmp()];
    for (const [k, dir] of dirs.entries()) expect((await ale([pain(), '--out', dir, ...tfce, '--workers', '1', '--shard', `${k + 1}/2`])).code).toBe(0);
    const merged = tmp();
    expect((await ale(['merge', ...dirs, '--out', merged, '--quiet'])).code).toBe(0);
    expect(summary(merged).null.max_tfce).toHaveLength(24);
    expect(summary(merged).null).toEqual(summary(single).null);
    const map = 'logp_level-voxel_corr-FWE_method-tfce.nii.gz';
    const data = (dir: string) => readNifti(readFileSync(join(dir, map)), map).data;
    expect(data(merged)).toEqual(data(single));
    expect(data(single).some((v) => v > 1)).toBe(true);
  }, 300_000);

  it('refuses a merge with a missing shard, and shards of another analysis', async () => {
    const dirs = [tmp(), tmp()];
    expect((await ale([pain(), '--out', dirs[0], ...common, '--shard', '1/2'])).code).toBe(0);
    const missing = await ale(['merge', dirs[0], '--out', tmp()]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('merge needs each of the 2 shards exactly once; missing: 2');
    expect((await ale([pain(), '--out', dirs[1], '--iters', '301', '--seed', '6', '--quiet', '--shard', '2/2'])).code).toBe(0);
    const mixed = await ale(['merge', ...dirs, '--out', tmp()]);
    expect(mixed.code).toBe(1);
    expect(mixed.stderr).toContain('belongs to another analysis');
    const edited = tmp();
    writeFileSync(join(edited, 'null_shard.json'), '{"format": "something else"}');
    const bad = await ale(['merge', edited, '--out', tmp()]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('not a version-1 shard');
  }, 300_000);
});
