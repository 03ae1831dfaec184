/**
 * Share links that carry the analyses run after the main one (the contrast,
 * the probabilistic ALE, the clustering of experiments): what the link
 * holds, how opening it reruns them in order on the link's run, and what a
 * hostile or stale link gets.
 */
import { describe, expect, it } from 'vitest';
import { decodeShareHash, encodeShareHash, type ShareState } from '../app/share/shareLink.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { finishedRun, harness, settle } from './support/storeHarness.ts';

const contrastView = { kind: 'subtraction' as const, pFloorCount: 20, minVolumeMm3: 0, names: ['a', 'b'] as [string, string], gated: new Float32Array(8), conjunction: new Float32Array(8), clusters: { aOverB: [], bOverA: [], conjunction: [] }, peakP: { aOverB: [], bOverA: [], conjunction: [] }, counts: { a: 1, b: 1 } };
const probabilisticView = { experiments: 2, subsetSize: 3, subsets: 10, possible: 10, cutoff: 12, iterations: 30, fraction: new Float32Array(8), everSignificant: 4, alwaysSignificant: 1, files: [] };
const settings = { method: 'kmedoids' as const, maxClusters: 4, linkage: 'average' as const, nullIterations: 50 };
const clusteringView = { names: ['a', 'b'], settings, files: [], result: { correlation: new Float64Array(4), tree: { n: 2, merges: [] }, linkage: 'complete' as const, order: [0, 1], levels: [], subsampleSize: 2, subsamples: 3, nullIterations: 50 } };
const B_TEXT = '// Reference=MNI\n// Late 2022: late > early\n// Subjects=14\n30 -60 -30\n-24 2 4\n';
const LAYERS = { ale: false, z: true, clusters: true, aOverB: false, bOverA: true, conjunction: false, atlas: false, tfce: true };

const hashOf = (url: string) => url.slice(url.indexOf('#'));

/** A finished run whose contrast (split by a name pattern), probabilistic ALE and clustering have finished too. */
async function sharerWithEverything() {
  const h = await finishedRun({ iterations: 30, seed: 5 });
  const { store, calls } = h;
  store.getState().setContrastSplit({ pattern: 'smith' });
  const contrast = store.getState().runContrastJob(undefined, 200);
  await settle();
  calls.contrasts[0].finish({ ok: true, view: { ...contrastView, minVolumeMm3: 200 } });
  await contrast;
  const probabilistic = store.getState().runProbabilisticJob(3);
  await settle();
  calls.probabilistics[0].finish({ ok: true, view: probabilisticView });
  await probabilistic;
  const clustering = store.getState().runClusteringJob(settings);
  await settle();
  calls.clusterings[0].finish({ ok: true, view: clusteringView });
  await clustering;
  store.setState({ layers: LAYERS });
  return h;
}

/** Opens the sharer's link in a fresh store and finishes the link's main run. */
async function openLinkOf(sharer: Awaited<ReturnType<typeof sharerWithEverything>>) {
  const opened = harness();
  const opening = opened.store.getState().restoreShare(hashOf(sharer.store.getState().shareUrl()));
  await settle();
  opened.calls.runs[0].finish(opened.outcome());
  await settle();
  return { ...opened, opening };
}

