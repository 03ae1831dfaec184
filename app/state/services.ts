/**
 * Everything the store needs from the outside world (workers, the network,
 * the page's address), as one interface: the browser passes the real ones,
 * Node tests pass fakes, and no store module touches the DOM.
 */
import type { AleParameters, ClusteringReply, ClusteringSettings, ContrastParameters, ContrastReply, FinishedRun, MaskInput, ProbabilisticReply } from '../../workers/analysis/index.ts';
import type { Atlas, KernelExample } from '../../workers/diagnostics/index.ts';
import type { CutoffModels, FsnResult, NullMaxima, NullMaximaArrays } from '../../workers/inference/index.ts';
import type { AnalysisSheet, Dataset, Diagnostic, MaskResult, ParseResult, ShippedMaskName } from '../../workers/input/index.ts';
import type { OutputFile } from '../../workers/reports/index.ts';

/** A fetch that failed: the HTTP status, or null when the server could not be reached at all. */
export class FetchError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message);
  }
}

export type Progress = (label: string, done: number, total: number) => void;

/** The finished run's worker, kept to build downloads and tour maps on demand; close it when done. */
export interface RunSession {
  files(): Promise<OutputFile[]>;
  kernelExample(): Promise<KernelExample | null>;
  close(): void;
}

export type RunOutcome =
  | { ok: true; run: FinishedRun; nullMaxima: NullMaximaArrays | null; warnings: Diagnostic[]; session: RunSession }
  | { ok: false; errors: Diagnostic[]; warnings: Diagnostic[] };

export interface RunOptions {
  onStage(stage: 'observed' | 'monte-carlo' | 'correcting'): void;
  /** The observed maps and uncorrected clusters, shown while the Monte Carlo runs. */
  onPreview(preview: FinishedRun): void;
  onProgress(done: number, total: number): void;
  /** Each finished chunk of Monte-Carlo iterations. */
  onChunk(chunk: NullMaxima): void;
  signal: AbortSignal;
  alpha: number;
}

export interface AppServices {
  parseCoordinates(input: string | Uint8Array, source: string): Promise<ParseResult>;
  /** JALE's analysis sheet, read by the same gate. */
  readAnalysisSheet(input: Uint8Array, source: string): Promise<AnalysisSheet>;
  /** Bytes at a URL the user gave (?data=, share links, Neurostore); fails with a FetchError. */
  fetchBytes(url: string, onProgress?: (received: number) => void): Promise<Uint8Array>;
  /** A file of the shipped demo folder, as text. */
  demoText(name: string): Promise<string>;
  shippedMask(which: ShippedMaskName): Promise<MaskInput>;
  atlas(): Promise<Atlas>;
  /** JALE's cut-off prediction models (shipped in public/models/cutoff/). */
  cutoffModels(): Promise<CutoffModels>;
  readMask(bytes: Uint8Array, name: string): MaskResult;
  runAnalysis(dataset: Dataset, mask: MaskInput, atlas: Atlas | null, parameters: AleParameters, options: RunOptions): Promise<RunOutcome>;
  /** `onResults`: what is known after each step (a cancelled job keeps the bracket it reached). */
  failSafeN(dataset: Dataset, mask: MaskInput, parameters: AleParameters, labels: Int32Array, clusterIds: number[], alpha: number, onProgress: Progress, onResults: (results: FsnResult[]) => void, signal: AbortSignal): Promise<FsnResult[] | { errors: Diagnostic[] }>;
  /** `nullOfA`: the finished run's Monte-Carlo maxima when A is its whole dataset (A's null is then not run again). */
  contrast(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: ContrastParameters, nullOfA: NullMaximaArrays | null, onProgress: Progress, signal: AbortSignal): Promise<ContrastReply>;
  clustering(dataset: Dataset, mask: MaskInput, parameters: AleParameters, settings: ClusteringSettings, onProgress: Progress, signal: AbortSignal): Promise<ClusteringReply>;
  balancedContrast(a: Dataset, b: Dataset, names: [string, string], mask: MaskInput, parameters: AleParameters, subsetSize: number | null, alpha: number, onProgress: Progress, signal: AbortSignal): Promise<ContrastReply>;
  probabilistic(dataset: Dataset, mask: MaskInput, parameters: AleParameters, subsetSize: number, alpha: number, onProgress: Progress, signal: AbortSignal): Promise<ProbabilisticReply>;
  /** Origin and path of the page, for share links. */
  pageAddress(): string;
}
