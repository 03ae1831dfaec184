/** What the viewer shows and where: layout, layers, threshold, foci, crosshair. */
import { DEFAULT_FIGURE_SLICES } from '../viewer/mosaicSlices.ts';
import { significantClusterAt } from './derived.ts';
import type { SliceCreator } from './runtime.ts';
import type { ViewerSlice } from './types.ts';

export const DEFAULT_LAYERS = { ale: false, z: true, clusters: true, aOverB: true, bOverA: true, conjunction: false, atlas: false, tfce: true };

export const createViewerSlice: SliceCreator<ViewerSlice> = (set, get) => ({
  layout: 'multiplanar',
  layers: { ...DEFAULT_LAYERS },
  zThreshold: 3.09,
  inference: 'size',
  showFoci: false,
  hiddenFoci: new Set<string>(),
  showTruth: false,
  tourOverlay: null,
  crosshair: [0, 0, 0],
  crosshairRequest: 0,
  clip: null,
  figure: { slices: DEFAULT_FIGURE_SLICES.join(', '), widthMm: 174, dpi: 300 },
  setFigure(choices) {
    set({ figure: { ...get().figure, ...choices } });
  },
  setClip(clip) {
    set({ clip });
  },
  toggleExperimentFoci(id) {
    const hidden = new Set(get().hiddenFoci);
    if (hidden.has(id)) hidden.delete(id);
    else hidden.add(id);
    set({ hiddenFoci: hidden });
  },
  setLayout(layout) {
    set({ layout });
  },
  toggleLayer(layer) {
    set({ layers: { ...get().layers, [layer]: !get().layers[layer] } });
  },
  setLayers(layers) {
    set({ layers: { ...layers } });
  },
  setZThreshold(z) {
    set({ zThreshold: z });
  },
  setInference(inference) {
    set({ inference });
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
    const { run, fweAlpha, inference } = get();
    get().playgroundPointer(mm);
    set({ crosshair: mm, ...(run ? { selectedCluster: significantClusterAt(run, fweAlpha, mm, inference) } : {}) });
  },
  goTo(mm) {
    set({ crosshair: mm, crosshairRequest: get().crosshairRequest + 1 });
  },
});
