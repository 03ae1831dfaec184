/**
 * The bundled command line that bench/gpu-device.sh carries to a GPU machine
 * (scripts/bundleCommandLine.ts): plain Node runs it, without tsx or
 * node_modules, and it computes what the source tree's command line does.
 * Without Dawn's binary beside it, auto says why and runs on the CPU.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { bundleCommandLine } from '../scripts/bundleCommandLine.ts';
import { runCli } from './support/cli.ts';
import { hasReference, referencePath } from './support/reference.ts';

const run = promisify(execFile);

describe.skipIf(!hasReference)('the bundled command line', () => {
  it('runs under plain Node with the source tree’s results, and falls back to the CPU without Dawn’s binary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ale-bundle-'));
    await bundleCommandLine(join(dir, 'app'));
    const input = referencePath('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
    const args = (out: string) => [input, '--out', out, '--iters', '8', '--seed', '5', '--mask', 'colin27'];
    const [bundled, source] = await Promise.all([
      run(process.execPath, [join(dir, 'app/cli/ale.mjs'), ...args(join(dir, 'bundled'))], { cwd: dir }),
      runCli([...args(join(dir, 'source')), '--engine', 'cpu']),
    ]);
    expect(bundled.stderr).toMatch(/Monte Carlo on the CPU workers: asking Dawn for a WebGPU adapter failed .*dawn\.node/);
    expect(source.stderr).not.toContain('Monte Carlo on the CPU workers');
    const summary = (name: string) => JSON.parse(readFileSync(join(dir, name, 'summary.json'), 'utf8'));
    const [b, s] = [summary('bundled'), summary('source')];
    expect(b.null.max_cluster_size).toHaveLength(8);
    expect(b.null).toEqual(s.null);
    expect(b.clusters).toEqual(s.clusters);
    expect(b.software).toEqual(s.software);
  });
});
