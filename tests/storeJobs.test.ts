/**
 * The store's jobs and small state, driven in Node: Fail-Safe N and the
 * contrast (progress, results, errors, cancel, superseding), the data ways
 * in that can fail, masks, the viewer's and workspace's settings, and the
 * values derived for the panels.
 */
import { describe, expect, it } from 'vitest';
import { changedSettings, liveFwe, observedClusters, significantClusterAt } from '../app/state/derived.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import type { FinishedRun } from '../workers/analysis/index.ts';
import type { FsnResult } from '../workers/inference/index.ts';
import { finishedRun, harness, MASK, settle, SLEUTH } from './support/storeHarness.ts';


const fsn = (clusterId: number, value: number): FsnResult => ({ clusterId, fsn: value, bound: 'bracketed', min: 2, max: 20 });

describe('Fail-Safe N in the store', () => {
  it('shows progress, then merges results for the clusters asked, newest first', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    const first = store.getState().runFailSafeN([1, 2]);
    await settle();
    expect(calls.fsn[0].ids).toEqual([1, 2]);
    calls.fsn[0].onProgress('step 2 of ~6', 2, 6);
    expect(store.getState().fsn).toMatchObject({ status: 'running', label: 'step 2 of ~6', done: 2, total: 6 });
    calls.fsn[0].finish([fsn(2, 7), fsn(1, 5)]);
    await first;
    expect(store.getState().fsn).toMatchObject({ status: 'done', result: [fsn(1, 5), fsn(2, 7)] });
    const second = store.getState().runFailSafeN([2]);
    await settle();
    // Earlier results stay in view while the new job runs.
    expect(store.getState().fsn).toMatchObject({ status: 'running', result: [fsn(1, 5), fsn(2, 7)] });
    calls.fsn[1].finish([fsn(2, 9)]);
    await second;
    expect(store.getState().fsn.result).toEqual([fsn(1, 5), fsn(2, 9)]);
  });

  it('shows the bracket reached as it narrows, and keeps it when cancelled', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    const job = store.getState().runFailSafeN([1]);
    await settle();
    calls.fsn[0].onResults([{ clusterId: 1, fsn: 19, bound: 'stopped', min: 19, max: 33 }]);
    expect(store.getState().fsn).toMatchObject({ status: 'running', result: [{ clusterId: 1, bound: 'stopped', min: 19, max: 33 }] });
    store.getState().cancelJob('fsn');
    await job;
    expect(store.getState().fsn).toMatchObject({ status: 'cancelled', result: [{ clusterId: 1, fsn: 19, bound: 'stopped', min: 19, max: 33 }] });
    // A late message of the cancelled job changes nothing.
    calls.fsn[0].onResults([{ clusterId: 1, fsn: 22, bound: 'stopped', min: 22, max: 26 }]);
    expect(store.getState().fsn.result).toEqual([{ clusterId: 1, fsn: 19, bound: 'stopped', min: 19, max: 33 }]);
  });

  it('says why it failed, and does nothing without clusters or a run', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    const job = store.getState().runFailSafeN([1]);
    await settle();
    calls.fsn[0].finish({ errors: [{ severity: 'error', source: 'x.txt', line: 3, message: 'bad' }] });
    await job;
    expect(store.getState().fsn).toMatchObject({ status: 'failed', error: 'x.txt:3: error: bad' });
    await store.getState().runFailSafeN([]);
    expect(calls.fsn.length).toBe(1);
    const empty = harness();
    await empty.store.getState().runFailSafeN([1]);
    expect(empty.calls.fsn.length).toBe(0);
  });

  it('needs Monte-Carlo iterations', async () => {
    const { store, calls } = await finishedRun({ iterations: 0 });
    await store.getState().runFailSafeN([1]);
    expect(store.getState().fsn).toMatchObject({ status: 'failed', error: 'Fail-Safe N needs Monte-Carlo iterations (run again with iterations above 0)' });
    expect(calls.fsn.length).toBe(0);
  });

  it('is cancelled on request, and a superseded job writes nothing', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    const job = store.getState().runFailSafeN([1]);
    await settle();
    store.getState().cancelJob('fsn');
    expect(calls.fsn[0].signal.aborted).toBe(true);
    await job;
    expect(store.getState().fsn).toMatchObject({ status: 'cancelled', error: null });
    const old = store.getState().runFailSafeN([1]);
    await settle();
    const newer = store.getState().runFailSafeN([2]);
    await settle();
    expect(calls.fsn[1].signal.aborted).toBe(true);
    calls.fsn[1].onProgress('late', 1, 2);
    await old;
    expect(store.getState().fsn).toMatchObject({ status: 'running', label: 'starting', result: null });
    calls.fsn[2].finish([fsn(2, 3)]);
    await newer;
    expect(store.getState().fsn.result).toEqual([fsn(2, 3)]);
  });
});

