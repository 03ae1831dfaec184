/**
 * The app's store in Node, without a DOM: loading through the input gate,
 * a run with a fake engine, cancelling, and new data ending old jobs.
 */
import { describe, expect, it } from 'vitest';
import { createAppStore } from '../app/state/createAppStore.ts';
import type { AppServices, RunOutcome, RunSession } from '../app/state/services.ts';
import type { FinishedRun, MaskInput } from '../workers/analysis/index.ts';
import { parseCoordinates } from '../workers/input/index.ts';
import { CancelledError } from '../workers/runtime/index.ts';

const SLEUTH = '// Reference=MNI\n// Smith 2020: sequence > rest\n// Subjects=16\n-38 -22 56\n24 4 2\n\n// Jones 2021: early > late\n// Subjects=20\n-36 -20 54\n';
const MASK: MaskInput = { shape: [2, 2, 2], affine: new Float64Array(16), values: new Uint8Array(8).fill(1), name: 'test mask' };

/** A job the test finishes by hand; it rejects with CancelledError when its signal aborts. */
function deferred<T>(signal: AbortSignal) {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((res, reject) => {
    resolve = res;
    signal.addEventListener('abort', () => reject(new CancelledError()), { once: true });
  });
  return { promise, resolve };
}

function fakeRun(): FinishedRun {
  return {
    final: true,
    summary: { clusters: [{ id: 1, peak_xyz: [-38, -22, 56], size_voxels: 40, peak_ale: 0.02, peak_z: 4.1 }] },
    reports: [],
    contributions: [],
    volumes: { ale: new Float32Array(8), z: new Float32Array(8), labels: new Int32Array(8) },
    shape: [2, 2, 2],
    affine: new Float64Array(16),
    thresholds: { clusterFormingZ: 3.0902, voxelFweZ: 4.5, voxelFweAle: 0.03 },
    foci: [],
  } as unknown as FinishedRun;
}

function harness() {
  const calls = {
    runs: [] as { signal: AbortSignal; finish: (o: RunOutcome) => void; parameters: unknown }[],
    fsn: [] as { signal: AbortSignal; parameters: unknown; mask: MaskInput }[],
    closed: 0,
  };
  const session: RunSession = { files: async () => [], kernelExample: async () => null, close: () => void calls.closed++ };
  const services: AppServices = {
    parseCoordinates: async (input, source) => parseCoordinates(input, source),
    fetchBytes: async () => new TextEncoder().encode(SLEUTH),
    demoText: async () => SLEUTH,
    shippedMask: async () => MASK,
    atlas: async () => ({ shape: [2, 2, 2], affine: new Float64Array(16), labels: new Uint8Array(8), regions: [] }),
    readMask: () => ({ ok: true, mask: { ...MASK, values: new Uint8Array(8) }, warnings: [] }),
    runAnalysis: (_dataset, _mask, _atlas, parameters, options) => {
      const job = deferred<RunOutcome>(options.signal);
      calls.runs.push({ signal: options.signal, finish: job.resolve, parameters });
      options.onPreview({ ...fakeRun(), final: false });
      options.onStage('monte-carlo');
      options.onProgress(3, 10);
      return job.promise;
    },
    failSafeN: (_dataset, mask, parameters, _labels, _ids, _alpha, _onProgress, signal) => {
      calls.fsn.push({ signal, parameters, mask });
      return deferred<never>(signal).promise;
    },
    contrast: (_a, _b, _names, _mask, _parameters, _onProgress, signal) => deferred<never>(signal).promise,
    pageAddress: () => 'https://example.org/ale/',
  };
  return { store: createAppStore(services), calls, outcome: (): RunOutcome => ({ ok: true, run: fakeRun(), nullMaxima: null, warnings: [], session }) };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the app store, driven in Node', () => {
  it('loads text through the input gate, and reports a broken file with its line', async () => {
    const { store } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    expect(store.getState().dataset?.experiments.map((e) => e.id)).toEqual(['Smith 2020-sequence > rest', 'Jones 2021-early > late']);
    await store.getState().loadCoordinates('// Reference=MNI\n// A: b\n// Subjects=12\n10 20\n', 'broken.txt');
    expect(store.getState().dataset).toBeNull();
    expect(store.getState().inputDiagnostics[0]).toMatchObject({ severity: 'error', source: 'broken.txt', line: 4 });
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

  it('cancels a run: the engine is told, and a result arriving late is ignored', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const running = store.getState().start();
    await settle();
    store.getState().cancel();
    expect(calls.runs[0].signal.aborted).toBe(true);
    await running;
    calls.runs[0].finish(outcome());
    await settle();
    expect(store.getState().status).toBe('cancelled');
    expect(store.getState().run).toBeNull();
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

  it('makes a share link from the finished run, at the page address', async () => {
    const { store, calls, outcome } = harness();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    const running = store.getState().start();
    await settle();
    calls.runs[0].finish(outcome());
    await running;
    expect(store.getState().shareUrl()).toMatch(/^https:\/\/example\.org\/ale\/#share=1\./);
  });
});
