/**
 * The app's store in Node, without a DOM: loading through the input gate,
 * a run with a fake engine, cancelling, and new data ending old jobs.
 */
import { describe, expect, it } from 'vitest';
import { decodeShareHash } from '../app/share/shareLink.ts';
import { FetchError } from '../app/state/services.ts';
import { finishedRun, harness, MASK, settle, SLEUTH } from './support/storeHarness.ts';

describe('the app store, driven in Node', () => {
  it('loads text through the input gate, and reports a broken file with its line, keeping what was loaded and its results', async () => {
    const { store, calls, outcome } = harness();
    expect(await store.getState().loadCoordinates('// Reference=MNI\n// A: b\n// Subjects=12\n10 20\n', 'first.txt')).toBe(false);
    expect(store.getState().dataset).toBeNull();
    expect(store.getState().inputDiagnostics).toHaveLength(1);
    expect(await store.getState().loadCoordinates(SLEUTH, 'motor.txt')).toBe(true);
    expect(store.getState().dataset?.experiments.map((e) => e.id)).toEqual(['Smith 2020-sequence > rest', 'Jones 2021-early > late']);
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish(outcome());
    await running;
    const run = store.getState().run;
    expect(await store.getState().loadCoordinates('// Reference=MNI\n// A: b\n// Subjects=12\n10 20\n', 'broken.txt')).toBe(false);
    expect(store.getState().dataset?.source).toBe('motor.txt');
    expect(store.getState().run).toBe(run);
    expect(store.getState().status).toBe('done');
    expect(store.getState().inputDiagnostics[0]).toMatchObject({ severity: 'error', source: 'broken.txt', line: 4 });
    expect(store.getState().inputDiagnostics.at(-1)).toEqual({ severity: 'warning', source: 'broken.txt', message: 'not loaded; motor.txt and its results stay as they were' });
  });

  it('runs with a fake engine: progress while running, then the result, its context and the view', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setParameters({ iterations: 10, seed: 7 });
    const running = store.getState().start();
    await settle();
    expect(store.getState()).toMatchObject({ status: 'running', stage: 'monte-carlo', progress: { done: 3, total: 10 } });
    // The observed maps and clusters are shown before the Monte Carlo ends.
    expect(store.getState().run?.final).toBe(false);
    expect(store.getState().crosshair).toEqual([-38, -22, 56]);
    calls.runs[0].finish(outcome());
    await running;
    const s = store.getState();
    expect(s.status).toBe('done');
    expect(s.run?.final).toBe(true);
    expect(s.run?.summary.clusters[0].id).toBe(1);
    expect(s.runContext).toMatchObject({ mask: MASK, parameters: { iterations: 10, seed: 7 }, alpha: 0.05 });
    expect(s.zThreshold).toBe(3.09);
    expect(s.crosshair).toEqual([-38, -22, 56]);
  });

  it('cancels a run: the engine is told, the maps and p so far stay, and a result arriving late is ignored', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const running = store.getState().start();
    await settle();
    calls.runs[0].options.onChunk({ start: 0, maxAle: new Float64Array(2), maxSize: Float64Array.of(10, 50), maxMass: new Float64Array(2) });
    const preview = store.getState().run;
    expect(preview?.final).toBe(false);
    store.getState().cancel();
    expect(calls.runs[0].signal.aborted).toBe(true);
    await running;
    calls.runs[0].finish(outcome());
    await settle();
    expect(store.getState().status).toBe('cancelled');
    expect(store.getState().run).toBe(preview);
    expect(store.getState().runContext).toBeNull();
  });

  it('ends every job of the old data when new data load, and diagnostics use the finished run, not the form', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setParameters({ iterations: 20 });
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish(outcome());
    await running;
    // The form changes after the run; Fail-Safe N must still use the run's settings.
    store.getState().setParameters({ iterations: 999, clusterFormingP: 0.01 });
    void store.getState().runFailSafeN([1]);
    await settle();
    expect(store.getState().fsn.status).toBe('running');
    expect(calls.fsn[0].parameters).toMatchObject({ iterations: 20, clusterFormingP: 0.001 });
    expect(calls.fsn[0].mask).toBe(MASK);

    await store.getState().loadCoordinates(SLEUTH, 'other.txt');
    await settle();
    expect(calls.fsn[0].signal.aborted).toBe(true);
    expect(calls.closed).toBe(1);
    const s = store.getState();
    expect(s).toMatchObject({ run: null, runContext: null, status: 'idle' });
    expect(s.fsn.status).toBe('idle');
    expect(s.dataset?.source).toBe('other.txt');
  });

  it('restores every parameter, α, the data and the view from a share link, and runs it', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    store.getState().setParameters({ iterations: 77, seed: 12, clusterFormingP: 0.005, connectivity: 18, snap: 'trunc', talTransform: 'spm', outsideMask: 'drop', sampleSize: 14 });
    store.getState().setFweAlpha(0.01);
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish(outcome());
    await running;
    store.getState().setLayout('coronal');
    store.setState({ zThreshold: 4.25, showFoci: true, crosshair: [10, -20, 30], layers: { ale: true, z: false, clusters: false, aOverB: true, bOverA: false, conjunction: true, atlas: true, tfce: false } });
    store.getState().setFigure({ slices: '-8, 4, 56', widthMm: 85, dpi: 600 });
    const url = store.getState().shareUrl();
    // The form changes after the link was made: the link keeps what the run used, and the view now.
    const other = harness();
    const restoring = other.store.getState().restoreShare(url.slice(url.indexOf('#')));
    await settle();
    expect(other.calls.runs.length).toBe(1);
    expect(other.calls.runs[0].parameters).toEqual({ ...store.getState().runContext?.parameters });
    expect(other.store.getState()).toMatchObject({ fweAlpha: 0.01, linkError: null });
    expect(other.store.getState().dataset?.experiments.map((e) => [e.id, e.sampleSize, e.foci.map((f) => [f.x, f.y, f.z])])).toEqual(
      store.getState().dataset?.experiments.map((e) => [e.id, e.sampleSize, e.foci.map((f) => [f.x, f.y, f.z])]),
    );
    other.calls.runs[0].finish(other.outcome());
    await restoring;
    expect(other.store.getState()).toMatchObject({ layout: 'coronal', zThreshold: 4.25, showFoci: true, crosshair: [10, -20, 30], layers: { ale: true, z: false, clusters: false, aOverB: true, bOverA: false, atlas: true, tfce: false } });
    // The publication figure's choices come along, so the figure can be made again from the link.
    expect(other.store.getState().figure).toEqual({ slices: '-8, 4, 56', widthMm: 85, dpi: 600 });
  });

  it('shares a large dataset loaded from a URL as that URL, and a small one inline', async () => {
    const big = `// Reference=MNI\n${Array.from({ length: 400 }, (_, n) => `// S${n}: c\n// Subjects=10\n1 2 ${n % 50}`).join('\n\n')}\n`;
    for (const [text, kind] of [[big, 'url'], [SLEUTH, 'text']] as const) {
      const { store, calls, outcome } = harness();
      calls.answers.set('https://data.example.org/foci.txt', text);
      await store.getState().loadFromUrl('https://data.example.org/foci.txt');
      const running = store.getState().start();
      await settle();
      calls.runs[0].finish(outcome());
      await running;
      const state = decodeShareHash(store.getState().shareUrl().replace('https://example.org/ale/', ''));
      expect(state.data.kind).toBe(kind);
      if (state.data.kind === 'url') expect(state.data.url).toBe('https://data.example.org/foci.txt');
    }
  });

  it('says why a damaged link cannot be opened, and runs nothing', async () => {
    const { store, calls } = harness();
    await store.getState().restoreShare('#share=1.AAAA');
    expect(store.getState().linkError).toBe('This share link cannot be opened: the link is damaged (it does not decompress); it may have been cut short or edited. Load data below to start afresh.');
    expect(calls.runs.length).toBe(0);
  });

  it('makes a share link from the finished run, at the page address', async () => {
    const { store } = await finishedRun();
    expect(store.getState().shareUrl()).toMatch(/^https:\/\/example\.org\/ale\/#share=1\./);
  });

  it('opens on the published demo and runs it at once, with its placeholder N recorded', async () => {
    const { store, calls } = harness();
    const opening = store.getState().loadDemo();
    await settle();
    await settle();
    expect(store.getState().demo).toMatchObject({ kind: 'published', title: 'Published studies: test', placeholderSampleSize: 20 });
    expect(store.getState().dataset?.source).toBe('motor_sequence_learning_MNI.sleuth.txt');
    expect(calls.runs).toHaveLength(1);
    expect(store.getState().status).toBe('running');
    store.getState().cancel();
    await opening;
  });

  it('fetches a Neurostore studyset by link and names each way it fails', async () => {
    const { store, calls } = harness();
    const url = (id: string) => `https://neurostore.org/api/studysets/${id}?nested=true`;
    const studyset = { id: 'abcdef12', studies: [1, 2, 3].map((n) => ({ id: `s${n}`, name: `Study ${n}`, authors: `Author${n} A, Other B`, year: 2000 + n, metadata: { sample_size: 12 }, analyses: [{ id: `a${n}`, name: 'tapping', points: [{ coordinates: [n, 2, 3], space: 'MNI' }] }] })) };
    calls.answers.set(url('abcdef12'), JSON.stringify(studyset));
    calls.answers.set(url('missing1'), new FetchError('HTTP 404 Not Found', 404));
    calls.answers.set(url('offline1'), new FetchError('the request failed (Failed to fetch)', null));
    calls.answers.set(url('sleuth01'), SLEUTH);

    await store.getState().loadNeurostore('https://neurostore.org/studysets/abcdef12');
    expect(calls.fetched).toEqual([url('abcdef12')]);
    const s = store.getState();
    expect(s.neurostore).toMatchObject({ status: 'done', message: 'loaded studyset abcdef12' });
    expect(s.dataset).toMatchObject({ source: 'Neurostore studyset abcdef12', format: 'nimads' });
    expect(s.dataset?.experiments[0].attributes).toEqual({ authors: 'Author1 A, Other B', year: '2001' });
    expect(s.datasetUrl).toBe(url('abcdef12'));

    await store.getState().loadNeurostore('missing1');
    expect(store.getState().neurostore).toMatchObject({ status: 'failed', message: 'Neurostore has no studyset with id missing1 (HTTP 404)' });
    expect(store.getState().dataset?.source).toBe('Neurostore studyset abcdef12');
    await store.getState().loadNeurostore('offline1');
    expect(store.getState().neurostore.message).toMatch(/^could not reach Neurostore for studyset offline1: .*Are you offline\?$/);
    await store.getState().loadNeurostore('sleuth01');
    expect(store.getState().dataset?.source).toBe('Neurostore studyset abcdef12');
    expect(store.getState().datasetUrl).toBe(url('abcdef12'));
    expect(store.getState().neurostore.status).toBe('failed');
    expect(store.getState().inputDiagnostics[0].message).toBe('the answer is sleuth data, not a NIMADS studyset');
    await store.getState().loadNeurostore('https://example.org/x');
    expect(store.getState().neurostore.message).toMatch(/^example\.org is not Neurostore/);
    expect(calls.fetched).toHaveLength(4);
  });

  it('keeps the preview maps when the final result holds the same values, and selects the cluster a click lands in', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const running = store.getState().start();
    await settle();
    const preview = store.getState().run;
    const final = outcome();
    if (!final.ok || !preview) throw new Error('fake outcome');
    final.run.volumes.labels[3] = 1;
    final.run.reports = [{ id: 1, pFweSize: 0.01 }] as typeof final.run.reports;
    final.run.affine = Float64Array.from([2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1]);
    calls.runs[0].finish(final);
    await running;
    const run = store.getState().run;
    expect(run?.volumes.ale).toBe(preview.volumes.ale);
    expect(run?.volumes.z).toBe(preview.volumes.z);
    // The labels differ from the preview's, so the final ones are kept.
    expect(run?.volumes.labels).toBe(final.run.volumes.labels);
    // Voxel (0, 1, 1) is flat index 3 on the 2×2×2 grid: world (0, 2, 2) mm.
    store.getState().crosshairMoved([0, 2, 2]);
    expect(store.getState().selectedCluster).toBe(1);
    store.getState().crosshairMoved([0, 0, 0]);
    expect(store.getState().selectedCluster).toBeNull();
  });
});