describe('the contrast in the store', () => {
  const view = { kind: 'subtraction' as const, pFloorCount: 20, minVolumeMm3: 0, names: ['a', 'b'] as [string, string], gated: new Float32Array(8), conjunction: new Float32Array(8), clusters: { aOverB: [], bOverA: [], conjunction: [] }, peakP: { aOverB: [], bOverA: [], conjunction: [] }, counts: { a: 2, b: 1 } };

  it('runs the finished run’s data against group B with the run’s parameters and α, and shows both directions', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 }, { maxAle: new Float64Array(20), maxSize: new Float64Array(20), maxMass: new Float64Array(20) });
    store.getState().setFweAlpha(0.01);
    store.getState().setParameters({ iterations: 999 });
    store.setState({ layers: { ...store.getState().layers, aOverB: false, bOverA: false } });
    await store.getState().setContrastB('// Reference=MNI\n// B 2020: x\n// Subjects=9\n1 2 3\n', 'b.txt');
    expect(store.getState().contrastB?.source).toBe('b.txt');
    const job = store.getState().runContrastJob();
    await settle();
    expect(calls.contrasts[0].names).toEqual(['motor.txt', 'b.txt']);
    expect(calls.contrasts[0].parameters).toMatchObject({ iterations: 20, alpha: 0.05, minVolumeMm3: 0 });
    // A is the finished run's whole dataset: its null goes along instead of being run again.
    expect(calls.contrasts[0].nullOfA).not.toBeNull();
    expect(calls.contrasts[0].nullOfA).toBe(store.getState().nullMaxima);
    calls.contrasts[0].onProgress('permutations', 5, 20);
    expect(store.getState().contrast).toMatchObject({ status: 'running', label: 'permutations', done: 5, total: 20 });
    calls.contrasts[0].finish({ ok: true, view });
    await job;
    expect(store.getState().contrast).toMatchObject({ status: 'done', result: view });
    expect(store.getState().layers).toMatchObject({ z: false, aOverB: true, bOverA: true });
  });

  it('passes the smallest cluster volume the panel asks for to the subtraction', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    await store.getState().setContrastB('// Reference=MNI\n// B 2020: x\n// Subjects=9\n1 2 3\n', 'b.txt');
    const job = store.getState().runContrastJob(undefined, 200);
    await settle();
    expect(calls.contrasts[0].parameters).toMatchObject({ alpha: 0.05, minVolumeMm3: 200 });
    calls.contrasts[0].finish({ ok: true, view: { ...view, minVolumeMm3: 200 } });
    await job;
  });

  it('runs JALE’s balanced contrast of the same groups when asked, at the N given, with the run’s parameters and α', async () => {
    const { store, calls } = await finishedRun({ iterations: 20, seed: 2 });
    await store.getState().setContrastB('// Reference=MNI\n// B 2020: x\n// Subjects=9\n1 2 3\n', 'b.txt');
    const job = store.getState().runContrastJob({ subsetSize: 1 });
    await settle();
    expect(calls.contrasts).toHaveLength(0);
    expect(calls.balanced[0]).toMatchObject({ names: ['motor.txt', 'b.txt'], subsetSize: 1, alpha: 0.05, parameters: { iterations: 20, seed: 2 } });
    const balancedView = { ...view, kind: 'balanced' as const, subsetSize: 1, pFloorCount: 21 };
    calls.balanced[0].finish({ ok: true, view: balancedView });
    await job;
    expect(store.getState().contrast).toMatchObject({ status: 'done', result: balancedView });
    expect(store.getState().layers).toMatchObject({ z: false, aOverB: true, bOverA: true });
  });

  it('splits the loaded dataset by a name pattern, and names a split that leaves a group empty', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    store.getState().setContrastSplit({ pattern: 'Smith' });
    const job = store.getState().runContrastJob();
    await settle();
    expect([calls.contrasts[0].a.experiments.length, calls.contrasts[0].b.experiments.length]).toEqual([1, 1]);
    expect(calls.contrasts[0].nullOfA).toBeNull();
    calls.contrasts[0].finish({ ok: false, errors: [{ severity: 'error', source: 'contrast', message: 'too few' }], warnings: [] });
    await job;
    expect(store.getState().contrast).toMatchObject({ status: 'failed', error: 'contrast: error: too few' });
    store.getState().setContrastSplit({ pattern: 'nobody' });
    await store.getState().runContrastJob();
    expect(store.getState().contrast.status).toBe('failed');
    expect(store.getState().contrast.error).toBe('motor.txt: error: the split leaves 0 and 2 experiments; both groups need some');
    expect(calls.contrasts.length).toBe(1);
  });

  it('refuses a group B that fails the input gate, and a run without iterations', async () => {
    const { store } = await finishedRun({ iterations: 0 });
    await store.getState().setContrastB('// Reference=MNI\n// B: x\n// Subjects=9\n1 2 dog\n', 'bad.txt');
    expect(store.getState().contrast).toMatchObject({ status: 'failed', error: 'bad.txt:4: error: "dog" is not a number (coordinates are decimal numbers such as -38.5)' });
    await store.getState().setContrastB(SLEUTH, 'b.txt');
    await store.getState().runContrastJob();
    expect(store.getState().contrast).toMatchObject({ status: 'failed', error: 'a contrast needs iterations above 0 (permutations and Monte Carlo)' });
  });

  it('loads the late-learning demo as group B, or says why it could not', async () => {
    const { store, calls } = await finishedRun({ iterations: 20 });
    await store.getState().loadDemoLateLearning();
    expect(store.getState().contrastB?.source).toBe('late_learning.txt (simulated demo)');
    store.getState().setContrastSplit({ pattern: 'Smith' });
    expect(store.getState().contrastB).toBeNull();
    calls.demoFails = true;
    await store.getState().loadDemoLateLearning();
    expect(store.getState().contrast).toMatchObject({ status: 'failed', error: 'could not load the late-learning demo: offline' });
  });

  it('lets go of group B when new data load, so a contrast never pairs B with a dataset it was not chosen for', async () => {
    const { store } = await finishedRun({ iterations: 20 });
    await store.getState().setContrastB('// Reference=MNI\n// B 2020: x\n// Subjects=9\n1 2 3\n', 'b.txt');
    expect(store.getState().contrastB?.source).toBe('b.txt');
    expect(await store.getState().loadCoordinates(SLEUTH, 'other.txt')).toBe(true);
    expect(store.getState().contrastB).toBeNull();
  });
});

