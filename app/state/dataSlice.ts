/** The loaded dataset and mask: every way in goes through the input gate, and new data ends the old run. */
import { DEFAULT_MASK_NAME, formatDiagnostic, selectAnalyses, studysetAddress, studysetFetchProblem, type Dataset, type Diagnostic } from '../../workers/input/index.ts';
import { forgetRun, type SliceCreator } from './runtime.ts';
import { FetchError } from './services.ts';
import type { DataSlice, DemoInfo, GroundTruthNode } from './types.ts';


/** The published-studies demo's folder under demo/. */
const PUBLISHED = 'motor_sequence_learning';

export const createDataSlice: SliceCreator<DataSlice> = (set, get, runtime) => {
  /**
   * Parses a source through the input gate and, when it passes (and `check`
   * finds nothing wrong with it), makes it the loaded dataset, ending the old
   * run. A source that fails leaves the workspace as it was, with the reasons.
   */
  const load = async (input: string | Uint8Array, source: string, check: (dataset: Dataset) => string | null = () => null): Promise<boolean> => {
    const ticket = runtime.jobs.begin('load');
    const parsed = await runtime.services.parseCoordinates(input, source);
    if (!ticket.current()) return false;
    const problem = parsed.ok ? check(parsed.dataset) : null;
    if (!parsed.ok || problem !== null) {
      const errors = parsed.ok ? [{ severity: 'error' as const, source, message: problem as string }] : parsed.errors;
      refused(source, [...errors, ...parsed.warnings]);
      return false;
    }
    set({
      ...forgetRun(runtime),
      dataset: parsed.dataset,
      datasetUrl: null,
      demo: null,
      hiddenFoci: new Set<string>(),
      inputDiagnostics: parsed.warnings,
      contrastB: null,
      contrastSplit: null,
      analysisSheet: null,
    });
    return true;
  };
  /** The reasons a source was not loaded; what was loaded before stays (and the messages say so). */
  const refused = (source: string, diagnostics: Diagnostic[]) => {
    const kept = get().dataset;
    set({ inputDiagnostics: kept ? [...diagnostics, { severity: 'warning', source, message: `not loaded; ${kept.source} and its results stay as they were` }] : diagnostics });
  };
  return {
  dataset: null,
  datasetUrl: null,
  demo: null,
  inputDiagnostics: [],
  customMask: null,
  maskDiagnostics: [],
  analysisSheet: null,
  neurostore: { status: 'idle', received: 0, message: null },
  async loadCoordinates(input, source) {
    return load(input, source);
  },
  async loadAnalysisSheet(bytes, source) {
    const sheet = get().analysisSheet;
    // The analyses select from the whole experiment sheet, even while one of them is loaded.
    const experiments = sheet?.experiments ?? get().dataset;
    const refuse = (message: string) => set({ inputDiagnostics: [{ severity: 'error', source, message }] });
    if (!experiments || experiments.format !== 'jale') return refuse('load JALE’s experiment sheet (experiment_info) first: the analysis sheet selects its experiments by their tags');
    const ticket = runtime.jobs.begin('load');
    const read = await runtime.services.readAnalysisSheet(bytes, source);
    if (!ticket.current()) return;
    if (!read.ok) return set({ inputDiagnostics: read.errors });
    set({ analysisSheet: { source, experiments, analyses: selectAnalyses(experiments, read.analyses), chosen: null }, inputDiagnostics: [] });
    get().useSheetAnalysis(null);
  },
  useSheetAnalysis(index) {
    const sheet = get().analysisSheet;
    if (!sheet) return;
    const found = index === null ? null : sheet.analyses[index];
    const groups = found?.groups ?? [];
    // Every kind loads its groups: main effects run at once, the rest in the Contrast and JALE tabs.
    if (found === undefined || !groups.every((g) => g.selection.ok)) return;
    const [a, b] = groups.map((g) => (g.selection.ok ? g.selection.dataset : sheet.experiments));
    set({
      ...forgetRun(runtime),
      dataset: a ?? sheet.experiments,
      datasetUrl: null,
      demo: null,
      hiddenFoci: new Set<string>(),
      contrastB: b ?? null,
      contrastSplit: null,
      analysisSheet: { ...sheet, chosen: index },
    });
  },
  async loadFromUrl(url) {
    // A file the user chooses while this one downloads is the newer choice: it wins.
    const ticket = runtime.jobs.begin('load');
    let bytes: Uint8Array;
    try {
      bytes = await runtime.services.fetchBytes(url);
    } catch (err) {
      if (ticket.current()) refused(url, [{ severity: 'error', source: url, message: `could not fetch the data: ${(err as Error).message}` }]);
      return false;
    }
    if (!ticket.current()) return false;
    const loaded = await load(bytes, url);
    if (loaded) set({ datasetUrl: url });
    return loaded;
  },
  async loadDemo(which = 'published', options = { run: true }) {
    // The demo opens the page; a file the user loads before it has arrived replaces it, not the other way round.
    const ticket = runtime.jobs.begin('load');
    let fetched: { text: string; source: string; demo: DemoInfo };
    try {
      if (which === 'published') {
        const [text, about] = await Promise.all([runtime.services.demoText(`${PUBLISHED}/motor_sequence_learning_MNI.sleuth.txt`), runtime.services.demoText(`${PUBLISHED}/demo.json`)]);
        const { title, placeholderSampleSize } = JSON.parse(about) as { title: string; placeholderSampleSize: number };
        fetched = { text, source: 'motor_sequence_learning_MNI.sleuth.txt', demo: { kind: 'published', title, placeholderSampleSize } };
      } else {
        const [text, truth] = await Promise.all([runtime.services.demoText('early_learning.txt'), runtime.services.demoText('ground_truth.json')]);
        const title = 'Simulated ground truth: early motor sequence learning (24 experiments)';
        fetched = { text, source: 'early_learning.txt', demo: { kind: 'simulated', title, groundTruth: (JSON.parse(truth) as { nodes: GroundTruthNode[] }).nodes } };
      }
    } catch (err) {
      if (ticket.current()) set({ inputDiagnostics: [{ severity: 'error', source: 'demo', message: `could not load the demo data: ${(err as Error).message}` }] });
      return;
    }
    if (!ticket.current() || !(await load(fetched.text, fetched.source))) return;
    set({ demo: fetched.demo });
    // One click gives maps: the demo runs as soon as it is loaded (a share link sets its parameters first).
    if (options.run) await get().start();
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
    const loaded = await load(bytes, source, (dataset) => (dataset.format === 'nimads' ? null : `the answer is ${dataset.format === 'table' ? 'a table' : `${dataset.format} data`}, not a NIMADS studyset`));
    set({
      ...(loaded ? { datasetUrl: url } : {}),
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
  };
};

/** Parser messages as one block of text, for job errors. */
export function diagnosticsText(items: Parameters<typeof formatDiagnostic>[0][]): string {
  return items.map(formatDiagnostic).join('\n');
}
