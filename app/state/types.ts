/**
 * The shape of the application state: six slices (data, analysis, viewer,
 * diagnostics, share, ui), each in its own file, composed in createAppStore.ts.
 */
import type { AleParameters, ClusteringSettings, ClusteringView, ContrastView, FinishedRun, MaskInput, ProbabilisticView } from '../../workers/analysis/index.ts';
import type { Atlas, KernelExample } from '../../workers/diagnostics/index.ts';
import type { FsnResult, Inference, NullMaximaArrays, PredictedCutoffs } from '../../workers/inference/index.ts';
import type { Exercise } from '../../workers/reports/index.ts';
import type { Dataset, Diagnostic, JaleAnalysis, SelectedGroup, ShippedMaskName, SplitRule } from '../../workers/input/index.ts';

export type Layout = 'multiplanar' | 'axial' | 'coronal' | 'sagittal' | 'render' | 'mosaic';
export type LayerName = 'ale' | 'z' | 'clusters' | 'aOverB' | 'bOverA' | 'conjunction' | 'atlas' | 'tfce';

/** A 3-D clip plane: depth from the centre (0–1.7), and the camera angles it faces. */
export interface ClipPlane {
  depth: number;
  azimuth: number;
  elevation: number;
}
export type Mm = [number, number, number];

export interface GroundTruthNode {
  name: string;
  region: string;
  system: string;
  mni: Mm;
}

export type DemoName = 'published' | 'simulated';

export type DemoInfo =
  /** Real coordinates from Neurosynth and NeuroQuery, whose sample sizes are placeholders. */
  | { kind: 'published'; title: string; placeholderSampleSize: number }
  /** Made-up experiments around a known network, for learning how ALE works. */
  | { kind: 'simulated'; title: string; groundTruth: GroundTruthNode[] };

export interface NeurostoreState {
  status: 'idle' | 'loading' | 'done' | 'failed';
  received: number;
  message: string | null;
}

export interface AnalysisSheetState {
  source: string;
  /** The whole experiment sheet the analyses select from. */
  experiments: Dataset;
  analyses: { analysis: JaleAnalysis; groups: SelectedGroup[] }[];
  /** Index of the analysis whose experiments are loaded (names may repeat: a C and a B row of the same groups). */
  chosen: number | null;
}

export interface DataSlice {
  dataset: Dataset | null;
  /** URL the dataset was fetched from (?data=…), so a share link can point to it. */
  datasetUrl: string | null;
  /** Set while the loaded dataset is one of the shipped demos. */
  demo: DemoInfo | null;
  /** Fetching a Neurostore studyset: bytes so far, and what happened. */
  neurostore: NeurostoreState;
  /** Parser messages for the loaded source (errors mean nothing was loaded). */
  inputDiagnostics: Diagnostic[];
  customMask: MaskInput | null;
  /** The mask gate's messages about the last mask file (errors mean it was not taken). */
  maskDiagnostics: Diagnostic[];
  /** JALE's analysis sheet over the loaded experiment sheet, and the analysis in use (null: the whole sheet). */
  analysisSheet: AnalysisSheetState | null;
  /** Loads a source through the input gate; false (and the workspace unchanged) when it does not pass. */
  loadCoordinates(input: string | Uint8Array, source: string): Promise<boolean>;
  loadFromUrl(url: string): Promise<boolean>;
  /** Loads a shipped demo (the published studies unless told otherwise) and runs it. */
  loadDemo(which?: DemoName, options?: { run: boolean }): Promise<void>;
  /** Fetches a Neurostore studyset by id or link and loads it through the input gate. */
  loadNeurostore(idOrLink: string): Promise<void>;
  loadMask(bytes: Uint8Array, name: string): void;
  /** Reads JALE's analysis sheet (analysis_info) for the loaded experiment sheet. */
  loadAnalysisSheet(bytes: Uint8Array, source: string): Promise<void>;
  /** Loads the experiments of one analysis of the sheet (group B of a contrast goes to the Contrast tab); null: the whole sheet. */
  useSheetAnalysis(index: number | null): void;
  /** One of the shipped masks; the MNI152 mask is the default. */
  useShippedMask(which: ShippedMaskName): Promise<void>;
}

/** What a finished run was computed from: diagnostics, the tour and share links use these, not the form. */
export interface RunContext {
  dataset: Dataset;
  mask: MaskInput;
  parameters: AleParameters;
  alpha: number;
  /** Parameters this run set itself (the playground's runs without a Monte Carlo), not taken from the form. */
  overridden?: (keyof AleParameters)[];
}