describe('data that cannot be loaded, and masks', () => {
  it('names a URL that could not be fetched and keeps no dataset', async () => {
    const { store, calls } = harness();
    calls.answers.set('https://x.org/a.txt', new Error('HTTP 500'));
    await store.getState().loadFromUrl('https://x.org/a.txt');
    expect(store.getState().dataset).toBeNull();
    expect(store.getState().datasetUrl).toBeNull();
    expect(store.getState().inputDiagnostics).toEqual([{ severity: 'error', source: 'https://x.org/a.txt', message: 'could not fetch the data: HTTP 500' }]);
  });

  it('says when the demo cannot be loaded', async () => {
    const { store, calls } = harness();
    calls.demoFails = true;
    await store.getState().loadDemo('simulated');
    expect(store.getState().inputDiagnostics).toEqual([{ severity: 'error', source: 'demo', message: 'could not load the demo data: offline' }]);
    expect(calls.runs.length).toBe(0);
  });

  it('loads the simulated demo with its ground truth and runs it', async () => {
    const { store, calls } = harness();
    calls.truth = JSON.stringify({ nodes: [{ name: 'M1', xyz: [-38, -22, 56] }] });
    const loading = store.getState().loadDemo('simulated');
    await settle();
    expect(store.getState().demo).toMatchObject({ kind: 'simulated', title: 'Simulated ground truth: early motor sequence learning (24 experiments)', groundTruth: [{ name: 'M1' }] });
    expect(calls.demos).toEqual(['early_learning.txt', 'ground_truth.json']);
    expect(store.getState().dataset?.source).toBe('early_learning.txt');
    expect(calls.runs.length).toBe(1);
    calls.runs[0].finish({ ok: false, errors: [], warnings: [] });
    await loading;
  });

  it('keeps a file the user loads while the demo or a ?data= URL is still downloading', async () => {
    const { store, services } = harness();
    const demoText = services.demoText;
    const fetchBytes = services.fetchBytes;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    services.demoText = async (name) => (await held, demoText(name));
    services.fetchBytes = async (url) => (await held, fetchBytes(url));
    const demo = store.getState().loadDemo('published');
    const fromUrl = store.getState().loadFromUrl('https://x.org/late.txt');
    expect(await store.getState().loadCoordinates(SLEUTH, 'mine.txt')).toBe(true);
    release();
    expect(await fromUrl).toBe(false);
    await settle();
    expect(store.getState()).toMatchObject({ dataset: { source: 'mine.txt' }, demo: null, datasetUrl: null, run: null });
    await demo;
    // Nor does a demo that fails after being replaced report its failure over the user's file.
    const { store: other, services: late, calls } = harness();
    calls.demoFails = true;
    const failingText = late.demoText;
    late.demoText = async (name) => (await held, failingText(name));
    const failing = other.getState().loadDemo('simulated');
    await other.getState().loadCoordinates(SLEUTH, 'mine.txt');
    await failing;
    expect(other.getState().inputDiagnostics).toEqual([]);
  });

  it('refuses a Neurostore answer that is not a NIMADS studyset', async () => {
    const { store, calls } = harness();
    calls.answers.set('https://neurostore.org/api/studysets/abc123XYZ?nested=true', SLEUTH);
    await store.getState().loadNeurostore('abc123XYZ');
    expect(store.getState().dataset).toBeNull();
    expect(store.getState().inputDiagnostics).toEqual([{ severity: 'error', source: 'Neurostore studyset abc123XYZ', message: 'the answer is sleuth data, not a NIMADS studyset' }]);
    expect(store.getState().neurostore).toMatchObject({ status: 'failed', message: 'studyset abc123XYZ did not pass the input gate: see the messages below' });
  });

  it('takes a mask that passes its check, keeps the messages of one that does not, and switches shipped masks', async () => {
    const { store, calls } = harness();
    store.getState().loadMask(new Uint8Array(4), 'mine.nii.gz');
    expect(store.getState().customMask).toMatchObject({ name: 'test mask' });
    calls.maskFails = true;
    store.getState().loadMask(new Uint8Array(4), 'bad.nii.gz');
    expect(store.getState().maskDiagnostics).toEqual([{ severity: 'error', source: 'bad.nii.gz', message: 'not a mask' }]);
    expect(store.getState().customMask).toMatchObject({ name: 'test mask' });
    await store.getState().useShippedMask('colin27');
    expect(store.getState().customMask).toBe(MASK);
    await store.getState().useShippedMask('mni152');
    expect(store.getState()).toMatchObject({ customMask: null, maskDiagnostics: [] });
    calls.shippedMaskFails = true;
    await store.getState().useShippedMask('colin27');
    expect(store.getState().error).toBe('the mask could not be fetched');
  });
});

