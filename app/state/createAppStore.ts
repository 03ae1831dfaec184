/**
 * The one place the slices are composed into a vanilla Zustand store. The
 * store holds no DOM access: everything external comes through `services`,
 * so tests build it in Node with fakes.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { createAnalysisSlice } from './analysisSlice.ts';
import { createDataSlice } from './dataSlice.ts';
import { createDiagnosticsSlice } from './diagnosticsSlice.ts';
import { JobRegistry } from './jobs.ts';
import type { StoreRuntime } from './runtime.ts';
import type { AppServices } from './services.ts';
import { createShareSlice } from './shareSlice.ts';
import type { AppState } from './types.ts';
import { createPlaygroundSlice } from './playgroundSlice.ts';
import { createUiSlice } from './uiSlice.ts';
import { createViewerSlice } from './viewerSlice.ts';

export interface AppStore extends StoreApi<AppState> {
  /** The finished run's worker session (downloads, tour maps), or null. */
  session(): StoreRuntime['session'];
}

export function createAppStore(services: AppServices): AppStore {
  const runtime: StoreRuntime = { services, jobs: new JobRegistry(), session: null, pendingView: null };
  const store = createStore<AppState>()((set, get) => ({
    ...createDataSlice(set, get, runtime),
    ...createAnalysisSlice(set, get, runtime),
    ...createViewerSlice(set, get, runtime),
    ...createDiagnosticsSlice(set, get, runtime),
    ...createShareSlice(set, get, runtime),
    ...createUiSlice(set, get, runtime),
    ...createPlaygroundSlice(set, get, runtime),
  }));
  return Object.assign(store, { session: () => runtime.session });
}
