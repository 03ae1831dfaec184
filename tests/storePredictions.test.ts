/**
 * JALE's predicted cut-offs in the app's store: on request, for the finished
 * run's experiments, equal to JALE's own predictions; a clear reason when
 * they cannot be made; and this run's Monte-Carlo cut-offs beside them.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { monteCarloCutoffs } from '../app/state/derived.ts';
import type { FinishedRun } from '../workers/analysis/index.ts';
import { fakeRun, finishedRun, settle } from './support/storeHarness.ts';
import { hasReference, loadDataset, referencePath } from './support/reference.ts';

/** A finished run whose experiments are the pain data's (N and foci per experiment as JALE counts them). */
function painRun(): FinishedRun {
  const pain = loadDataset('datasets/pain_nidm21/pain_nidm21_MNI.sleuth.txt');
  return { ...fakeRun(), foci: pain.experiments.map((e) => ({ id: e.id, mni: new Float64Array(3 * e.foci.length), sampleSize: e.sampleSize })) };
}

describe.skipIf(!hasReference)('predicted cut-offs in the store', () => {
  it('predicts JALE’s cut-offs for the finished run only when asked', async () => {
    const { store } = await finishedRun({ iterations: 20 });
    store.setState({ run: painRun() });
    expect(store.getState().predictedCutoffs).toBeNull();
    await store.getState().predictCutoffs();
    const jale = JSON.parse(readFileSync(referencePath('jale/predictions.json'), 'utf8')).pain_nidm21;
    expect(store.getState().predictedCutoffs).toEqual({ ok: true, vfwe_ale: Math.fround(jale.vFWE), cfwe_size: jale.cFWE, tfce: Math.fround(jale.tfce), warnings: [] });
  });

  it('gives the reason when an experiment has no N or the models cannot be fetched', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    const run = painRun();
    run.foci[3].sampleSize = null;
    store.setState({ run });
    await store.getState().predictCutoffs();
    expect(store.getState().predictedCutoffs).toEqual({ ok: false, reason: 'the models need every experiment’s number of subjects' });
    store.setState({ run: painRun(), predictedCutoffs: null });
    calls.modelsFail = true;
    await store.getState().predictCutoffs();
    expect(store.getState().predictedCutoffs).toEqual({ ok: false, reason: 'the models could not be loaded: HTTP 404' });
  });

  it('drops a prediction for a run that a newer one replaced, and clears it on a new run', async () => {
    const { store, calls, outcome } = await finishedRun({ iterations: 20 });
    store.setState({ run: painRun() });
    const asked = store.getState().predictCutoffs();
    store.setState({ run: painRun() });
    await asked;
    expect(store.getState().predictedCutoffs).toBeNull();
    await store.getState().predictCutoffs();
    expect(store.getState().predictedCutoffs?.ok).toBe(true);
    const running = store.getState().start();
    await settle();
    calls.runs[calls.runs.length - 1].finish(outcome());
    await running;
    expect(store.getState().predictedCutoffs).toBeNull();
  });
});

describe('this run’s Monte-Carlo cut-offs', () => {
  it('reads the voxel and TFCE cut-offs of the run and the cluster size at α from the null', () => {
    const run = { ...fakeRun(), thresholds: { clusterFormingZ: 3.09, voxelFweZ: 4.5, voxelFweAle: 0.03, tfceFwe: 812.5 } } as FinishedRun;
    const maxSize = Float64Array.from([5, 50, 10, 40, 20, 30, 60, 70, 80, 90]);
    // n = 10, α = 0.2: rank 10 − 2 = 8 of the sorted sizes → 80; clusters above 80 voxels survive.
    expect(monteCarloCutoffs(run, { maxAle: new Float64Array(10), maxSize, maxMass: new Float64Array(10) }, 0.2)).toEqual({ vfweAle: 0.03, cfweSize: 80, tfce: 812.5 });
    expect(monteCarloCutoffs({ ...run, thresholds: { ...run.thresholds, voxelFweAle: null, tfceFwe: null } }, null, 0.2)).toEqual({ vfweAle: null, cfweSize: null, tfce: null });
  });
});
