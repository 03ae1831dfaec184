/** The loaded dataset and mask: every way in goes through the input gate, and new data ends the old run. */
import { DEFAULT_MASK_NAME, formatDiagnostic, studysetAddress, studysetFetchProblem } from '../../workers/input/index.ts';
import { forgetRun, type SliceCreator } from './runtime.ts';
import { FetchError } from './services.ts';
import type { DataSlice, DemoInfo, GroundTruthNode } from './types.ts';

/** The published-studies demo's folder under demo/. */
const PUBLISHED = 'motor_sequence_learning';

export const createDataSlice: SliceCreator<DataSlice> = (set, get, runtime) => ({
  dataset: null,
  datasetUrl: null,
  demo: null,
  inputDiagnostics: [],
  customMask: null,
  maskDiagnostics: [],
  neurostore: { status: 'idle', received: 0, message: null },
  async loadCoordinates(input, source) {
    const ticket = runtime.jobs.begin('load');
    const parsed = await runtime.services.parseCoordinates(input, source);
    if (!ticket.current()) return;
    set({
      ...forgetRun(runtime),
      dataset: parsed.ok ? parsed.dataset : null,
      datasetUrl: null,
      demo: null,
      hiddenFoci: new Set<string>(),
      inputDiagnostics: parsed.ok ? parsed.warnings : [...parsed.errors, ...parsed.warnings],
      contrastSplit: null,
    });
  },
  async loadFromUrl(url) {
    let bytes: Uint8Array;
    try {
      bytes = await runtime.services.fetchBytes(url);
    } catch (err) {
      set({ ...forgetRun(runtime), dataset: null, inputDiagnostics: [{ severity: 'error', source: url, message: `could not fetch the data: ${(err as Error).message}` }] });
      return;
    }
    await get().loadCoordinates(bytes, url);
    if (get().dataset) set({ datasetUrl: url });
  },
  async loadDemo(which = 'published') {
    let demo: DemoInfo;
    try {
      if (which === 'published') {
        const [text, about] = await Promise.all([runtime.services.demoText(`${PUBLISHED}/motor_sequence_learning_MNI.sleuth.txt`), runtime.services.demoText(`${PUBLISHED}/demo.json`)]);
        const { title, placeholderSampleSize } = JSON.parse(about) as { title: string; placeholderSampleSize: number };
        await get().loadCoordinates(text, 'motor_sequence_learning_MNI.sleuth.txt');
        demo = { kind: 'published', title, placeholderSampleSize };
      } else {
        const [text, truth] = await Promise.all([runtime.services.demoText('early_learning.txt'), runtime.services.demoText('ground_truth.json')]);
        const title = 'Simulated ground truth: early motor sequence learning (24 experiments)';
        await get().loadCoordinates(text, 'early_learning.txt');
        demo = { kind: 'simulated', title, groundTruth: (JSON.parse(truth) as { nodes: GroundTruthNode[] }).nodes };
      }
    } catch (err) {
      set({ inputDiagnostics: [{ severity: 'error', source: 'demo', message: `could not load the demo data: ${(err as Error).message}` }] });
      return;
    }
    if (!get().dataset) return;
    set({ demo });
    // One click gives maps: the demo runs as soon as it is loaded.
    await get().start();
  },
  async loadNeurostore(idOrLink) {
    const address = studysetAddress(idOrLink);
    if (!address.ok) return set({ neurostore: { status: 'failed', received: 0, message: address.message } });
    const ticket = runtime.jobs.begin('load');
    const { id, url } = address;
    set({ neurostore: { status: 'loading', received: 0, message: `fetching studyset ${id} from Neurostore…` } });
    let bytes: Uint8Array;
    try {
      bytes = await runtime.services.fetchBytes(url, (received) => ticket.current() && set({ neurostore: { ...get().neurostore, received } }));
    } catch (err) {
      if (!ticket.current()) return;
      const status = err instanceof FetchError ? err.status : null;
      return set({ neurostore: { status: 'failed', received: 0, message: studysetFetchProblem(id, status, (err as Error).message) } });
    }
    if (!ticket.current()) return;
    const source = `Neurostore studyset ${id}`;
    await get().loadCoordinates(bytes, source);
    const dataset = get().dataset;
    if (dataset && dataset.format !== 'nimads') {
      set({ dataset: null, inputDiagnostics: [{ severity: 'error', source, message: `the answer is ${dataset.format === 'table' ? 'a table' : `${dataset.format} data`}, not a NIMADS studyset` }] });
    }
    const loaded = get().dataset !== null;
    set({
      datasetUrl: loaded ? url : null,
      neurostore: { status: loaded ? 'done' : 'failed', received: bytes.byteLength, message: loaded ? `loaded studyset ${id}` : `studyset ${id} did not pass the input gate: see the messages below` },
    });
  },
  loadMask(bytes, name) {
    const checked = runtime.services.readMask(bytes, name);
    if (checked.ok) set({ customMask: checked.mask, maskDiagnostics: checked.warnings, error: null });
    else set({ maskDiagnostics: checked.errors });
  },
  async useShippedMask(which) {
    if (which === DEFAULT_MASK_NAME) return set({ customMask: null, maskDiagnostics: [] });
    try {
      set({ customMask: await runtime.services.shippedMask(which), error: null });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
});

/** Parser messages as one block of text, for job errors. */
export function diagnosticsText(items: Parameters<typeof formatDiagnostic>[0][]): string {
  return items.map(formatDiagnostic).join('\n');
}