describe('the viewer’s and workspace’s settings', () => {
  it('keeps the viewer\'s dragged height between 30 % and 85 % of the column, ignores a non-number, and forgets it on reset', () => {
    const { store } = harness();
    const s = () => store.getState();
    expect(s().viewerShare).toBeNull();
    s().setViewerShare(0.62);
    expect(s().viewerShare).toBe(0.62);
    s().setViewerShare(Number.NaN);
    expect(s().viewerShare).toBe(0.62);
    s().setViewerShare(0.1);
    expect(s().viewerShare).toBe(0.3);
    s().setViewerShare(0.97);
    expect(s().viewerShare).toBe(0.85);
    s().setViewerShare(null);
    expect(s().viewerShare).toBeNull();
  });

  it('each setter changes its one setting', () => {
    const { store } = harness();
    const s = () => store.getState();
    expect([s().layout, s().zThreshold, s().showFoci, s().showTruth, s().resultsTab, s().railOpen, s().theme]).toEqual(['multiplanar', 3.09, false, false, 'clusters', true, 'system']);
    s().setLayout('mosaic');
    s().setZThreshold(5.5);
    s().setShowFoci(true);
    s().setShowTruth(true);
    s().setResultsTab('null');
    s().toggleRail();
    s().setTheme('dark');
    s().setClip({ depth: 0.2, azimuth: 90, elevation: 0 });
    s().setTourOverlay(null);
    expect([s().layout, s().zThreshold, s().showFoci, s().showTruth, s().resultsTab, s().railOpen, s().theme, s().clip]).toEqual(['mosaic', 5.5, true, true, 'null', false, 'dark', { depth: 0.2, azimuth: 90, elevation: 0 }]);
    s().toggleRail();
    expect(s().railOpen).toBe(true);
    s().toggleLayer('ale');
    expect(s().layers).toEqual({ ale: true, z: true, clusters: true, aOverB: true, bOverA: true, conjunction: false, atlas: false, tfce: true });
    s().setLayers({ ale: false, z: false, clusters: false, aOverB: false, bOverA: false, conjunction: false, atlas: true, tfce: false });
    expect(s().layers).toEqual({ ale: false, z: false, clusters: false, aOverB: false, bOverA: false, conjunction: false, atlas: true, tfce: false });
    s().toggleExperimentFoci('A');
    s().toggleExperimentFoci('B');
    s().toggleExperimentFoci('A');
    expect([...s().hiddenFoci]).toEqual(['B']);
    const request = s().crosshairRequest;
    s().goTo([1, 2, 3]);
    expect([s().crosshair, s().crosshairRequest]).toEqual([[1, 2, 3], request + 1]);
  });
});

