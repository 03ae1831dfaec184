/** What the slices share besides the state: the services, the jobs and the finished run's worker. */
import type { StoreApi } from 'zustand/vanilla';
import type { ShareState } from '../share/shareLink.ts';
import type { JobRegistry } from './jobs.ts';
import type { AppServices, RunSession } from './services.ts';
import type { AppState } from './types.ts';

export interface StoreRuntime {
  services: AppServices;
  jobs: JobRegistry;
  session: RunSession | null;
  /** The view a share link asks for, applied when its analysis has finished. */
  pendingView: ShareState['view'] | null;
}

export type SetState = StoreApi<AppState>['setState'];
export type GetState = () => AppState;
export type SliceCreator<T> = (set: SetState, get: GetState, runtime: StoreRuntime) => T;

export const idleJob = <T,>() => ({ status: 'idle' as const, label: '', done: 0, total: 0, result: null as T | null, error: null as string | null });

/** Everything that belongs to the previous dataset stops: jobs, the run's worker, its results. */
export function forgetRun(runtime: StoreRuntime): Partial<AppState> {
  runtime.jobs.abortAll();
  runtime.session?.close();
  runtime.session = null;
  runtime.pendingView = null;
  return {
    run: null,
    runContext: null,
    liveNullSizes: null,
    nullMaxima: null,
    status: 'idle',
    stage: null,
    error: null,
    runDiagnostics: [],
    selectedCluster: null,
    fsn: idleJob(),
    contrast: idleJob(),
    clustering: idleJob(),
    probabilistic: idleJob(),
    kernelExample: null,
    predictedCutoffs: null,
    tourOverlay: null,
  };
}
