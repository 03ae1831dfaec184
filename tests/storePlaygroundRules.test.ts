/**
 * The playground's state rules with known answers: what opening it sets,
 * each edit (experiments, N, foci) and what it leaves alone, the threshold
 * remembered before a change, the version a change counts, when a run is
 * shown as the analysed one, and the test API's readings.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { exerciseRunOf, monteCarloCutoffs, playgroundNumbers } from '../app/state/derived.ts';
import { playgroundTestApi } from '../app/state/playgroundTestApi.ts';
import type { FinishedRun } from '../workers/analysis/index.ts';
import { fakeRun, harness, settle, SLEUTH } from './support/storeHarness.ts';

afterEach(() => vi.useRealTimers());

const EXERCISES = readFileSync(new URL('../public/demo/exercises.json', import.meta.url), 'utf8');

/** An open playground whose exercises load from the shipped file. */
async function opened() {
  const h = harness();
  const demoText = h.services.demoText;
  const fetched: string[] = [];
  h.services.demoText = async (name) => (fetched.push(name), name === 'exercises.json' ? EXERCISES : demoText(name));
  h.store.getState().openPlayground();
  await settle();
  return { ...h, fetched, s: () => h.store.getState() };
}

describe('the playground’s state', () => {
  it('opens on one empty experiment of N = 20 in add mode, on its tab, and loads the exercises once', async () => {
    const { s, fetched } = await opened();
    expect(s().resultsTab).toBe('playground');
    const { exercises, ...rest } = s().playground;
    expect(rest).toEqual({ active: true, experiments: [{ name: 'Experiment 1', n: 20, foci: [] }], current: 0, selectedFocus: null, mode: 'add', pressing: false, addedThisPress: false, previousThreshold: null, version: 0, analysed: 0, exercise: null, exercisesError: null });
    expect(exercises?.map((e) => e.id)).toEqual(['first-cluster', 'dominate', 'putamen-fwe']);
    s().chooseExercise('dominate');
    s().openPlayground();
    // Opened again: the exercises and the chosen one stay, and are not fetched again.
    expect([s().playground.exercise, s().playground.exercises?.length]).toEqual(['dominate', 3]);
    expect(fetched).toEqual(['exercises.json']);
  });

  it('edits the set by clicks only while its tab is shown: on another tab, with data loaded, a click only looks', async () => {
    vi.useFakeTimers();
    const { store, calls } = harness();
    store.getState().openPlayground();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setResultsTab('clusters');
    store.getState().crosshairMoved([10, 10, 10]);
    await vi.advanceTimersByTimeAsync(500);
    expect([store.getState().playground.experiments[0].foci, store.getState().dataset?.source, calls.runs.length]).toEqual([[], 'motor.txt', 0]);
    store.getState().setResultsTab('playground');
    store.getState().crosshairMoved([10, 10, 10]);
    expect(store.getState().playground.experiments[0].foci).toEqual([[10, 10, 10]]);
  });

  it('is inactive before it opens: the crosshair adds nothing', () => {
    const { store } = harness();
    store.getState().crosshairMoved([10, 10, 10]);
    store.getState().addPlaygroundFocus([10, 10, 10]);
    expect(store.getState().playground).toMatchObject({ active: false, experiments: [], version: 0 });
  });

  it('adds experiments named by their number and selects the new one; selects only experiments that exist', async () => {
    const { s } = await opened();
    s().selectPlaygroundFocus(0);
    s().addPlaygroundExperiment(12);
    expect(s().playground.experiments[1]).toEqual({ name: 'Experiment 2', n: 12, foci: [] });
    expect([s().playground.current, s().playground.selectedFocus]).toEqual([1, null]);
    s().selectPlaygroundFocus(0);
    s().selectPlaygroundExperiment(0);
    expect([s().playground.current, s().playground.selectedFocus]).toEqual([0, null]);
    s().selectPlaygroundFocus(0);
    for (const outside of [-1, 2]) {
      s().selectPlaygroundExperiment(outside);
      expect([s().playground.current, s().playground.selectedFocus]).toEqual([0, 0]);
    }
    s().selectPlaygroundExperiment(1);
    expect(s().playground.current).toBe(1);
  });

  it('takes N from 1 to 10,000 for the experiment named, counts each change and remembers the threshold before it', async () => {
    const { s, store } = await opened();
    s().addPlaygroundExperiment(8);
    for (const refused of [0, 10_001, 2.5, Number.NaN]) s().setPlaygroundN(0, refused);
    expect([s().playground.experiments.map((e) => e.n), s().playground.version]).toEqual([[20, 8], 0]);
    s().setPlaygroundN(0, 10_000);
    expect([s().playground.experiments.map((e) => e.n), s().playground.version, s().playground.previousThreshold]).toEqual([[10_000, 8], 1, null]);
    store.setState({ run: { ...fakeRun(), summary: { ...fakeRun().summary, cluster_forming_threshold: 0.0123 } } as never });
    s().setPlaygroundN(1, 1);
    expect([s().playground.experiments.map((e) => e.n), s().playground.version, s().playground.previousThreshold]).toEqual([[10_000, 1], 2, 0.0123]);
  });

  it('moves and deletes only the current experiment’s focus named, and ignores a focus that does not exist', async () => {
    const { s } = await opened();
    s().addPlaygroundFocus([1.4, 2.6, -3.5]);
    s().addPlaygroundFocus([10, 10, 10]);
    expect([s().playground.experiments[0].foci, s().playground.selectedFocus]).toEqual([[[1, 3, -3], [10, 10, 10]], 1]);
    s().addPlaygroundExperiment(20);
    s().addPlaygroundFocus([5, 5, 5]);
    s().selectPlaygroundExperiment(0);
    const version = s().playground.version;
    s().movePlaygroundFocus(2, [0, 0, 0]);
    expect(s().playground.version).toBe(version);
    s().movePlaygroundFocus(0, [-7.6, 0, 0]);
    expect([s().playground.experiments.map((e) => e.foci), s().playground.selectedFocus]).toEqual([[[[-8, 0, 0], [10, 10, 10]], [[5, 5, 5]]], 0]);
    s().deletePlaygroundFocus(1);
    expect([s().playground.experiments.map((e) => e.foci), s().playground.selectedFocus]).toEqual([[[[-8, 0, 0]], [[5, 5, 5]]], null]);
  });

  it('moves the selected focus in move mode and does nothing without one', async () => {
    const { s } = await opened();
    s().addPlaygroundFocus([1, 1, 1]);
    s().setPlaygroundMode('move');
    s().selectPlaygroundFocus(null);
    s().crosshairMoved([9, 9, 9]);
    expect(s().playground.experiments[0].foci).toEqual([[1, 1, 1]]);
    s().selectPlaygroundFocus(0);
    s().crosshairMoved([9, 9, 9]);
    expect(s().playground.experiments[0].foci).toEqual([[9, 9, 9]]);
  });

  it('shows a run as the analysed one only when it finished for the latest change; with the Monte Carlo when asked', async () => {
    const { s, calls, outcome } = await opened();
    vi.useFakeTimers();
    s().addPlaygroundFocus([1, 1, 1]);
    await vi.advanceTimersByTimeAsync(200);
    expect(calls.runs).toHaveLength(1);
    // A change while the run is going: that run finishes but is not the analysed one.
    s().addPlaygroundFocus([2, 2, 2]);
    calls.runs[0].finish(outcome());
    await vi.advanceTimersByTimeAsync(0);
    expect([s().playground.version, s().playground.analysed, playgroundTestApi(s).settled()]).toEqual([2, 0, false]);
    await vi.advanceTimersByTimeAsync(200);
    calls.runs[1].finish(outcome());
    await vi.advanceTimersByTimeAsync(0);
    expect([s().playground.analysed, playgroundTestApi(s).settled()]).toEqual([2, true]);
    // A run for the latest change that fails is not shown as analysed.
    s().addPlaygroundFocus([3, 3, 3]);
    await vi.advanceTimersByTimeAsync(200);
    calls.runs[2].fail(new Error('engine failed'));
    await vi.advanceTimersByTimeAsync(0);
    expect([s().status, s().playground.version, s().playground.analysed]).toEqual(['failed', 3, 2]);
    const monteCarlo = s().analysePlayground(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls.runs[3].parameters).toMatchObject({ iterations: s().parameters.iterations });
    calls.runs[3].finish(outcome());
    await monteCarlo;
    expect(s().playground.analysed).toBe(3);
  });

  it('analyses nothing while no experiment has a focus', async () => {
    const { s, calls } = await opened();
    await s().analysePlayground();
    expect([calls.runs.length, s().dataset]).toEqual([0, null]);
  });

  it('reads the shown run through the test API: the threshold, the foci analysed, the crosshair, and copies of the experiments', async () => {
    const { s, store } = await opened();
    const api = playgroundTestApi(s);
    expect([api.threshold(), api.analysedFoci(), api.aleAt([0, 0, 0])]).toEqual([null, 0, null]);
    s().addPlaygroundFocus([4, 5, 6]);
    const copy = api.experiments();
    copy[0].foci[0][0] = 99;
    expect(s().playground.experiments[0].foci[0]).toEqual([4, 5, 6]);
    store.setState({ run: { ...fakeRun(), summary: { ...fakeRun().summary, cluster_forming_threshold: 0.02, n_foci: 3 } } as never, crosshair: [1, 2, 3] });
    expect([api.threshold(), api.analysedFoci(), api.crosshair()]).toEqual([0.02, 3, [1, 2, 3]]);
  });
});

