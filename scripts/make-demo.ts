/**
 * Generates the teaching demo: SIMULATED coordinate data for early and late
 * motor sequence learning, seeded, written to public/demo/.
 *
 * Ground truth: a cortico-basal ganglia-cerebellar network whose nodes are
 * centres of regions of the shipped AAL atlas. Each simulated experiment
 * reports each node with a node-specific probability, at the node's centre
 * plus Gaussian scatter (σ = 5 mm per axis, about the between-study spread
 * of real peaks), and adds a few noise foci anywhere in the mask. Sample
 * sizes and focus counts follow the ranges of real fMRI studies. Early
 * learning engages striatum and cerebellum strongly; late learning is
 * dominated by cortex (Doyon et al. 2003 describe this shift).
 * Run with `npm run demo-data`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { unflatIndex, voxelToWorld, type Affine, type Shape3 } from '../workers/core/index.ts';
import { readNifti } from '../workers/input/index.ts';
import { Xoshiro128 } from '../workers/inference/index.ts';

const ASSETS = new URL('../public/assets/', import.meta.url).pathname;
const OUT = new URL('../public/demo/', import.meta.url).pathname;
const SEED = 2026;
const SCATTER_MM = 5;

interface NodeSpec {
  name: string;
  region: string;
  early: number;
  late: number;
}

/** Network nodes and how often an experiment of each stage reports them. */
const NODES: NodeSpec[] = [
  { name: 'left primary motor cortex', region: 'Precentral_L', early: 0.7, late: 0.85 },
  { name: 'left SMA', region: 'Supp_Motor_Area_L', early: 0.65, late: 0.75 },
  { name: 'right SMA', region: 'Supp_Motor_Area_R', early: 0.4, late: 0.55 },
  { name: 'left putamen', region: 'Putamen_L', early: 0.6, late: 0.2 },
  { name: 'right putamen', region: 'Putamen_R', early: 0.5, late: 0.15 },
  { name: 'left caudate', region: 'Caudate_L', early: 0.45, late: 0.1 },
  { name: 'left thalamus', region: 'Thalamus_L', early: 0.45, late: 0.2 },
  { name: 'right cerebellum lobule VI', region: 'Cerebelum_6_R', early: 0.65, late: 0.2 },
  { name: 'right cerebellum lobules IV–V', region: 'Cerebelum_4_5_R', early: 0.5, late: 0.15 },
  { name: 'left superior parietal cortex', region: 'Parietal_Sup_L', early: 0.2, late: 0.6 },
];

function gaussian(rng: Xoshiro128): number {
  // Box–Muller with 32-bit uniforms; (0, 1] avoids log(0).
  const u = 1 - rng.nextFloat();
  const v = rng.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Centre of an atlas region: the region voxel nearest to its centroid (so curved regions stay inside). */
function regionCentre(labels: Float64Array, shape: Shape3, affine: Affine, index: number): [number, number, number] {
  const voxels: [number, number, number][] = [];
  labels.forEach((v, f) => v === index && voxels.push(voxelToWorld(affine, ...unflatIndex(shape, f))));
  if (voxels.length === 0) throw new Error(`atlas region ${index} is empty`);
  const mean = [0, 1, 2].map((a) => voxels.reduce((s, p) => s + p[a], 0) / voxels.length);
  return voxels.reduce((best, p) => (Math.hypot(p[0] - mean[0], p[1] - mean[1], p[2] - mean[2]) < Math.hypot(best[0] - mean[0], best[1] - mean[1], best[2] - mean[2]) ? p : best));
}

function main(): void {
  const atlas = readNifti(readFileSync(`${ASSETS}aal_2mm.nii.gz`), 'aal_2mm.nii.gz');
  const mask = readNifti(readFileSync(`${ASSETS}colin27_mask_2mm.nii.gz`), 'colin27_mask_2mm.nii.gz');
  const regions = JSON.parse(readFileSync(`${ASSETS}aal_labels.json`, 'utf8')) as { index: number; name: string }[];
  const maskVoxels: number[] = [];
  mask.data.forEach((v, f) => v > 0 && maskVoxels.push(f));
  const truth = NODES.map((node) => {
    const region = regions.find((r) => r.name === node.region);
    if (!region) throw new Error(`no AAL region ${node.region}`);
    return { ...node, mni: regionCentre(atlas.data, atlas.shape, atlas.affine, region.index) };
  });

  const makeSet = (stage: 'early' | 'late', stream: number, count: number) => {
    const rng = new Xoshiro128(SEED, stream);
    const blocks: string[] = [];
    for (let e = 1; e <= count; e++) {
      const n = 12 + rng.nextBelow(19);
      const foci: number[][] = [];
      for (const node of truth) {
        if (rng.nextFloat() < node[stage]) foci.push(node.mni.map((c) => Math.round(c + SCATTER_MM * gaussian(rng))));
      }
      const noise = 2 + rng.nextBelow(6);
      for (let f = 0; f < noise; f++) {
        const flat = maskVoxels[rng.nextBelow(maskVoxels.length)];
        foci.push(voxelToWorld(mask.affine, ...unflatIndex(mask.shape, flat)));
      }
      const id = String(e).padStart(2, '0');
      blocks.push([`// SIMULATED ${stage} ${id} (not a real study): sequence learning ${stage} > baseline`, `// Subjects=${n}`, ...foci.map((p) => p.join('\t'))].join('\n'));
    }
    // Sleuth readers fold comment lines into the next experiment's name, so the simulation note lives in every name.
    return `// Reference=MNI\n${blocks.join('\n\n')}\n`;
  };

  writeFileSync(`${OUT}early_learning.txt`, makeSet('early', 1, 24));
  writeFileSync(`${OUT}late_learning.txt`, makeSet('late', 2, 24));
  const system = (region: string) => (/^(Precentral|Supp_Motor)/.test(region) ? 'motor cortex' : /^(Putamen|Caudate)/.test(region) ? 'basal ganglia' : region.startsWith('Thalamus') ? 'thalamus' : region.startsWith('Cerebelum') ? 'cerebellum' : 'other cortex');
  writeFileSync(
    `${OUT}ground_truth.json`,
    `${JSON.stringify({ simulated: true, seed: SEED, scatter_mm: SCATTER_MM, nodes: truth.map((t) => ({ name: t.name, region: t.region, system: system(t.region), mni: t.mni, p_early: t.early, p_late: t.late })) }, null, 1)}\n`,
  );
  console.log(`wrote ${OUT}: 24 early and 24 late simulated experiments, ${truth.length} ground-truth nodes`);
}

main();