describe('share links with the analyses run after the main one', () => {
  it('hold each finished follow-up with its settings, and a pattern split as group A’s ids', async () => {
    const { store } = await sharerWithEverything();
    const state = decodeShareHash(hashOf(store.getState().shareUrl()));
    expect(state.followUps).toEqual({
      contrast: { groupB: { kind: 'split', rule: { ids: ['Smith 2020-sequence > rest'], names: ['matching /smith/', 'not matching /smith/'] } }, minVolumeMm3: 200 },
      probabilistic: { subsetSize: 3 },
      clustering: settings,
    });
  });

  it('hold nothing of a follow-up that failed, was cancelled or is still running', async () => {
    const { store, calls } = await finishedRun({ iterations: 30 });
    store.getState().setContrastSplit({ column: 'group' });
    await store.getState().runContrastJob();
    expect(store.getState().contrast.status).toBe('failed');
    const probabilistic = store.getState().runProbabilisticJob(3);
    await settle();
    store.getState().cancelJob('probabilistic');
    await probabilistic;
    void store.getState().runClusteringJob(settings);
    await settle();
    expect(calls.clusterings).toHaveLength(1);
    expect(decodeShareHash(hashOf(store.getState().shareUrl())).followUps).toBeUndefined();
  });

  it('rerun in order when the link opens: the split contrast, the probabilistic ALE, the clustering, each with its settings on the link’s run; the view keeps the link’s layers', async () => {
    const { store, calls, opening } = await openLinkOf(await sharerWithEverything());
    // One at a time: the next starts only when the one before has finished.
    expect([calls.contrasts.length, calls.probabilistics.length, calls.clusterings.length]).toEqual([1, 0, 0]);
    expect([calls.contrasts[0].a.experiments.map((e) => e.id), calls.contrasts[0].b.experiments.map((e) => e.id), calls.contrasts[0].names]).toEqual([
      ['Smith 2020-sequence > rest'],
      ['Jones 2021-early > late'],
      ['matching /smith/', 'not matching /smith/'],
    ]);
    expect(calls.contrasts[0].parameters).toMatchObject({ iterations: 30, seed: 5, minVolumeMm3: 200 });
    calls.contrasts[0].finish({ ok: true, view: { ...contrastView, minVolumeMm3: 200 } });
    await settle();
    expect(store.getState().layers).toEqual(LAYERS);
    expect([calls.probabilistics.length, calls.clusterings.length]).toEqual([1, 0]);
    expect(calls.probabilistics[0]).toMatchObject({ subsetSize: 3, parameters: { seed: 5 } });
    calls.probabilistics[0].finish({ ok: true, view: probabilisticView });
    await settle();
    expect(calls.clusterings[0].settings).toEqual(settings);
    calls.clusterings[0].finish({ ok: true, view: clusteringView });
    await opening;
    const s = store.getState();
    expect([s.contrast.status, s.probabilistic.status, s.clustering.status, s.linkError]).toEqual(['done', 'done', 'done', null]);
  });

  it('carry a second file as group B and the balanced contrast’s N', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    await store.getState().setContrastB(B_TEXT, 'late.txt');
    const balanced = store.getState().runContrastJob({ subsetSize: null });
    await settle();
    calls.balanced[0].finish({ ok: true, view: { ...contrastView, kind: 'balanced', subsetSize: 1, pFloorCount: 21 } });
    await balanced;
    const state = decodeShareHash(hashOf(store.getState().shareUrl()));
    expect(state.followUps?.contrast).toMatchObject({ groupB: { kind: 'text', name: 'late.txt' }, balancedN: 1 });
    const opened = harness();
    void opened.store.getState().restoreShare(encodeShareHash(state));
    await settle();
    opened.calls.runs[0].finish(opened.outcome());
    await settle();
    expect(opened.calls.contrasts).toHaveLength(0);
    expect(opened.calls.balanced[0]).toMatchObject({ subsetSize: 1, names: ['motor.txt', 'late.txt'] });
    expect(opened.calls.balanced[0].b.experiments.map((e) => [e.id, e.sampleSize, e.foci.map((f) => [f.x, f.y, f.z])])).toEqual([['Late 2022-late > early', 14, [[30, -60, -30], [-24, 2, 4]]]]);
  });

  it('carry a split by a table column as the column, and a link with only a clustering reruns only that', async () => {
    const table = 'experiment,x,y,z,n,space,group\nA1,1,2,3,10,MNI,young\nA2,4,5,6,10,MNI,old\nB1,7,8,9,12,MNI,young\n';
    const { store, calls } = await finishedRun({ iterations: 20 }, null, { text: table, name: 't.csv' });
    store.getState().setContrastSplit({ column: 'group' });
    const contrast = store.getState().runContrastJob();
    await settle();
    calls.contrasts[0].finish({ ok: true, view: contrastView });
    await contrast;
    const state = decodeShareHash(hashOf(store.getState().shareUrl()));
    expect(state.followUps).toEqual({ contrast: { groupB: { kind: 'split', rule: { column: 'group' } }, minVolumeMm3: 0 } });
    const opened = harness();
    void opened.store.getState().restoreShare(encodeShareHash(state));
    await settle();
    opened.calls.runs[0].finish(opened.outcome());
    await settle();
    expect([opened.calls.contrasts[0].a.experiments.map((e) => e.id), opened.calls.contrasts[0].names]).toEqual([['A1', 'B1'], ['young', 'old']]);

    const only = harness();
    const opening = only.store.getState().restoreShare(encodeShareHash({ ...state, followUps: { clustering: settings } }));
    await settle();
    only.calls.runs[0].finish(only.outcome());
    await settle();
    expect([only.calls.contrasts.length, only.calls.probabilistics.length, only.calls.clusterings.length]).toEqual([0, 0, 1]);
    only.calls.clusterings[0].finish({ ok: true, view: clusteringView });
    await opening;
    expect(only.store.getState().clustering.status).toBe('done');
  });

  it('stop rerunning when another run replaces the link’s', async () => {
    const { store, calls, opening } = await openLinkOf(await sharerWithEverything());
    void store.getState().start();
    await settle();
    expect(calls.contrasts[0].signal.aborted).toBe(true);
    await opening;
    expect([calls.probabilistics.length, calls.clusterings.length]).toEqual([0, 0]);
  });

  it('stop rerunning when a run the user started finished while group B was still being read', async () => {
    const sharer = await finishedRun({ iterations: 20 });
    await sharer.store.getState().setContrastB(B_TEXT, 'late.txt');
    const contrast = sharer.store.getState().runContrastJob();
    await settle();
    sharer.calls.contrasts[0].finish({ ok: true, view: contrastView });
    await contrast;
    const probabilistic = sharer.store.getState().runProbabilisticJob(3);
    await settle();
    sharer.calls.probabilistics[0].finish({ ok: true, view: probabilisticView });
    await probabilistic;
    const { store, calls, services, outcome } = harness();
    let readB!: () => void;
    const parse = services.parseCoordinates;
    services.parseCoordinates = (input, source) => (source === 'late.txt' ? new Promise<void>((resolve) => (readB = resolve)).then(() => parse(input, source)) : parse(input, source));
    const opening = store.getState().restoreShare(hashOf(sharer.store.getState().shareUrl()));
    await settle();
    calls.runs[0].finish(outcome());
    await settle();
    const newer = store.getState().start();
    await settle();
    calls.runs[1].finish(outcome());
    await newer;
    readB();
    await opening;
    expect([calls.contrasts.length, calls.probabilistics.length, store.getState().status]).toEqual([0, 0, 'done']);
  });

  it('name a group A the data do not have, and never take a name pattern or settings beyond the panels’ bounds', async () => {
    const view = { layout: 'multiplanar' as const, crosshair: [0, 0, 0] as [number, number, number], zThreshold: 3, layers: LAYERS, showFoci: false, inference: 'size' as const };
    const base: ShareState = { data: { kind: 'text', name: 'motor.txt', text: '// Reference=MNI\n// Smith 2020: a\n// Subjects=10\n1 2 3\n\n// Jones 2021: b\n// Subjects=12\n4 5 6\n' }, parameters: { ...DEFAULT_PARAMETERS, iterations: 20 }, alpha: 0.05, view };
    const { store, calls, outcome } = harness();
    const opening = store.getState().restoreShare(encodeShareHash({ ...base, followUps: { contrast: { groupB: { kind: 'split', rule: { ids: ['Nobody 1999-x'], names: ['a', 'b'] } }, minVolumeMm3: 0 } } }));
    await settle();
    calls.runs[0].finish(outcome());
    await opening;
    expect(store.getState().contrast).toMatchObject({ status: 'failed', error: 'motor.txt: error: group A names 1 experiment(s) the data do not have: "Nobody 1999-x"' });
    expect(calls.contrasts).toHaveLength(0);
    const hostile: [unknown, string][] = [
      [{ contrast: { groupB: { kind: 'split', rule: { pattern: '(a+)+$' } } } }, 'followUps.contrast.groupB.rule'],
      [{ clustering: { ...settings, maxClusters: 21 } }, 'followUps.clustering.maxClusters'],
      [{ clustering: { ...settings, nullIterations: 10_001 } }, 'followUps.clustering.nullIterations'],
      [{ probabilistic: { subsetSize: 2.5 } }, 'followUps.probabilistic.subsetSize'],
      [{ contrast: { groupB: { kind: 'split', rule: { column: 'group' } }, balancedN: 0 } }, 'followUps.contrast.balancedN'],
    ];
    for (const [followUps, path] of hostile) {
      const refused = harness();
      await refused.store.getState().restoreShare(encodeShareHash({ ...base, followUps } as ShareState));
      expect(refused.store.getState().linkError).toMatch(new RegExp(`^This share link cannot be opened: the link's ${path.replace(/\./g, '\\.')} is invalid`));
      expect(refused.calls.runs).toHaveLength(0);
    }
  });
});