describe('values derived for the panels', () => {
  // A 3×3×3 grid at 2 mm from (−2, −2, −2): cluster 1 (significant) at the centre, cluster 2 (not) in a corner.
  const labels = new Int32Array(27);
  labels[13] = 1;
  labels[0] = 2;
  const report = (id: number, pFweSize: number | null, sizeVoxels: number) => ({ id, pFweSize, cluster: { sizeVoxels, peak: { xyz: [0, 0, 0] } } });
  const run = {
    final: true,
    shape: [3, 3, 3],
    affine: Float64Array.from([2, 0, 0, -2, 0, 2, 0, -2, 0, 0, 2, -2, 0, 0, 0, 1]),
    volumes: { labels },
    reports: [report(1, 0.01, 40), report(2, 0.2, 10)],
    summary: { clusters: [{ id: 1, size_voxels: 40, peak_xyz: [0, 0, 0] }, { id: 2, size_voxels: 10, peak_xyz: [-2, -2, -2] }] },
  } as unknown as FinishedRun;

  it('finds the significant cluster under a point, and none elsewhere or outside the grid', () => {
    expect(significantClusterAt(run, 0.05, [0, 0, 0])).toBe(1);
    expect(significantClusterAt(run, 0.05, [-2, -2, -2])).toBeNull();
    expect(significantClusterAt(run, 0.5, [-2, -2, -2])).toBe(2);
    expect(significantClusterAt(run, 0.05, [2, 2, 2])).toBeNull();
    expect(significantClusterAt(run, 0.05, [40, 0, 0])).toBeNull();
  });

  it('gives live FWE p-values only for a preview with null sizes, and each cluster’s significance', () => {
    const preview = { ...run, final: false } as FinishedRun;
    expect(liveFwe(run, Float64Array.of(1, 2), 0.05)).toBeNull();
    expect(liveFwe(preview, null, 0.05)).toBeNull();
    expect(liveFwe(preview, new Float64Array(0), 0.05)).toBeNull();
    const live = liveFwe(preview, Float64Array.from({ length: 100 }, (_, i) => i % 20), 0.05);
    expect([...(live?.keys() ?? [])]).toEqual([1, 2]);
    expect(live?.get(1)).toMatchObject({ p: 0.01, significant: true });
    expect(live?.get(2)).toMatchObject({ p: 0.5, significant: false });
    expect(observedClusters(run, null, 0.05)).toEqual([{ id: 1, size: 40, significant: true }, { id: 2, size: 10, significant: false }]);
    expect(observedClusters(run, live, 0.6)).toEqual([{ id: 1, size: 40, significant: true }, { id: 2, size: 10, significant: false }]);
    expect(observedClusters(run, new Map(), 0.05).map((c) => c.significant)).toEqual([false, false]);
  });

  it('selects the significant cluster where the crosshair moves, and a cluster’s peak when a row is chosen', async () => {
    const { store } = harness();
    store.setState({ run, fweAlpha: 0.05 });
    store.getState().crosshairMoved([0, 0, 0]);
    expect(store.getState().selectedCluster).toBe(1);
    store.getState().crosshairMoved([-2, -2, -2]);
    expect(store.getState()).toMatchObject({ selectedCluster: null, crosshair: [-2, -2, -2] });
    const request = store.getState().crosshairRequest;
    store.getState().selectCluster(2);
    expect(store.getState()).toMatchObject({ selectedCluster: 2, crosshair: [-2, -2, -2], crosshairRequest: request + 1 });
    store.getState().selectCluster(9);
    expect(store.getState()).toMatchObject({ selectedCluster: 9, crosshairRequest: request + 1 });
  });
});

