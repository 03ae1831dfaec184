/**
 * Derives the shipped brain assets in public/assets/ from Debian's
 * mricron-data package (BSD-3-clause, Chris Rorden):
 *   colin27_1mm.nii.gz       display template: Colin27 "ch2better" (0.5 mm) averaged to 1 mm
 *   colin27_1.5mm.nii.gz     the same averaged to 1.5 mm, for WebGL without a GPU (a third of the voxels)
 *                            (ch2bet, the older brain extraction, has streaks at the midline)
 *   colin27_mask_2mm.nii.gz  the Colin27 brain mask on the 91×109×91 2 mm MNI grid
 *   aal_2mm.nii.gz           AAL atlas resampled to that grid, aal_labels.json its names
 * and copies the default analysis mask, GingerALE's MNI152 brain mask as
 * NiMARE ships it (MIT; see NOTICE), from ../shared/reference when present:
 *   MNI152_2x2x2_brainmask.nii.gz  (byte for byte; its SHA-256 is checked)
 *   assets.json              provenance and voxel counts
 * Run with `npm run assets` (needs apt-get and dpkg, as on Debian/Ubuntu).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MNI_2MM_AFFINE, MNI_2MM_SHAPE, flatIndex } from '../workers/core/index.ts';
import { readNifti, type Volume } from '../workers/input/index.ts';
import { writeNiftiGz } from '../workers/reports/index.ts';

const OUT = new URL('../public/assets/', import.meta.url).pathname;

function fetchPackage(work: string): string {
  execFileSync('apt-get', ['download', 'mricron-data'], { cwd: work, stdio: 'inherit' });
  const deb = readdirSync(work).find((f) => f.startsWith('mricron-data') && f.endsWith('.deb'));
  if (!deb) throw new Error('apt-get download mricron-data produced no .deb');
  execFileSync('dpkg', ['-x', deb, 'x'], { cwd: work });
  return deb;
}

/** 1 mm voxel index of the centre of 2 mm voxel (i, j, k), checked against the template's affine. */
function oneMmCentre(template: Volume): (i: number, j: number, k: number) => [number, number, number] {
  const a = template.affine;
  if (a[0] !== 1 || a[5] !== 1 || a[10] !== 1) throw new Error('expected a 1 mm template with an axis-aligned affine');
  const [, , , ox, , , , oy, , , , oz] = [a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]];
  return (i, j, k) => [2 * i - 90 - ox, 2 * j - 126 - oy, 2 * k - 72 - oz];
}

/** Tent weights of a 2 mm voxel over the 3×3×3 1 mm voxels around its centre. */
const TENT = [0.5, 1, 0.5];

function resample(template: Volume, sample: (values: number[], weights: number[]) => number): Float64Array {
  const centre = oneMmCentre(template);
  const [sx, sy, sz] = template.shape;
  const out = new Float64Array(MNI_2MM_SHAPE[0] * MNI_2MM_SHAPE[1] * MNI_2MM_SHAPE[2]);
  for (let i = 0; i < MNI_2MM_SHAPE[0]; i++) {
    for (let j = 0; j < MNI_2MM_SHAPE[1]; j++) {
      for (let k = 0; k < MNI_2MM_SHAPE[2]; k++) {
        const [ci, cj, ck] = centre(i, j, k);
        const values: number[] = [];
        const weights: number[] = [];
        for (let a = -1; a <= 1; a++) for (let b = -1; b <= 1; b++) for (let c = -1; c <= 1; c++) {
          const x = ci + a, y = cj + b, z = ck + c;
          const inside = x >= 0 && y >= 0 && z >= 0 && x < sx && y < sy && z < sz;
          values.push(inside ? template.data[(x * sy + y) * sz + z] : 0);
          weights.push(TENT[a + 1] * TENT[b + 1] * TENT[c + 1]);
        }
        out[flatIndex(MNI_2MM_SHAPE, i, j, k)] = sample(values, weights);
      }
    }
  }
  return out;
}

/** Brain where more than half of the tent-weighted 1 mm voxels are brain, with enclosed holes filled. */
function brainMask(template: Volume): Uint8Array {
  const fraction = resample(template, (values, weights) => {
    let brain = 0;
    let total = 0;
    values.forEach((v, n) => {
      total += weights[n];
      if (v > 0) brain += weights[n];
    });
    return brain / total;
  });
  const mask = Uint8Array.from(fraction, (f) => (f > 0.5 ? 1 : 0));
  return fillEnclosedHoles(mask);
}