export type RunStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export interface AnalysisSlice {
  parameters: AleParameters;
  /** Cluster-level FWE α for what counts as significant. */
  fweAlpha: number;
  status: RunStatus;
  stage: 'observed' | 'monte-carlo' | 'correcting' | null;
  progress: { done: number; total: number; startedAt: number };
  runDiagnostics: Diagnostic[];
  error: string | null;
  /** The run's view: its preview (observed maps, uncorrected clusters) while the Monte Carlo runs, then the result. */
  run: FinishedRun | null;
  runContext: RunContext | null;
  /** The largest null cluster of each Monte-Carlo iteration finished so far (any order), for live p-values. */
  liveNullSizes: Float64Array | null;
  nullMaxima: NullMaximaArrays | null;
  atlas: Atlas | null;
  setParameters(update: Partial<AleParameters>): void;
  setFweAlpha(alpha: number): void;
  /** Runs the loaded dataset with the form's parameters (`override` changes some for this run only). */
  start(override?: Partial<AleParameters>): Promise<void>;
  cancel(): void;
}

export interface TourOverlay {
  label: string;
  data: Float32Array;
  max: number;
}

/** Journals' common figure widths (one column, one and a half, two) and PNG resolutions. */
export const FIGURE_WIDTHS_MM = [85, 120, 174] as const;
export const FIGURE_DPIS = [150, 300, 600] as const;

export interface FigureChoices {
  /** The axial slices as typed (MNI z in mm, checked by parseSlices when used). */
  slices: string;
  widthMm: (typeof FIGURE_WIDTHS_MM)[number];
  dpi: (typeof FIGURE_DPIS)[number];
}

export interface ViewerSlice {
  layout: Layout;
  layers: Record<LayerName, boolean>;
  /** Lower bound of the Z overlay, in z units. */
  zThreshold: number;
  /** Which FWE p decides significance in the table and the viewer (TFCE only for runs that computed it). */
  inference: Inference;
  showFoci: boolean;
  /** Experiments whose foci are hidden from the foci overlay. */
  hiddenFoci: ReadonlySet<string>;
  /** The demo's ground-truth network as points. */
  showTruth: boolean;
  /** An extra map the guided tour shows (one experiment's modeled activation). */
  tourOverlay: TourOverlay | null;
  /** Crosshair position in MNI mm; the viewer follows it. */
  crosshair: Mm;
  /** Bumped when the crosshair is moved from outside the viewer, so the viewer moves NiiVue's. */
  crosshairRequest: number;
  /** The 3-D render's clip plane, or null for the whole brain. */
  clip: ClipPlane | null;
  /** The publication mosaic's choices (they travel with share links). */
  figure: FigureChoices;
  setFigure(choices: Partial<FigureChoices>): void;
  setClip(clip: ClipPlane | null): void;
  toggleExperimentFoci(id: string): void;
  setLayout(layout: Layout): void;
  toggleLayer(layer: LayerName): void;
  setLayers(layers: Record<LayerName, boolean>): void;
  setZThreshold(z: number): void;
  setInference(inference: Inference): void;
  setShowFoci(show: boolean): void;
  setShowTruth(show: boolean): void;
  setTourOverlay(overlay: TourOverlay | null): void;
  /** The viewer reports where the crosshair went; a click inside a significant cluster selects it. */
  crosshairMoved(mm: Mm): void;
  goTo(mm: Mm): void;
}

export interface JobState<T> {
  status: RunStatus;
  label: string;
  done: number;
  total: number;
  result: T | null;
  error: string | null;
}

export type DiagnosticsJob = 'fsn' | 'contrast' | 'clustering' | 'probabilistic';

