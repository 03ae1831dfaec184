/**
 * The app's one store, bound to React: `useStore(selector)` in components,
 * `useStore.getState()` in handlers. The slices live in app/state/.
 */
import { useStore as useZustandStore } from 'zustand';
import type { OutputFile } from '../workers/reports/index.ts';
import { browserServices } from './state/browserServices.ts';
import { createAppStore } from './state/createAppStore.ts';
import { playgroundTestApi } from './state/playgroundTestApi.ts';
import type { AppState } from './state/types.ts';

export type { Layout } from './state/types.ts';

const appStore = createAppStore(browserServices());
Object.assign(globalThis, { alePlayground: playgroundTestApi(appStore.getState) });

function useAppStore<T>(selector: (state: AppState) => T): T {
  return useZustandStore(appStore, selector);
}

export const useStore = Object.assign(useAppStore, { getState: appStore.getState, setState: appStore.setState, subscribe: appStore.subscribe });

/** The finished run's output files (maps, tables, summary), built by its worker on demand. */
export function runFiles(): Promise<OutputFile[]> {
  const session = appStore.session();
  return session ? session.files() : Promise.reject(new Error('no finished run'));
}