/** Sets to 1 every background voxel not connected (6-neighbour) to the edge of the grid. */
function fillEnclosedHoles(mask: Uint8Array): Uint8Array {
  const [n0, n1, n2] = MNI_2MM_SHAPE;
  const outside = new Uint8Array(mask.length);
  const queue: number[] = [];
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) for (let k = 0; k < n2; k++) {
    const edge = i === 0 || j === 0 || k === 0 || i === n0 - 1 || j === n1 - 1 || k === n2 - 1;
    const v = flatIndex(MNI_2MM_SHAPE, i, j, k);
    if (edge && mask[v] === 0) {
      outside[v] = 1;
      queue.push(v);
    }
  }
  const steps = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
  while (queue.length > 0) {
    const v = queue.pop() as number;
    const k = v % n2, j = ((v - k) / n2) % n1, i = Math.floor(v / (n1 * n2));
    for (const [a, b, c] of steps) {
      const x = i + a, y = j + b, z = k + c;
      if (x < 0 || y < 0 || z < 0 || x >= n0 || y >= n1 || z >= n2) continue;
      const w = flatIndex(MNI_2MM_SHAPE, x, y, z);
      if (mask[w] === 0 && outside[w] === 0) {
        outside[w] = 1;
        queue.push(w);
      }
    }
  }
  return Uint8Array.from(mask, (m, v) => (m === 1 || outside[v] === 0 ? 1 : 0));
}

/** The label with the largest tent weight among the 3×3×3 1 mm voxels (ties: the centre's label, then the lowest). */
function majorityLabel(values: number[], weights: number[]): number {
  const score = new Map<number, number>();
  values.forEach((v, n) => score.set(v, (score.get(v) ?? 0) + weights[n]));
  const centre = values[13];
  let best = centre;
  for (const [label, s] of score) {
    const bestScore = score.get(best) as number;
    if (s > bestScore || (s === bestScore && label !== centre && best !== centre && label < best)) best = label;
  }
  return best;
}

/** Averages each f×f×f block of the 0.5 mm ch2better into one voxel of f/2 mm, on the same extent. */
function blockAverage(template: Volume, f: number): { shape: [number, number, number]; affine: Float64Array; data: Uint8Array } {
  const [sx, sy, sz] = template.shape;
  const shape: [number, number, number] = [Math.floor(sx / f), Math.floor(sy / f), Math.floor(sz / f)];
  const data = new Uint8Array(shape[0] * shape[1] * shape[2]);
  for (let i = 0; i < shape[0]; i++) for (let j = 0; j < shape[1]; j++) for (let k = 0; k < shape[2]; k++) {
    let sum = 0;
    for (let a = 0; a < f; a++) for (let b = 0; b < f; b++) for (let c = 0; c < f; c++) sum += template.data[((f * i + a) * sy + (f * j + b)) * sz + f * k + c];
    data[(i * shape[1] + j) * shape[2] + k] = Math.round(sum / f ** 3);
  }
  const a = template.affine;
  if (a[0] !== 0.5 || a[5] !== 0.5 || a[10] !== 0.5) throw new Error('expected ch2better on a 0.5 mm axis-aligned grid');
  // The centre of each new voxel is the mean of its f×f×f source centres.
  const size = f / 2;
  const shift = 0.25 * (f - 1);
  const affine = Float64Array.from([size, 0, 0, a[3] + shift, 0, size, 0, a[7] + shift, 0, 0, size, a[11] + shift, 0, 0, 0, 1]);
  return { shape, affine, data };
}

const MNI152_MASK = 'MNI152_2x2x2_brainmask.nii.gz';
const MNI152_SHA256 = 'b8c45dbb76deca0ce7221a23371b64ab5f5c9f68a24273b3216f2edc229f9c02';
const SHARED_MNI152 = new URL(`../../shared/reference/atlases/mni152_templates_masks/${MNI152_MASK}`, import.meta.url).pathname;