describe('settings changed since the shown run', () => {
  it('names what differs, leaving out the engine (every engine gives the same result)', () => {
    const ran = { ...DEFAULT_PARAMETERS };
    expect(changedSettings(ran, { ...ran })).toEqual([]);
    expect(changedSettings(ran, { ...ran, engine: 'gpu' })).toEqual([]);
    expect(changedSettings(ran, { ...ran, clusterFormingP: 0.005, seed: 2 })).toEqual(['cluster-forming p', 'seed']);
    expect(changedSettings({ ...ran, tfce: true }, { ...ran, tfce: undefined })).toEqual(['TFCE']);
    expect(changedSettings(ran, { ...ran, sampleSize: 20, stopWhenSettled: 0.05 })).toEqual(['sample size', 'stop when settled']);
    // A setting the run set itself (the playground's runs without a Monte Carlo) is not a change of the form.
    expect(changedSettings({ ...ran, iterations: 0 }, ran, ['iterations'])).toEqual([]);
  });
});

describe('the clustering of experiments in the store', () => {
  const settings = { method: 'kmedoids' as const, maxClusters: 4, linkage: 'average' as const, nullIterations: 50 };

  it('clusters the finished run’s data with its parameters and the chosen settings, with progress, and forgets it with new data', async () => {
    const { store, calls } = await finishedRun({ seed: 9, iterations: 20 });
    store.getState().setParameters({ seed: 1 });
    const job = store.getState().runClusteringJob(settings);
    await settle();
    expect(calls.clusterings[0].dataset.source).toBe('motor.txt');
    expect(calls.clusterings[0].parameters).toMatchObject({ seed: 9 });
    expect(calls.clusterings[0].settings).toEqual(settings);
    calls.clusterings[0].onProgress('null of shuffled foci', 10, 50);
    expect(store.getState().clustering).toMatchObject({ status: 'running', label: 'null of shuffled foci', done: 10, total: 50 });
    const view = { names: ['a', 'b', 'c'], settings, files: [], result: { correlation: new Float64Array(9), tree: { n: 3, merges: [] }, linkage: 'complete' as const, order: [0, 1, 2], levels: [], subsampleSize: 2, subsamples: 3, nullIterations: 50 } };
    calls.clusterings[0].finish({ ok: true, view });
    await job;
    expect(store.getState().clustering).toMatchObject({ status: 'done', result: view });
    await store.getState().loadCoordinates('// Reference=MNI\n// B 2020: x\n// Subjects=9\n1 2 3\n', 'other.txt');
    expect(store.getState().clustering).toMatchObject({ status: 'idle', result: null });
  });

  it('names what went wrong, and stays cancelled when cancelled', async () => {
    const { store, calls } = await finishedRun();
    const failed = store.getState().runClusteringJob(settings);
    await settle();
    calls.clusterings[0].finish({ ok: false, errors: [{ severity: 'error', source: 'motor.txt', message: 'clustering needs subsamples of at least 3 experiments' }], warnings: [] });
    await failed;
    expect(store.getState().clustering).toMatchObject({ status: 'failed', error: 'motor.txt: error: clustering needs subsamples of at least 3 experiments' });
    const cancelled = store.getState().runClusteringJob(settings);
    await settle();
    store.getState().cancelJob('clustering');
    await cancelled;
    expect(store.getState().clustering.status).toBe('cancelled');
    expect(calls.clusterings[1].signal.aborted).toBe(true);
  });
});

