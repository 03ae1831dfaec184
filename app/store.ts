/**
 * Application state in one Zustand store with four slices: data (the loaded
 * dataset and mask), analysis (parameters and the run), viewer (layout,
 * layers, threshold, crosshair) and ui (selection, messages). Actions only
 * sequence work; the engine computes.
 */
import { create } from 'zustand';
import type { Atlas } from '../workers/atlas.ts';
import type { FinishedRun, MaskInput } from '../workers/analysisWorkerApi.ts';
import type { Dataset, Diagnostic } from '../workers/input/dataset.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { CancelledError } from '../workers/pool.ts';
import { DEFAULT_PARAMETERS, validateParameters, type AleParameters } from '../workers/runAle.ts';
import type { ContrastView } from '../workers/analysisWorkerApi.ts';
import type { FsnResult } from '../workers/failSafeN.ts';
import { formatDiagnostic } from '../workers/input/dataset.ts';
import { splitDataset, type SplitRule } from '../workers/input/split.ts';
import { aalAtlas, defaultMask, maskFromFile } from './engine/assets.ts';
import { contrastInBrowser, failSafeNInBrowser } from './engine/diagnosticsJobs.ts';
import { chooseData, decodeShareHash, encodeShareHash, type ShareState } from './share/shareLink.ts';
import { toNimareJson, toSleuth } from '../workers/input/writers.ts';
import { runInBrowser, type RunSession } from './engine/runInBrowser.ts';
import type { OutputFile } from '../workers/outputFiles.ts';

export type Layout = 'multiplanar' | 'axial' | 'coronal' | 'sagittal' | 'render' | 'mosaic';
export type LayerName = 'ale' | 'z' | 'clusters' | 'aOverB' | 'bOverA';

export interface GroundTruthNode {
  name: string;
  region: string;
  system: string;
  mni: [number, number, number];
}

interface DataSlice {
  dataset: Dataset | null;
  /** URL the dataset was fetched from (?data=…), so a share link can point to it. */
  datasetUrl: string | null;
  /** Set while the loaded dataset is the simulated teaching demo. */
  demo: { groundTruth: GroundTruthNode[] } | null;
  /** A problem with the page's own link (a broken share link). */
  linkError: string | null;
  /** Parser messages for the loaded source (errors mean nothing was loaded). */
  inputDiagnostics: Diagnostic[];
  customMask: MaskInput | null;
  loadCoordinates(input: string | Uint8Array, source: string): void;
  loadFromUrl(url: string): Promise<void>;
  loadDemo(): Promise<void>;
  /** Rebuilds the analysis and view of a share link; reports a broken link in linkError. */
  restoreShare(hash: string): Promise<void>;
  shareUrl(): string;
  loadMask(bytes: Uint8Array, name: string): void;
  useDefaultMask(): void;
}

interface AnalysisSlice {
  parameters: AleParameters;
  /** Cluster-level FWE α for what counts as significant. */
  fweAlpha: number;
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  stage: 'observed' | 'monte-carlo' | 'correcting' | null;
  progress: { done: number; total: number; startedAt: number };
  runDiagnostics: Diagnostic[];
  error: string | null;
  run: FinishedRun | null;
  nullMaxSize: Float64Array | null;
  atlas: Atlas | null;
  setParameters(update: Partial<AleParameters>): void;
  setFweAlpha(alpha: number): void;
  start(): Promise<void>;
  cancel(): void;
}

