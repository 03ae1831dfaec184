/**
 * The store's run and share-link paths that the other store tests leave
 * out: failed and thrown runs, the live null sizes, α and the stopping rule,
 * superseded runs and loads, links that carry a URL or a dataset the gate
 * refuses, and links made after the form changed.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { decodeShareHash, encodeShareHash } from '../app/share/shareLink.ts';
import { createAppStore } from '../app/state/createAppStore.ts';
import { JobRegistry } from '../app/state/jobs.ts';
import { DEFAULT_PARAMETERS } from '../workers/analysis/parameters.ts';
import { SOFTWARE_VERSION } from '../workers/reports/index.ts';
import { finishedRun, harness, settle, SLEUTH } from './support/storeHarness.ts';

const view = { layout: 'axial' as const, crosshair: [1, 2, 3] as [number, number, number], zThreshold: 4, layers: { ale: true, z: true, clusters: true, aOverB: true, bOverA: true, conjunction: false, atlas: false, tfce: true }, showFoci: false, inference: 'size' as const };

afterEach(() => vi.useRealTimers());

describe('a run that fails', () => {
  it('keeps the engine’s messages when the dataset cannot be analysed', async () => {
    const { store, calls } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish({ ok: false, errors: [{ severity: 'error', source: 'motor.txt', message: 'too few experiments' }], warnings: [{ severity: 'warning', source: 'motor.txt', message: 'w' }] });
    await running;
    expect(store.getState()).toMatchObject({ status: 'failed', stage: null, error: 'too few experiments', runDiagnostics: [{ message: 'too few experiments' }, { message: 'w' }] });
  });

  it('says "the dataset cannot be analysed" when the engine gives no message, and reports a thrown error', async () => {
    const { store, calls } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    let running = store.getState().start();
    await settle();
    calls.runs[0].finish({ ok: false, errors: [], warnings: [] });
    await running;
    expect(store.getState().error).toBe('the dataset cannot be analysed');
    running = store.getState().start();
    await settle();
    calls.runs[1].fail(new Error('worker crashed'));
    await running;
    expect(store.getState()).toMatchObject({ status: 'failed', stage: null, run: null, liveNullSizes: null, error: 'worker crashed' });
  });

  it('refuses parameters the schema refuses, before any work', async () => {
    const { store, calls } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setParameters({ iterations: -1 });
    await store.getState().start();
    expect(store.getState()).toMatchObject({ status: 'failed', error: 'iterations must be ≥ 0 (iterations), got -1' });
    expect(calls.runs.length).toBe(0);
  });

  it('does nothing without data', async () => {
    const { store, calls } = harness();
    await store.getState().start();
    expect(calls.runs.length).toBe(0);
    expect(store.getState().status).toBe('idle');
  });
});

describe('while a run goes on', () => {
  it('publishes the null’s largest cluster sizes at most every 300 ms, in order, up to the iterations asked for', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const { store, calls } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setParameters({ iterations: 5 });
    const running = store.getState().start();
    await vi.advanceTimersByTimeAsync(0);
    const { onChunk } = calls.runs[0].options;
    onChunk({ start: 0, maxAle: new Float64Array(2), maxSize: Float64Array.of(3, 4), maxMass: new Float64Array(2) });
    onChunk({ start: 2, maxAle: new Float64Array(2), maxSize: Float64Array.of(5, 6), maxMass: new Float64Array(2) });
    expect(store.getState().liveNullSizes).toBeNull();
    await vi.advanceTimersByTimeAsync(299);
    expect(store.getState().liveNullSizes).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(Array.from(store.getState().liveNullSizes ?? [])).toEqual([3, 4, 5, 6]);
    onChunk({ start: 4, maxAle: new Float64Array(2), maxSize: Float64Array.of(7, 8), maxMass: new Float64Array(2) });
    await vi.advanceTimersByTimeAsync(300);
    expect(Array.from(store.getState().liveNullSizes ?? [])).toEqual([3, 4, 5, 6, 7]);
    calls.runs[0].options.onStage('correcting');
    expect(store.getState().stage).toBe('correcting');
    calls.runs[0].finish({ ok: false, errors: [], warnings: [] });
    await running;
  });

  it('moves the stopping rule’s α with the FWE α, and leaves it off when it is off', () => {
    const { store } = harness();
    store.getState().setFweAlpha(0.01);
    expect(store.getState()).toMatchObject({ fweAlpha: 0.01 });
    expect(store.getState().parameters.stopWhenSettled).toBeUndefined();
    store.getState().setParameters({ stopWhenSettled: 0.01 });
    store.getState().setFweAlpha(0.1);
    expect(store.getState().parameters.stopWhenSettled).toBe(0.1);
  });

  it('lets a newer run replace an older one: the older result is dropped and its worker closed', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const first = store.getState().start();
    await settle();
    const second = store.getState().start();
    await settle();
    expect(calls.runs[0].signal.aborted).toBe(true);
    await first;
    expect(store.getState().status).toBe('running');
    calls.runs[1].finish(outcome());
    await second;
    expect(store.getState().status).toBe('done');
  });

  it('moves the crosshair to the top cluster when the preview and the result arrive, each time', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const before = store.getState().crosshairRequest;
    const running = store.getState().start();
    expect(store.getState()).toMatchObject({ status: 'running', stage: 'observed', progress: { done: 0, total: DEFAULT_PARAMETERS.iterations } });
    await settle();
    expect(store.getState().crosshairRequest).toBe(before + 1);
    calls.runs[0].finish(outcome());
    await running;
    expect(store.getState().crosshairRequest).toBe(before + 1);
  });
});

describe('share links in the store', () => {
  it('fetch the data of a link that holds a URL', async () => {
    const { store, calls } = harness();
    const hash = encodeShareHash({ data: { kind: 'url', url: 'https://x.org/d.txt' }, parameters: DEFAULT_PARAMETERS, alpha: 0.05, view });
    void store.getState().restoreShare(hash);
    await settle();
    await settle();
    expect(calls.fetched).toEqual(['https://x.org/d.txt']);
    expect(store.getState().datasetUrl).toBe('https://x.org/d.txt');
    expect(calls.runs.length).toBe(1);
  });

  it('name the shipped demo instead of holding it, so its caveats come back with it, and carry the version', async () => {
    const { store, calls, outcome } = harness();
    const opening = store.getState().loadDemo('published');
    await settle();
    await settle();
    calls.runs[0].finish(outcome());
    await opening;
    const url = store.getState().shareUrl();
    expect(url.length).toBeLessThan(600);
    const state = decodeShareHash(url.slice(url.indexOf('#')));
    expect(state.data).toEqual({ kind: 'demo', name: 'published' });
    expect(state.version).toBe(SOFTWARE_VERSION);
    // Opened elsewhere: the demo loads with its placeholder flag, and runs with the link's parameters, not the defaults.
    const other = harness();
    const restoring = other.store.getState().restoreShare(encodeShareHash({ ...state, parameters: { ...state.parameters, iterations: 77, seed: 3 } }));
    await settle();
    await settle();
    await settle();
    expect(other.calls.runs).toHaveLength(1);
    expect(other.calls.runs[0].parameters).toMatchObject({ iterations: 77, seed: 3 });
    expect(other.store.getState().demo).toMatchObject({ kind: 'published', placeholderSampleSize: 20 });
    other.calls.runs[0].finish(other.outcome());
    await restoring;
    expect(other.store.getState().linkError).toBeNull();
  });

  it('say so when the link’s dataset fails the input gate, and run nothing', async () => {
    const { store, calls } = harness();
    await store.getState().restoreShare(encodeShareHash({ data: { kind: 'text', name: 'bad.txt', text: '// Reference=MNI\n// a: b\n// Subjects=10\n1 2 dog\n' }, parameters: DEFAULT_PARAMETERS, alpha: 0.05, view }));
    expect(store.getState().linkError).toBe('This share link holds a dataset that does not pass the input check; see the messages below.');
    expect(calls.runs.length).toBe(0);
  });

  it('are made from the finished run, not from a form changed since, and are empty without data', async () => {
    const { store, calls, outcome } = harness();
    expect(store.getState().shareUrl()).toBe('');
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setParameters({ seed: 4 });
    store.getState().setFweAlpha(0.02);
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish(outcome());
    await running;
    store.getState().setParameters({ seed: 99 });
    store.getState().setFweAlpha(0.2);
    const url = store.getState().shareUrl();
    const state = decodeShareHash(url.slice(url.indexOf('#')));
    expect([state.parameters.seed, state.alpha]).toEqual([4, 0.02]);
    expect(state.data).toMatchObject({ kind: 'text', name: 'motor.txt' });
    expect(state.data.kind === 'text' && state.data.text.split('\n')[0]).toBe('experiment\tx\ty\tz\tn\tspace');
  });
});

describe('jobs', () => {
  it('are current until aborted or superseded', () => {
    const jobs = new JobRegistry();
    const first = jobs.begin('fsn');
    expect(first.current()).toBe(true);
    const second = jobs.begin('fsn');
    expect([first.current(), first.signal.aborted, second.current()]).toEqual([false, true, true]);
    jobs.abort('fsn');
    expect(second.current()).toBe(false);
  });

  it('are cancelled with the run, and a store gives the finished run’s session', async () => {
    const { store, calls, outcome } = harness();
    expect(store.session()).toBeNull();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish(outcome());
    await running;
    expect(store.session()).not.toBeNull();
    expect(createAppStore).toBeTypeOf('function');
  });
});

describe('a new store', () => {
  it('starts empty, with NiMARE’s defaults and the workspace’s initial view', () => {
    const s = harness().store.getState();
    expect({
      dataset: s.dataset, datasetUrl: s.datasetUrl, demo: s.demo, inputDiagnostics: s.inputDiagnostics, customMask: s.customMask, maskDiagnostics: s.maskDiagnostics, neurostore: s.neurostore,
      parameters: s.parameters, fweAlpha: s.fweAlpha, status: s.status, stage: s.stage, progress: s.progress, runDiagnostics: s.runDiagnostics, error: s.error, run: s.run, runContext: s.runContext, liveNullSizes: s.liveNullSizes, nullMaxima: s.nullMaxima, atlas: s.atlas,
      fsn: s.fsn, contrast: s.contrast, contrastB: s.contrastB, contrastSplit: s.contrastSplit, kernelExample: s.kernelExample, linkError: s.linkError,
    }).toEqual({
      dataset: null, datasetUrl: null, demo: null, inputDiagnostics: [], customMask: null, maskDiagnostics: [], neurostore: { status: 'idle', received: 0, message: null },
      parameters: DEFAULT_PARAMETERS, fweAlpha: 0.05, status: 'idle', stage: null, progress: { done: 0, total: 0, startedAt: 0 }, runDiagnostics: [], error: null, run: null, runContext: null, liveNullSizes: null, nullMaxima: null, atlas: null,
      fsn: { status: 'idle', label: '', done: 0, total: 0, result: null, error: null }, contrast: { status: 'idle', label: '', done: 0, total: 0, result: null, error: null }, contrastB: null, contrastSplit: null, kernelExample: null, linkError: null,
    });
  });

  it('forgets the run when new data load: diagnostics, jobs and results', async () => {
    const { store } = await finishedRun();
    store.setState({ selectedCluster: 1, tourOverlay: null, runDiagnostics: [{ severity: 'warning', source: 'x', message: 'w' }] });
    await store.getState().loadCoordinates(SLEUTH, 'again.txt');
    expect(store.getState()).toMatchObject({ run: null, runContext: null, status: 'idle', stage: null, error: null, runDiagnostics: [], selectedCluster: null, liveNullSizes: null, nullMaxima: null, kernelExample: null });
  });

  it('loads the published demo with its title and placeholder N, from the demo folder', async () => {
    const { store, calls } = harness();
    const loading = store.getState().loadDemo('published');
    await settle();
    await settle();
    expect(store.getState().demo).toEqual({ kind: 'published', title: 'Published studies: test', placeholderSampleSize: 20 });
    expect(store.getState().dataset?.source).toBe('motor_sequence_learning_MNI.sleuth.txt');
    expect(calls.demos).toEqual(['motor_sequence_learning/motor_sequence_learning_MNI.sleuth.txt', 'motor_sequence_learning/demo.json']);
    calls.runs[0].finish({ ok: false, errors: [], warnings: [] });
    await loading;
  });
});

describe('small store paths', () => {
  it('runs Fail-Safe N with a single iteration, and the contrast too', async () => {
    const { store, calls } = await finishedRun({ iterations: 1 });
    void store.getState().runFailSafeN([1]);
    await store.getState().setContrastB(SLEUTH, 'b.txt');
    void store.getState().runContrastJob();
    await settle();
    expect([calls.fsn.length, calls.contrasts.length]).toEqual([1, 1]);
  });

  it('loads the tour’s kernel example once, from the finished run', async () => {
    const { store, calls } = await finishedRun();
    await store.getState().loadKernelExample();
    await store.getState().loadKernelExample();
    expect(store.getState().kernelExample).toMatchObject({ id: 'example' });
    expect(calls.kernelExamples).toBe(1);
    const empty = harness();
    await empty.store.getState().loadKernelExample();
    expect(empty.store.getState().kernelExample).toBeNull();
  });

  it('leaves an idle store idle on cancel, selects a cluster without a run, and keeps a tour overlay', () => {
    const { store } = harness();
    store.getState().cancel();
    expect(store.getState().status).toBe('idle');
    store.getState().selectCluster(3);
    expect(store.getState().selectedCluster).toBe(3);
    const overlay = { label: "kernel", map: new Float32Array(8) };
    store.getState().setTourOverlay(overlay as never);
    expect(store.getState().tourOverlay).toBe(overlay);
    expect([store.getState().crosshair, store.getState().crosshairRequest, store.getState().layout]).toEqual([[0, 0, 0], 0, 'multiplanar']);
  });

  it('keeps no URL for a dataset that failed the gate, and joins several errors line by line', async () => {
    const { store, calls } = harness();
    calls.answers.set('https://x.org/bad.txt', '// Reference=MNI\n// a: b\n// Subjects=10\n1 2 dog\n1 2 cat\n');
    await store.getState().loadFromUrl('https://x.org/bad.txt');
    expect(store.getState().datasetUrl).toBeNull();
    const job = await finishedRun();
    await job.store.getState().setContrastB('// Reference=MNI\n// a: b\n// Subjects=10\n1 2 dog\n1 2 cat\n', 'b.txt');
    expect(job.store.getState().contrast.error).toBe('b.txt:4: error: "dog" is not a number (coordinates are decimal numbers such as -38.5)\nb.txt:5: error: "cat" is not a number (coordinates are decimal numbers such as -38.5)');
  });

  it('refuses a Neurostore answer that is a table', async () => {
    const { store, calls } = harness();
    calls.answers.set('https://neurostore.org/api/studysets/abc123XYZ?nested=true', 'experiment,x,y,z,n,space\nA,1,2,3,10,MNI\n');
    await store.getState().loadNeurostore('abc123XYZ');
    expect(store.getState().inputDiagnostics).toEqual([{ severity: 'error', source: 'Neurostore studyset abc123XYZ', message: 'the answer is a table, not a NIMADS studyset' }]);
  });
});