describe('what the playground and its exercises read of a run', () => {
  // A 3×3×3 grid at 2 mm from (−2, −2, −2): cluster 1 at the centre, cluster 2 in a corner.
  const labels = new Int32Array(27);
  labels[13] = 1;
  labels[0] = 2;
  const ale = Float32Array.from({ length: 27 }, (_, v) => v / 1000);
  const run = {
    ...fakeRun(),
    shape: [3, 3, 3],
    affine: Float64Array.from([2, 0, 0, -2, 0, 2, 0, -2, 0, 0, 2, -2, 0, 0, 0, 1]),
    volumes: { ale, z: new Float32Array(27), labels },
    reports: [{ id: 1, pFweSize: 0.01 }, { id: 2, pFweSize: null }],
    contributions: [{ dominated: false }, { dominated: true }],
    summary: { ...fakeRun().summary, cluster_forming_threshold: 0.012 },
  } as unknown as FinishedRun;

  it('gives the clusters’ FWE p, whether any cluster is dominated, and the cluster at a point (0 outside any or the grid)', () => {
    const r = exerciseRunOf(run);
    expect([r?.clusters, r?.dominated, r?.clusterAt([0, 0, 0]), r?.clusterAt([-2, -2, -2]), r?.clusterAt([2, 2, 2]), r?.clusterAt([40, 0, 0])]).toEqual([[{ id: 1, pFweSize: 0.01 }, { id: 2, pFweSize: null }], true, 1, 2, 0, 0]);
    expect(exerciseRunOf({ ...run, contributions: [{ dominated: false }] } as unknown as FinishedRun)?.dominated).toBe(false);
    expect(exerciseRunOf(null)).toBeNull();
  });

  it('gives the ALE at the crosshair, none outside the grid, and the threshold', async () => {
    const { s } = await opened();
    const at = (crosshair: [number, number, number]) => playgroundNumbers({ playground: s().playground, run, crosshair });
    expect([at([0, 0, 0]).aleAtCrosshair, at([2, 2, 2]).aleAtCrosshair, at([40, 0, 0]).aleAtCrosshair, at([0, 0, 0]).threshold]).toEqual([Math.fround(0.013), Math.fround(0.026), null, 0.012]);
  });

  it('sets this run’s Monte-Carlo cut-offs beside JALE’s predicted ones, none without a null', () => {
    const thresholds = { ...fakeRun().thresholds, voxelFweAle: 0.03, tfceFwe: 812 };
    const withNull = { ...run, thresholds } as unknown as FinishedRun;
    // Clusters larger than the largest of 20 null sizes have p < 1/20: the cut-off is 20.
    const sizes = Float64Array.from({ length: 20 }, (_, n) => n + 1);
    expect(monteCarloCutoffs(withNull, { maxAle: new Float64Array(20), maxSize: sizes, maxMass: new Float64Array(20) }, 0.05)).toEqual({ vfweAle: 0.03, cfweSize: 20, tfce: 812 });
    expect(monteCarloCutoffs(withNull, { maxAle: new Float64Array(0), maxSize: new Float64Array(0), maxMass: new Float64Array(0) }, 0.05).cfweSize).toBeNull();
    expect(monteCarloCutoffs(withNull, null, 0.05).cfweSize).toBeNull();
  });
});

