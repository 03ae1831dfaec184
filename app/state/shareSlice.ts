/**
 * Share links: the finished run's data, parameters and seed, the analyses
 * finished after it and the current view, in the URL hash; opening one reruns
 * the analysis and those analyses, and restores the view.
 */
import { writeDataset } from '../../workers/input/index.ts';
import { chooseData, decodeShareHash, encodeShareHash, type ShareState } from '../share/shareLink.ts';
import { SOFTWARE_VERSION } from '../../workers/reports/index.ts';
import type { SliceCreator } from './runtime.ts';
import { followUpsOf, rerunFollowUps } from './shareFollowUps.ts';
import type { ShareSlice } from './types.ts';

export const createShareSlice: SliceCreator<ShareSlice> = (set, get, runtime) => ({
  linkError: null,
  async restoreShare(hash) {
    let state: ShareState;
    try {
      state = decodeShareHash(hash);
    } catch (err) {
      set({ linkError: `This share link cannot be opened: ${(err as Error).message}. Load data below to start afresh.` });
      return;
    }
    const { data } = state;
    if (data.kind === 'demo') await get().loadDemo(data.name, { run: false });
    const loaded = data.kind === 'demo' ? get().demo?.kind === data.name : data.kind === 'url' ? await get().loadFromUrl(data.url) : await get().loadCoordinates(data.text, data.name);
    if (!loaded) {
      set({ linkError: 'This share link holds a dataset that does not pass the input check; see the messages below.' });
      return;
    }
    set({ parameters: { ...state.parameters }, fweAlpha: state.alpha, linkError: null });
    runtime.pendingView = state.view;
    await get().start();
    if (state.followUps) await rerunFollowUps(get, set, state.followUps, state.view.layers);
  },
  shareUrl() {
    const s = get();
    const context = s.runContext;
    const dataset = context?.dataset ?? s.dataset;
    if (!dataset) return '';
    // A table keeps everything the analysis reads (ids, order, foci and their spaces, sample sizes).
    const data = (): ShareState['data'] => (s.demo ? { kind: 'demo', name: s.demo.kind } : chooseData(writeDataset(dataset, 'tsv').text, dataset.source, s.datasetUrl));
    const state: ShareState = {
      data: data(),
      version: SOFTWARE_VERSION,
      parameters: context?.parameters ?? s.parameters,
      alpha: context?.alpha ?? s.fweAlpha,
      view: { layout: s.layout, crosshair: s.crosshair, zThreshold: s.zThreshold, layers: s.layers, showFoci: s.showFoci, inference: s.inference, figure: s.figure },
      followUps: followUpsOf(s),
    };
    return `${runtime.services.pageAddress()}${encodeShareHash(state)}`;
  },
});
