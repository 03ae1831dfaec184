/**
 * Selection and the workspace's own state: choosing a cluster moves the
 * crosshair to its peak; the results tab, the rail, the viewer's height and
 * the colour theme.
 */
import type { SliceCreator } from './runtime.ts';
import type { UiSlice } from './types.ts';

/** The viewer keeps room for its controls, and the results for their tabs and a few rows. */
export const VIEWER_SHARE_RANGE = [0.3, 0.85] as const;

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  selectedCluster: null,
  resultsTab: 'clusters',
  railOpen: true,
  theme: 'system',
  classMode: false,
  viewerShare: null,
  setClassMode(on) {
    // The rail folds for the class and comes back after.
    set({ classMode: on, railOpen: !on });
  },
  setViewerShare(share) {
    if (share !== null && !Number.isFinite(share)) return;
    const [low, high] = VIEWER_SHARE_RANGE;
    set({ viewerShare: share === null ? null : Math.min(high, Math.max(low, share)) });
  },
  selectCluster(id) {
    set({ selectedCluster: id });
    const cluster = get().run?.summary.clusters.find((c) => c.id === id);
    if (cluster) get().goTo([cluster.peak_xyz[0], cluster.peak_xyz[1], cluster.peak_xyz[2]]);
  },
  setResultsTab(tab) {
    set({ resultsTab: tab });
  },
  toggleRail() {
    set({ railOpen: !get().railOpen });
  },
  setTheme(theme) {
    set({ theme });
  },
});