function copyMni152Mask(): void {
  if (!existsSync(SHARED_MNI152)) {
    console.warn(`${SHARED_MNI152} not found: keeping the committed ${MNI152_MASK}`);
    return;
  }
  const bytes = readFileSync(SHARED_MNI152);
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (hash !== MNI152_SHA256) throw new Error(`${SHARED_MNI152} has SHA-256 ${hash}, not that of GingerALE's MNI152_wb as NiMARE ships it`);
  writeFileSync(join(OUT, MNI152_MASK), bytes);
}

function main(): void {
  const work = mkdtempSync(join(tmpdir(), 'mricron-'));
  try {
    const deb = fetchPackage(work);
    const templates = join(work, 'x/usr/share/mricron/templates');
    mkdirSync(OUT, { recursive: true });
    const ch2bet = readNifti(readFileSync(join(templates, 'ch2bet.nii.gz')), 'ch2bet.nii.gz');
    const aal = readNifti(readFileSync(join(templates, 'aal.nii.gz')), 'aal.nii.gz');

    const ch2better = readNifti(readFileSync(join(templates, 'ch2better.nii.gz')), 'ch2better.nii.gz');
    const display = blockAverage(ch2better, 2);
    writeFileSync(join(OUT, 'colin27_1mm.nii.gz'), writeNiftiGz(display.shape, display.affine, display.data, 'Colin27 ch2better, 1 mm'));
    const coarse = blockAverage(ch2better, 3);
    writeFileSync(join(OUT, 'colin27_1.5mm.nii.gz'), writeNiftiGz(coarse.shape, coarse.affine, coarse.data, 'Colin27 ch2better, 1.5 mm'));
    copyMni152Mask();
    const mask = brainMask(ch2bet);
    writeFileSync(join(OUT, 'colin27_mask_2mm.nii.gz'), writeNiftiGz(MNI_2MM_SHAPE, MNI_2MM_AFFINE, mask, 'ALE mask from Colin27 ch2bet'));
    const labels = resample(aal, majorityLabel);
    writeFileSync(join(OUT, 'aal_2mm.nii.gz'), writeNiftiGz(MNI_2MM_SHAPE, MNI_2MM_AFFINE, Uint8Array.from(labels), 'AAL (Tzourio-Mazoyer 2002), 2 mm'));
    const names = readFileSync(join(templates, 'aal.nii.txt'), 'utf8')
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .filter((parts) => parts.length >= 2 && /^\d+$/.test(parts[0]))
      .map(([index, name]) => ({ index: Number(index), name }));
    writeFileSync(join(OUT, 'aal_labels.json'), `${JSON.stringify(names, null, 1)}\n`);
    const nMask = mask.reduce((a, b) => a + b, 0);
    const provenance = {
      package: deb,
      license: 'BSD-3-clause (MRIcron, Chris Rorden); see NOTICE',
      template: { file: 'colin27_1mm.nii.gz', source: 'ch2better.nii.gz: Colin27 (Holmes et al. 1998), 0.5 mm', rule: 'mean of each 2x2x2 block, 1 mm, uint8' },
      software_template: { file: 'colin27_1.5mm.nii.gz', source: 'ch2better.nii.gz', rule: 'mean of each 3x3x3 block, 1.5 mm, uint8; shown where WebGL runs without a GPU' },
      defaultMask: { file: MNI152_MASK, source: "GingerALE's MNI152_wb as redistributed by NiMARE (MIT), copied unchanged", sha256: MNI152_SHA256, voxels: 228483, storage: 'LAS (x flipped), big-endian' },
      colin27Mask: { file: 'colin27_mask_2mm.nii.gz', grid: '91x109x91, 2 mm, x = 2i - 90, y = 2j - 126, z = 2k - 72', voxels: nMask, rule: 'tent-weighted share of ch2bet brain voxels > 0.5, enclosed holes filled' },
      atlas: { file: 'aal_2mm.nii.gz', labels: 'aal_labels.json', regions: names.length, rule: 'tent-weighted majority label of the 1 mm AAL voxels' },
    };
    writeFileSync(join(OUT, 'assets.json'), `${JSON.stringify(provenance, null, 1)}\n`);
    console.log(`wrote ${OUT}: mask ${nMask} voxels, ${names.length} AAL regions`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main();
