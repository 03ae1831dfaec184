/** The constructed case of tests/fixtures/jale_rules.py (six experiments in an ellipsoid mask), analysed with any conventions. */
import { readFileSync } from 'node:fs';
import { JALE_CONVENTIONS, DEFAULT_PARAMETERS } from '../../workers/analysis/parameters.ts';
import { createGeometry, type Affine, type Shape3 } from '../../workers/core/grid.ts';
import { analyseObserved } from '../../workers/core/observedAnalysis.ts';
import { prepareInput } from '../../workers/core/prepare.ts';
import type { Dataset } from '../../workers/input/dataset.ts';

interface Fixture {
  shape: Shape3;
  affine: Affine;
  experiments: { name: string; subjects: number; space: 'MNI' | 'TAL'; foci: [number, number, number][] }[];
  placed: { name: string; mni: number[][]; ijk: number[][] }[];
  kernel_half_widths: number[];
  kernel_peaks: number[];
  survival: number[];
  first_bin_below_0_001: number;
  forming_voxels: number;
  ale_max: number;
  samples: { ijk: [number, number, number]; ale: number; z: number }[];
}

export const fixture = JSON.parse(readFileSync(new URL('../fixtures/jale_rules.json', import.meta.url), 'utf8')) as Fixture;
const [n0, n1, n2] = fixture.shape;
export const flat = (i: number, j: number, k: number) => (i * n1 + j) * n2 + k;

export function constructed() {
  // The ellipsoid of jale_rules.py.
  const mask = new Uint8Array(n0 * n1 * n2);
  const c = [(n0 - 1) / 2, (n1 - 1) / 2, (n2 - 1) / 2];
  for (let i = 0; i < n0; i++) for (let j = 0; j < n1; j++) for (let k = 0; k < n2; k++) mask[flat(i, j, k)] = ((i - c[0]) / 13.5) ** 2 + ((j - c[1]) / 15.5) ** 2 + ((k - c[2]) / 13.5) ** 2 <= 1 ? 1 : 0;
  const geometry = createGeometry(fixture.shape, fixture.affine, mask);
  const dataset: Dataset = {
    source: 'constructed.txt',
    format: 'sleuth',
    experiments: fixture.experiments.map((e) => ({ id: e.name, study: e.name, contrast: '', sampleSize: e.subjects, where: e.name, foci: e.foci.map(([x, y, z]) => ({ x, y, z, space: e.space })) })),
  };
  return { geometry, dataset };
}

export function analysed(options: Partial<typeof JALE_CONVENTIONS> = JALE_CONVENTIONS) {
  const { geometry, dataset } = constructed();
  const parameters = { ...DEFAULT_PARAMETERS, ...options };
  const prepared = prepareInput(dataset, geometry, parameters);
  if (!prepared.ok) throw new Error(prepared.errors[0].message);
  return { geometry, prepared: prepared.input, observed: analyseObserved(prepared.input.experiments, geometry, parameters) };
}

