/** The loaded dataset and mask: every way in goes through the input gate, and new data ends the old run. */
import { DEFAULT_MASK_NAME, formatDiagnostic } from '../../workers/input/index.ts';
import { forgetRun, type SliceCreator } from './runtime.ts';
import type { DataSlice, GroundTruthNode } from './types.ts';

export const createDataSlice: SliceCreator<DataSlice> = (set, get, runtime) => ({
  dataset: null,
  datasetUrl: null,
  demo: null,
  inputDiagnostics: [],
  customMask: null,
  maskDiagnostics: [],
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
  async loadDemo() {
    try {
      const [text, truth] = await Promise.all([runtime.services.demoText('early_learning.txt'), runtime.services.demoText('ground_truth.json')]);
      await get().loadCoordinates(text, 'early_learning.txt (simulated demo)');
      set({ demo: { groundTruth: (JSON.parse(truth) as { nodes: GroundTruthNode[] }).nodes } });
    } catch (err) {
      set({ inputDiagnostics: [{ severity: 'error', source: 'demo', message: `could not load the demo data: ${(err as Error).message}` }] });
    }
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