export interface DiagnosticsSlice {
  fsn: JobState<FsnResult[]>;
  contrast: JobState<ContrastView>;
  /** The clustering of the finished run's experiments (JALE's Cluster analyses). */
  clustering: JobState<ClusteringView>;
  /** A probabilistic ALE of the finished run's experiments (JALE's P<N> analyses). */
  probabilistic: JobState<ProbabilisticView>;
  /** Group B: a second file, or a split of the loaded dataset. */
  contrastB: Dataset | null;
  contrastSplit: SplitRule | null;
  /** The finished run's first experiment, for the tour's kernel step. */
  kernelExample: KernelExample | null;
  /** JALE's predicted cut-offs for the finished run, shown beside its Monte-Carlo cut-offs when asked for. */
  predictedCutoffs: PredictedCutoffs | null;
  setContrastB(input: string | Uint8Array, source: string): Promise<void>;
  setContrastSplit(rule: SplitRule | null): void;
  /** Group B from the demo's simulated late-learning set. */
  loadDemoLateLearning(): Promise<void>;
  runFailSafeN(clusterIds: number[]): Promise<void>;
  /** The subtraction gated by the main effects (without clusters under `minVolumeMm3`), or with `balanced` JALE's balanced contrast at N (null: JALE's default). */
  runContrastJob(balanced?: { subsetSize: number | null }, minVolumeMm3?: number): Promise<void>;
  runClusteringJob(settings: ClusteringSettings): Promise<void>;
  runProbabilisticJob(subsetSize: number): Promise<void>;
  loadKernelExample(): Promise<void>;
  predictCutoffs(): Promise<void>;
  cancelJob(job: DiagnosticsJob): void;
}

export interface ShareSlice {
  /** A problem with the page's own link (a broken share link). */
  linkError: string | null;
  /** Rebuilds the analysis and view of a share link; reports a broken link in linkError. */
  restoreShare(hash: string): Promise<void>;
  /** A link to the finished run's data, parameters and the current view. */
  shareUrl(): string;
}

export type ResultsTab = 'clusters' | 'diagnostics' | 'contrast' | 'jale' | 'null' | 'methods' | 'export' | 'tour' | 'playground';
export type Theme = 'system' | 'light' | 'dark';

export interface UiSlice {
  selectedCluster: number | null;
  resultsTab: ResultsTab;
  railOpen: boolean;
  theme: Theme;
  /** Class mode: larger type and controls for a projector, the rail folded, the viewer as large as it can be. */
  classMode: boolean;
  /** The viewer's share of the main column's height, set by dragging the splitter (null: the layout's own). */
  viewerShare: number | null;
  setClassMode(on: boolean): void;
  setViewerShare(share: number | null): void;
  selectCluster(id: number | null): void;
  setResultsTab(tab: ResultsTab): void;
  toggleRail(): void;
  setTheme(theme: Theme): void;
}

export interface PlaygroundExperiment {
  name: string;
  n: number;
  /** MNI mm, whole millimetres. */
  foci: Mm[];
}

export interface PlaygroundSlice {
  playground: {
    active: boolean;
    experiments: PlaygroundExperiment[];
    /** The experiment that clicks add foci to. */
    current: number;
    /** The focus of the current experiment that 'move' drags. */
    selectedFocus: number | null;
    /** What a click in the viewer does. */
    mode: 'add' | 'move' | 'look';
    /** A pointer is down on the viewer, and whether this press already added a focus (then moving drags it). */
    pressing: boolean;
    addedThisPress: boolean;
    /** The cluster-forming threshold before the last change, to say why it moved. */
    previousThreshold: number | null;
    /** Counts the changes; `analysed` is the change the shown run was made from. */
    version: number;
    analysed: number;
    /** The shipped exercises (null until loaded), the one chosen, and why they could not be loaded. */
    exercises: Exercise[] | null;
    exercise: string | null;
    exercisesError: string | null;
  };
  loadExercises(): Promise<void>;
  chooseExercise(id: string | null): void;
  openPlayground(): void;
  addPlaygroundExperiment(n: number): void;
  selectPlaygroundExperiment(index: number): void;
  setPlaygroundN(index: number, n: number): void;
  setPlaygroundMode(mode: 'add' | 'move' | 'look'): void;
  addPlaygroundFocus(mm: Mm): void;
  movePlaygroundFocus(index: number, mm: Mm): void;
  deletePlaygroundFocus(index: number): void;
  selectPlaygroundFocus(index: number | null): void;
  /** The viewer's click or drag, in playground mode. */
  playgroundPointer(mm: Mm): void;
  /** The viewer's pointer went down (true) or up (false). */
  playgroundPress(down: boolean): void;
  /** Analyses the playground's set: without a Monte Carlo after each change, with one on request. */
  analysePlayground(monteCarlo?: boolean): Promise<void>;
}

export type AppState = DataSlice & AnalysisSlice & ViewerSlice & DiagnosticsSlice & ShareSlice & UiSlice & PlaygroundSlice;
