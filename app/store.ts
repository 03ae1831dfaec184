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
import { aalAtlas, defaultMask, maskFromFile } from './engine/assets.ts';
import { runInBrowser } from './engine/runInBrowser.ts';

export type Layout = 'multiplanar' | 'axial' | 'coronal' | 'sagittal' | 'render' | 'mosaic';
export type LayerName = 'ale' | 'z' | 'clusters';

interface DataSlice {
  dataset: Dataset | null;
  /** Parser messages for the loaded source (errors mean nothing was loaded). */
  inputDiagnostics: Diagnostic[];
  customMask: MaskInput | null;
  loadCoordinates(input: string | Uint8Array, source: string): void;
  loadFromUrl(url: string): Promise<void>;
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
  /** Crosshair position in MNI mm; the viewer follows it. */
  crosshair: [number, number, number];
  /** Bumped when the crosshair is moved from outside the viewer, so the viewer moves NiiVue's. */
  crosshairRequest: number;
  setLayout(layout: Layout): void;
  toggleLayer(layer: LayerName): void;
  setZThreshold(z: number): void;
  setShowFoci(show: boolean): void;
  /** The viewer reports where the crosshair went. */
  crosshairMoved(mm: [number, number, number]): void;
  goTo(mm: [number, number, number]): void;
}

interface UiSlice {
  selectedCluster: number | null;
  selectCluster(id: number | null): void;
}

export type AppState = DataSlice & AnalysisSlice & ViewerSlice & UiSlice;

let controller: AbortController | null = null;

export const useStore = create<AppState>()((set, get) => ({
  // data
  dataset: null,
  inputDiagnostics: [],
  customMask: null,
  loadCoordinates(input, source) {
    const parsed = parseCoordinates(input, source);
    get().cancel();
    set({
      dataset: parsed.ok ? parsed.dataset : null,
      inputDiagnostics: parsed.ok ? parsed.warnings : [...parsed.errors, ...parsed.warnings],
      run: null,
      nullMaxSize: null,
      status: 'idle',
      error: null,
      runDiagnostics: [],
      selectedCluster: null,
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
    const own = new AbortController();
    controller = own;
    const mine = () => controller === own;
    set({ status: 'running', stage: 'observed', error: null, run: null, nullMaxSize: null, runDiagnostics: [], selectedCluster: null, progress: { done: 0, total: parameters.iterations, startedAt: performance.now() } });
    try {
      const [mask, atlas] = await Promise.all([customMask ?? defaultMask(), aalAtlas()]);
      if (!mine()) return;
      set({ atlas });
      const outcome = await runInBrowser(dataset, mask, atlas, parameters, {
        signal: own.signal,
        onStage: (stage) => mine() && set({ stage, progress: { ...get().progress, startedAt: performance.now() } }),
        onProgress: (done, total) => mine() && set({ progress: { ...get().progress, done, total } }),
      });
      if (!mine()) return;
      if (!outcome.ok) {
        set({ status: 'failed', stage: null, runDiagnostics: [...outcome.errors, ...outcome.warnings], error: outcome.errors[0]?.message ?? 'the dataset cannot be analysed' });
        return;
      }
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
  layers: { ale: false, z: true, clusters: true },
  zThreshold: 3.09,
  showFoci: false,
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
  crosshairMoved(mm) {
    set({ crosshair: mm });
  },
  goTo(mm) {
    set({ crosshair: mm, crosshairRequest: get().crosshairRequest + 1 });
  },

  // ui
  selectedCluster: null,
  selectCluster(id) {
    set({ selectedCluster: id });
    const cluster = get().run?.summary.clusters.find((c) => c.id === id);
    if (cluster) get().goTo([cluster.peak_xyz[0], cluster.peak_xyz[1], cluster.peak_xyz[2]]);
  },
}));