interface ViewerSlice {
  layout: Layout;
  layers: Record<LayerName, boolean>;
  /** Lower bound of the Z overlay, in z units. */
  zThreshold: number;
  showFoci: boolean;
  /** Experiments whose foci are hidden from the foci overlay. */
  hiddenFoci: ReadonlySet<string>;
  toggleExperimentFoci(id: string): void;
  /** The demo's ground-truth network as points. */
  showTruth: boolean;
  /** An extra map the guided tour shows (one experiment's modeled activation). */
  tourOverlay: { label: string; data: Float32Array; max: number } | null;
  /** Crosshair position in MNI mm; the viewer follows it. */
  crosshair: [number, number, number];
  /** Bumped when the crosshair is moved from outside the viewer, so the viewer moves NiiVue's. */
  crosshairRequest: number;
  setLayout(layout: Layout): void;
  toggleLayer(layer: LayerName): void;
  setZThreshold(z: number): void;
  setShowFoci(show: boolean): void;
  setShowTruth(show: boolean): void;
  setTourOverlay(overlay: ViewerSlice['tourOverlay']): void;
  /** The viewer reports where the crosshair went. */
  crosshairMoved(mm: [number, number, number]): void;
  goTo(mm: [number, number, number]): void;
}

export interface JobState<T> {
  status: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  label: string;
  done: number;
  total: number;
  result: T | null;
  error: string | null;
}

const idleJob = <T,>(): JobState<T> => ({ status: 'idle', label: '', done: 0, total: 0, result: null, error: null });

interface DiagnosticsSlice {
  fsn: JobState<FsnResult[]>;
  contrast: JobState<ContrastView>;
  /** Group B: a second file, or a split of the loaded dataset. */
  contrastB: Dataset | null;
  contrastSplit: SplitRule | null;
  setContrastB(input: string | Uint8Array, source: string): void;
  setContrastSplit(rule: SplitRule | null): void;
  /** Group B from the demo's simulated late-learning set. */
  loadDemoLateLearning(): Promise<void>;
  runFailSafeN(clusterIds: number[]): Promise<void>;
  runContrastJob(): Promise<void>;
  cancelJob(job: 'fsn' | 'contrast'): void;
}

interface UiSlice {
  selectedCluster: number | null;
  selectCluster(id: number | null): void;
}

export type AppState = DataSlice & AnalysisSlice & ViewerSlice & DiagnosticsSlice & UiSlice;

let controller: AbortController | null = null;
let session: RunSession | null = null;
/** The view a share link asks for, applied when its analysis has finished. */
let pendingView: ShareState['view'] | null = null;
const DEMO_BASE = new URL('./demo/', document.baseURI).href;

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.text();
}

/** The finished run's output files (maps, tables, summary), built by its worker on demand. */
export function runFiles(): Promise<OutputFile[]> {
  if (!session) return Promise.reject(new Error('no finished run'));
  return session.files();
}
const jobControllers: Record<'fsn' | 'contrast', AbortController | null> = { fsn: null, contrast: null };

