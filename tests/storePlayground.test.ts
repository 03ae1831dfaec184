/** The playground in the store: what a click does in each mode, the set it analyses, and a change analysed once, without a Monte Carlo. */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkExercise, readExercises, type Exercise, type ExerciseRun } from '../workers/reports/exercises.ts';
import { playgroundNumbers } from '../app/state/derived.ts';
import { playgroundDataset } from '../app/state/playgroundSlice.ts';
import { playgroundTestApi } from '../app/state/playgroundTestApi.ts';
import { fwhmFromSampleSize } from '../workers/core/kernel.ts';
import { fakeRun, harness } from './support/storeHarness.ts';

afterEach(() => vi.useRealTimers());

describe('the playground', () => {
  it('makes a dataset of the experiments that have foci, in MNI, whole millimetres', () => {
    const d = playgroundDataset([
      { name: 'A', n: 12, foci: [[-38, -22, 56], [24, 4, 2]] },
      { name: 'B', n: 30, foci: [] },
    ]);
    expect(d).toEqual({ source: 'playground', format: 'table', experiments: [{ id: 'A', study: 'A', contrast: 'playground', sampleSize: 12, where: 'A', foci: [{ x: -38, y: -22, z: 56, space: 'MNI' }, { x: 24, y: 4, z: 2, space: 'MNI' }] }] });
  });

  it('adds, moves and ignores clicks by mode, and analyses a burst of changes once, without a Monte Carlo', async () => {
    vi.useFakeTimers();
    const { store, calls } = harness();
    const s = () => store.getState();
    s().openPlayground();
    expect(s().resultsTab).toBe('playground');
    s().crosshairMoved([10.4, -20.6, 30]);
    s().crosshairMoved([12, -20, 30]);
    expect(s().playground.experiments[0].foci).toEqual([[10, -21, 30], [12, -20, 30]]);
    expect(calls.runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls.runs).toHaveLength(1);
    expect(calls.runs[0].parameters).toMatchObject({ iterations: 0 });
    expect(s().dataset?.experiments[0].foci).toHaveLength(2);
    s().setPlaygroundMode('move');
    s().selectPlaygroundFocus(0);
    s().crosshairMoved([40, 0, 0]);
    expect(s().playground.experiments[0].foci[0]).toEqual([40, 0, 0]);
    s().setPlaygroundMode('look');
    s().crosshairMoved([0, 0, 0]);
    expect(s().playground.experiments[0].foci).toEqual([[40, 0, 0], [12, -20, 30]]);
    s().addPlaygroundExperiment(8);
    expect(s().playground.current).toBe(1);
    s().setPlaygroundMode('add');
    s().crosshairMoved([1, 2, 3]);
    s().setPlaygroundN(1, 0);
    s().setPlaygroundN(1, 2.5);
    expect(s().playground.experiments[1].n).toBe(8);
    s().deletePlaygroundFocus(0);
    expect(s().playground.experiments[1].foci).toEqual([]);
    // The last change is not analysed yet: the test API says so.
    expect(playgroundTestApi(s).settled()).toBe(false);
  });

  it('adds one focus per press in add mode and drags it while the pointer stays down', () => {
    const { store } = harness();
    const s = () => store.getState();
    s().openPlayground();
    s().playgroundPress(true);
    s().crosshairMoved([10, 10, 10]);
    s().crosshairMoved([14, 10, 10]);
    s().crosshairMoved([18, 12, 10]);
    s().playgroundPress(false);
    expect(s().playground.experiments[0].foci).toEqual([[18, 12, 10]]);
    // The next press adds a second focus; a crosshair move with no press down (the keyboard) adds one too.
    s().playgroundPress(true);
    s().crosshairMoved([-30, 0, 0]);
    s().playgroundPress(false);
    s().crosshairMoved([-40, 0, 0]);
    expect(s().playground.experiments[0].foci).toEqual([[18, 12, 10], [-30, 0, 0], [-40, 0, 0]]);
    expect(s().playground.selectedFocus).toBe(2);
  });

  it('says which kernel the current N gives, and why the threshold moved', () => {
    const { store } = harness();
    store.getState().openPlayground();
    const state = store.getState();
    expect(playgroundNumbers(state)).toMatchObject({ fwhm: fwhmFromSampleSize(20), aleAtCrosshair: null, threshold: null, thresholdNote: 'Add a focus to see the maps.' });
    const run = { ...fakeRun(), summary: { cluster_forming_threshold: 0.012 } } as never;
    expect(playgroundNumbers({ ...state, run, playground: { ...state.playground, previousThreshold: 0.01 } }).thresholdNote).toMatch(/^The threshold moved from 0\.01000 to 0\.01200: the null changed/);
    expect(playgroundNumbers({ ...state, run, playground: { ...state.playground, previousThreshold: 0.012 } }).thresholdNote).toMatch(/^The threshold comes from the analytic null/);
  });
});

describe('the playground’s exercises', () => {
  const shipped = readExercises(JSON.parse(readFileSync(new URL('../public/demo/exercises.json', import.meta.url), 'utf8')));
  const byId = (id: string) => shipped.find((e) => e.id === id) as Exercise;
  const run = (clusters: { id: number; pFweSize: number | null }[], dominated = false, at = 0): ExerciseRun => ({ clusters, dominated, clusterAt: () => at });

  it('ships three exercises whose checks read', () => {
    expect(shipped.map((e) => [e.id, e.check.kind])).toEqual([['first-cluster', 'clusters'], ['dominate', 'dominance'], ['putamen-fwe', 'significant-at']]);
    expect(() => readExercises({ exercises: [{ id: 'x', title: 't', task: 't', check: { kind: 'clusters', atLeast: 0 } }] })).toThrow(/exercises\.json: exercises\.0\.check\.atLeast/);
  });

  it('passes and fails each check as it should', () => {
    expect(checkExercise(byId('first-cluster'), null)).toEqual({ passed: false, message: 'not yet: place some foci first' });
    expect(checkExercise(byId('first-cluster'), run([]))).toEqual({ passed: false, message: 'not yet: 0 of 1 clusters' });
    expect(checkExercise(byId('first-cluster'), run([{ id: 1, pFweSize: null }]))).toEqual({ passed: true, message: 'done: 1 cluster passes the threshold' });
    expect(checkExercise(byId('dominate'), run([{ id: 1, pFweSize: null }], false)).passed).toBe(false);
    expect(checkExercise(byId('dominate'), run([{ id: 1, pFweSize: null }], true)).passed).toBe(true);
    const putamen = byId('putamen-fwe');
    expect(checkExercise(putamen, run([{ id: 2, pFweSize: null }], false, 0)).message).toBe('not yet: no cluster at MNI (26, 2, 5)');
    expect(checkExercise(putamen, run([{ id: 2, pFweSize: null }], false, 2)).message).toBe('not yet: cluster 2 is there; run the Monte Carlo for its FWE p');
    expect(checkExercise(putamen, run([{ id: 2, pFweSize: 0.05 }], false, 2))).toEqual({ passed: false, message: 'not yet: cluster 2 has FWE p = 0.05, not below 0.05' });
    expect(checkExercise(putamen, run([{ id: 2, pFweSize: 0.002 }], false, 2))).toEqual({ passed: true, message: 'done: cluster 2 has FWE p = 0.002 < 0.05' });
  });

  it('are loaded when the playground opens, and a broken file is said so', async () => {
    const { store, calls } = harness();
    calls.demoFails = true;
    store.getState().openPlayground();
    await vi.waitFor(() => expect(store.getState().playground.exercisesError).toBe('the exercises could not be loaded: offline'));
  });
});
