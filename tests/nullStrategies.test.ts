/**
 * Every Monte-Carlo strategy equals plain full stamping to the last bit, on
 * the data it is made for: block pruning on the pain data (at the observed
 * threshold, and at one that nothing passes), slab stamping
 * (whole kernels in WebAssembly and in TypeScript, kernel cores with exact
 * re-evaluation) on the 65 motor-sequence-learning experiments and the 785
 * of large_motor, where the null is dense.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { analyseObserved, createGeometry, prepareInput, type Geometry } from '../workers/core/index.ts';
import { createNullEngine, nullModelSpec, type NullModelSpec } from '../workers/inference/index.ts';
import { PrunedEngine } from '../workers/inference/monteCarlo/prunedEngine.ts';
import { SlabEngine } from '../workers/inference/monteCarlo/slabEngine.ts';
import { SlabStamping } from '../workers/inference/monteCarlo/slabStamping.ts';
import { WasmSlabStamping, wasmSimdAvailable } from '../workers/inference/monteCarlo/wasmSlabStamping.ts';
import { readNifti } from '../workers/input/index.ts';
import { fullStampIteration } from './support/fullStampNull.ts';
import { datasetNullSpec, stampedIteration } from './support/nullSpec.ts';
import { hasReference, loadDataset } from './support/reference.ts';
import { readFileSync } from 'node:fs';

function shippedGeometry(): Geometry {
  const mask = readNifti(readFileSync(new URL('../public/assets/colin27_mask_2mm.nii.gz', import.meta.url)), 'colin27_mask_2mm.nii.gz');
  return createGeometry(mask.shape, mask.affine, mask.data);
}

function specFor(relative: string, geometry: Geometry): NullModelSpec {
  const prepared = prepareInput(loadDataset(relative), geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error('prepare failed');
  const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  return nullModelSpec(prepared.input.experiments, observed, geometry, 6, 0);
}

describe.skipIf(!hasReference)('Monte-Carlo strategies equal full stamping', () => {
  let geometry: Geometry;
  beforeAll(() => {
    geometry = shippedGeometry();
  });

  it('has WebAssembly SIMD in this runtime (the fast paths below are tested, not skipped)', () => {
    expect(wasmSimdAvailable()).toBe(true);
  });

  it.each([
    [6, 0.01083, PrunedEngine],
    [26, 0.01083, PrunedEngine],
    [6, 0.02, PrunedEngine], // above most null maxima: exercises the search for the maximum when nothing passes
    [6, 0.002, SlabEngine], // reached almost everywhere: exercises the switch to slab stamping
  ] as const)('equals full stamping on the 21 pain experiments (connectivity %i, threshold %f)', (connectivity, threshold, strategy) => {
    // The model is built in the test, where a mutation test sees it run.
    const variant = { ...datasetNullSpec('pain_nidm21', connectivity, 0), threshold };
    const engine = createNullEngine(variant);
    expect(engine).toBeInstanceOf(strategy);
    for (let iteration = 0; iteration < 4; iteration++) expect(engine.iteration(iteration)).toEqual(fullStampIteration(variant, iteration));
  });

  describe('on 65 motor-sequence-learning experiments (2,826 foci)', () => {
    let spec: NullModelSpec;
    const reference: ReturnType<typeof fullStampIteration>[] = [];
    beforeAll(() => {
      spec = specFor('datasets/motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt', geometry);
      for (let i = 0; i < 3; i++) reference.push(fullStampIteration(spec, i));
    });

    it('chooses slab stamping, and its iterations equal full stamping', () => {
      const engine = createNullEngine(spec);
      expect(engine).toBeInstanceOf(SlabEngine);
      for (let i = 0; i < 3; i++) expect(engine.iteration(i)).toEqual(reference[i]);
    });

    it.each([0, 2e-5, 5e-5, 1e-4, 3e-4])('stamps in WebAssembly with kernel cores ≥ %f (0: whole kernels) and still equals full stamping', (tau) => {
      for (let i = 0; i < 3; i++) expect(stampedIteration(spec, (foci, t32) => new WasmSlabStamping(foci, t32, tau), i)).toEqual(reference[i]);
    });

    it('stamps whole kernels in the TypeScript twin and equals full stamping', () => {
      for (let i = 0; i < 2; i++) expect(stampedIteration(spec, (foci, t32) => new SlabStamping(foci, t32), i)).toEqual(reference[i]);
    });

    it('finds the maximum exactly when no voxel passes the threshold (kernel cores)', () => {
      const high = { ...spec, threshold: 0.2 };
      for (let i = 0; i < 2; i++) expect(stampedIteration(high, (foci, t32) => new WasmSlabStamping(foci, t32, 1e-4), i)).toEqual(fullStampIteration(high, i));
    });
  });

  describe('on large_motor (785 experiments, 30,943 foci)', () => {
    it('chooses slab stamping, and its iterations equal full stamping', () => {
      const spec = specFor('datasets/large_motor/large_motor_MNI.sleuth.txt', geometry);
      const engine = createNullEngine(spec);
      expect(engine).toBeInstanceOf(SlabEngine);
      expect(engine.iteration(3)).toEqual(fullStampIteration(spec, 3));
      expect(stampedIteration(spec, (foci, t32) => new WasmSlabStamping(foci, t32, 4e-6), 4)).toEqual(fullStampIteration(spec, 4));
    }, 600_000);
  });
});