export const useStore = create<AppState>()((set, get) => ({
  // data
  dataset: null,
  datasetUrl: null,
  demo: null,
  linkError: null,
  inputDiagnostics: [],
  customMask: null,
  loadCoordinates(input, source) {
    const parsed = parseCoordinates(input, source);
    get().cancel();
    session?.close();
    session = null;
    set({
      dataset: parsed.ok ? parsed.dataset : null,
      datasetUrl: null,
      demo: null,
      hiddenFoci: new Set<string>(),
      inputDiagnostics: parsed.ok ? parsed.warnings : [...parsed.errors, ...parsed.warnings],
      run: null,
      nullMaxSize: null,
      status: 'idle',
      error: null,
      runDiagnostics: [],
      selectedCluster: null,
      fsn: idleJob(),
      contrast: idleJob(),
      contrastSplit: null,
    });
  },
  async loadFromUrl(url) {
    let bytes: Uint8Array;
    try {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`HTTP ${response.status} ${response.statusText}`);
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch (err) {
      set({ dataset: null, inputDiagnostics: [{ severity: 'error', source: url, message: `could not fetch the data: ${(err as Error).message}` }] });
      return;
    }
    get().loadCoordinates(bytes, url);
    set({ datasetUrl: url });
  },
  async loadDemo() {
    try {
      const [text, truth] = await Promise.all([fetchText(`${DEMO_BASE}early_learning.txt`), fetchText(`${DEMO_BASE}ground_truth.json`)]);
      get().loadCoordinates(text, 'early_learning.txt (simulated demo)');
      set({ demo: { groundTruth: (JSON.parse(truth) as { nodes: GroundTruthNode[] }).nodes } });
    } catch (err) {
      set({ inputDiagnostics: [{ severity: 'error', source: 'demo', message: `could not load the demo data: ${(err as Error).message}` }] });
    }
  },
  async restoreShare(hash) {
    let state: ShareState;
    try {
      state = decodeShareHash(hash);
    } catch (err) {
      set({ linkError: `This share link cannot be opened: ${(err as Error).message}. Load data below to start afresh.` });
      return;
    }
    if (state.data.kind === 'url') await get().loadFromUrl(state.data.url);
    else get().loadCoordinates(state.data.text, state.data.name);
    if (!get().dataset) {
      set({ linkError: 'This share link holds a dataset that does not pass the input check; see the messages below.' });
      return;
    }
    set({ parameters: { ...state.parameters }, fweAlpha: state.alpha, linkError: null });
    pendingView = state.view;
    await get().start();
  },
  shareUrl() {
    const s = get();
    if (!s.dataset) return '';
    let text: string;
    try {
      text = toSleuth(s.dataset);
    } catch {
      text = toNimareJson(s.dataset);
    }
    const state: ShareState = {
      data: chooseData(text, s.dataset.source, s.datasetUrl),
      parameters: s.parameters,
      alpha: s.fweAlpha,
      view: { layout: s.layout, crosshair: s.crosshair, zThreshold: s.zThreshold, layers: s.layers, showFoci: s.showFoci },
    };
    return `${window.location.origin}${window.location.pathname}${encodeShareHash(state)}`;
  },
  loadMask(bytes, name) {
    try {
      set({ customMask: maskFromFile(bytes, name), error: null });
    } catch (err) {
      set({ error: (err as Error).message });
    }
  },
  useDefaultMask() {
    set({ customMask: null });
  },

  // analysis
  parameters: { ...DEFAULT_PARAMETERS },
  fweAlpha: 0.05,
  status: 'idle',
  stage: null,
  progress: { done: 0, total: 0, startedAt: 0 },
  runDiagnostics: [],
  error: null,
  run: null,
  nullMaxSize: null,
  atlas: null,
  setParameters(update) {
    set({ parameters: { ...get().parameters, ...update } });
  },
  setFweAlpha(alpha) {
    set({ fweAlpha: alpha });
  },
  async start() {
    const { dataset, parameters, customMask } = get();
    if (!dataset) return;
    try {
      validateParameters(parameters);
    } catch (err) {
      set({ status: 'failed', error: (err as Error).message });
      return;
    }
    controller?.abort();
    session?.close();
    session = null;
    const own = new AbortController();
    controller = own;
    const mine = () => controller === own;
    // Fail-Safe N belongs to the previous run: stop it silently.
    jobControllers.fsn?.abort();
    jobControllers.fsn = null;
    set({ fsn: idleJob(), status: 'running', stage: 'observed', error: null, run: null, nullMaxSize: null, runDiagnostics: [], selectedCluster: null, progress: { done: 0, total: parameters.iterations, startedAt: performance.now() } });
    try {
      const [mask, atlas] = await Promise.all([customMask ?? defaultMask(), aalAtlas()]);
      if (!mine()) return;
      set({ atlas });
      const outcome = await runInBrowser(dataset, mask, atlas, parameters, {
        signal: own.signal,
        alpha: get().fweAlpha,
        onStage: (stage) => mine() && set({ stage, progress: { ...get().progress, startedAt: performance.now() } }),
        onProgress: (done, total) => mine() && set({ progress: { ...get().progress, done, total } }),
      });
      if (!mine()) {
        if (outcome.ok) outcome.session.close();
        return;
      }
      if (!outcome.ok) {
        set({ status: 'failed', stage: null, runDiagnostics: [...outcome.errors, ...outcome.warnings], error: outcome.errors[0]?.message ?? 'the dataset cannot be analysed' });
        return;
      }
      session = outcome.session;
      const top = outcome.run.summary.clusters[0];
      set({
        status: 'done',
        stage: null,
        run: outcome.run,
        nullMaxSize: outcome.nullMaxSize,
        runDiagnostics: outcome.warnings,
        zThreshold: Math.round(outcome.run.thresholds.clusterFormingZ * 100) / 100,
        ...(top ? { crosshair: [top.peak_xyz[0], top.peak_xyz[1], top.peak_xyz[2]] as [number, number, number], crosshairRequest: get().crosshairRequest + 1 } : {}),
      });
      if (pendingView) {
        const view = pendingView;
        pendingView = null;
        set({ layout: view.layout, zThreshold: view.zThreshold, layers: { ...view.layers }, showFoci: view.showFoci, crosshair: view.crosshair, crosshairRequest: get().crosshairRequest + 1 });
      }
    } catch (err) {
      if (!mine()) return;
      if (err instanceof CancelledError) set({ status: 'cancelled', stage: null });
      else set({ status: 'failed', stage: null, error: err instanceof Error ? err.message : String(err) });
    }
  },
  cancel() {
    controller?.abort();
    controller = null;
    if (get().status === 'running') set({ status: 'cancelled', stage: null });
  },

  // viewer
  layout: 'multiplanar',
  layers: { ale: false, z: true, clusters: true, aOverB: true, bOverA: true },
  zThreshold: 3.09,
  showFoci: false,
  hiddenFoci: new Set<string>(),
  toggleExperimentFoci(id) {
    const hidden = new Set(get().hiddenFoci);
    if (hidden.has(id)) hidden.delete(id);
    else hidden.add(id);
    set({ hiddenFoci: hidden });
  },
  showTruth: false,
  tourOverlay: null,
  crosshair: [0, 0, 0],
  crosshairRequest: 0,
  setLayout(layout) {
    set({ layout });
  },
  toggleLayer(layer) {
    set({ layers: { ...get().layers, [layer]: !get().layers[layer] } });
  },
  setZThreshold(z) {
    set({ zThreshold: z });
  },
  setShowFoci(show) {
    set({ showFoci: show });
  },
  setShowTruth(show) {
    set({ showTruth: show });
  },
  setTourOverlay(overlay) {
    set({ tourOverlay: overlay });
  },
  crosshairMoved(mm) {
    set({ crosshair: mm });
  },
  goTo(mm) {
    set({ crosshair: mm, crosshairRequest: get().crosshairRequest + 1 });
  },

  // diagnostics
  fsn: idleJob(),
  contrast: idleJob(),
  contrastB: null,
  contrastSplit: null,
  setContrastB(input, source) {
    const parsed = parseCoordinates(input, source);
    if (parsed.ok) set({ contrastB: parsed.dataset, contrastSplit: null, contrast: idleJob() });
    else set({ contrast: { ...idleJob(), status: 'failed', error: parsed.errors.map(formatDiagnostic).join('\n') } });
  },
  async loadDemoLateLearning() {
    try {
      get().setContrastB(await fetchText(`${DEMO_BASE}late_learning.txt`), 'late_learning.txt (simulated demo)');
    } catch (err) {
      failJob('contrast', `could not load the late-learning demo: ${(err as Error).message}`);
    }
  },
  setContrastSplit(rule) {
    set({ contrastSplit: rule, contrastB: rule ? null : get().contrastB, contrast: idleJob() });
  },
  async runFailSafeN(clusterIds) {
    const { dataset, parameters, customMask, run, fweAlpha } = get();
    if (!dataset || !run || clusterIds.length === 0) return;
    if (parameters.iterations < 1) return failJob('fsn', 'Fail-Safe N needs Monte-Carlo iterations (set iterations above 0)');
    await runJob('fsn', async (own, onProgress) => {
      const result = await failSafeNInBrowser(dataset, customMask ?? (await defaultMask()), parameters, run.volumes.labels, clusterIds, fweAlpha, onProgress, own.signal);
      if ('errors' in result) throw new Error(result.errors.map(formatDiagnostic).join('\n'));
      return { fsn: { ...get().fsn, status: 'done', result: mergeFsn(get().fsn.result, result) } };
    });
  },
  async runContrastJob() {
    const { dataset, contrastB, contrastSplit, parameters, customMask, fweAlpha } = get();
    if (!dataset) return;
    let a = dataset;
    let b = contrastB;
    let names: [string, string] = [dataset.source, contrastB?.source ?? ''];
    if (contrastSplit) {
      const split = splitDataset(dataset, contrastSplit);
      if (!split.ok) return failJob('contrast', formatDiagnostic(split.error));
      ({ a, b, names } = split);
    }
    if (!b) return;
    if (parameters.iterations < 1) return failJob('contrast', 'a contrast needs iterations above 0 (permutations and Monte Carlo)');
    const groupB = b;
    await runJob('contrast', async (own, onProgress) => {
      const reply = await contrastInBrowser(a, groupB, names, customMask ?? (await defaultMask()), { ...parameters, alpha: fweAlpha }, onProgress, own.signal);
      if (!reply.ok) throw new Error(reply.errors.map(formatDiagnostic).join('\n'));
      return { contrast: { ...get().contrast, status: 'done', result: reply.view }, layers: { ...get().layers, aOverB: true, bOverA: true } };
    });
  },
  cancelJob(job) {
    jobControllers[job]?.abort();
  },

  // ui
  selectedCluster: null,
  selectCluster(id) {
    set({ selectedCluster: id });
    const cluster = get().run?.summary.clusters.find((c) => c.id === id);
    if (cluster) get().goTo([cluster.peak_xyz[0], cluster.peak_xyz[1], cluster.peak_xyz[2]]);
  },
}));