describe('the probabilistic ALE in the store', () => {
  it('runs on the finished run’s data with its parameters and α, refuses a run without iterations, and can be shown in the viewer', async () => {
    const { store, calls } = await finishedRun({ seed: 4, iterations: 30 });
    store.getState().setFweAlpha(0.01);
    const job = store.getState().runProbabilisticJob(3);
    await settle();
    expect(calls.probabilistics[0]).toMatchObject({ subsetSize: 3, alpha: 0.05, parameters: { seed: 4, iterations: 30 } });
    calls.probabilistics[0].onProgress('subsets', 7, 10);
    expect(store.getState().probabilistic).toMatchObject({ status: 'running', label: 'subsets', done: 7, total: 10 });
    const view = { experiments: 5, subsetSize: 3, subsets: 10, possible: 10, cutoff: 12, iterations: 30, fraction: new Float32Array(8), everSignificant: 4, alwaysSignificant: 1, files: [] };
    calls.probabilistics[0].finish({ ok: true, view });
    await job;
    expect(store.getState().probabilistic).toMatchObject({ status: 'done', result: view });

    const none = await finishedRun({ iterations: 0 });
    await none.store.getState().runProbabilisticJob(3);
    expect(none.calls.probabilistics).toHaveLength(0);
    expect(none.store.getState().probabilistic.error).toBe('a probabilistic ALE needs Monte-Carlo iterations for its cluster-size cut-off (run again with iterations above 0)');
  });
});