function failJob(job: 'fsn' | 'contrast', error: string): void {
  useStore.setState({ [job]: { ...idleJob(), status: 'failed', error } });
}

/**
 * Runs a long diagnostics job: a newer job of the same kind supersedes it,
 * progress goes to its state, cancellation and errors end it with a message.
 */
async function runJob(job: 'fsn' | 'contrast', work: (own: AbortController, onProgress: (label: string, done: number, total: number) => void) => Promise<Partial<AppState>>): Promise<void> {
  jobControllers[job]?.abort();
  const own = new AbortController();
  jobControllers[job] = own;
  const mine = () => jobControllers[job] === own;
  useStore.setState({ [job]: { ...idleJob(), status: 'running', label: 'starting' } });
  try {
    const done = await work(own, (label, finished, total) => {
      if (mine()) useStore.setState({ [job]: { ...useStore.getState()[job], label, done: finished, total } });
    });
    if (mine()) useStore.setState(done);
  } catch (err) {
    if (!mine()) return;
    const ending = err instanceof CancelledError ? { status: 'cancelled', error: null } : { status: 'failed', error: err instanceof Error ? err.message : String(err) };
    useStore.setState({ [job]: { ...useStore.getState()[job], ...ending } });
  }
}

/** Results of a new Fail-Safe N job replace earlier ones for the same clusters. */
function mergeFsn(previous: FsnResult[] | null, next: FsnResult[]): FsnResult[] {
  const ids = new Set(next.map((r) => r.clusterId));
  return [...(previous ?? []).filter((r) => !ids.has(r.clusterId)), ...next].sort((a, b) => a.clusterId - b.clusterId);
}
