/**
 * The analyses a share link reruns after its main run: the contrast (a second
 * group or a split), the probabilistic ALE and the clustering of experiments,
 * each as it was last finished. Each is rerun with the same seed, so the
 * opened link shows the same results.
 */
import { splitDataset, writeDataset } from '../../workers/input/index.ts';
import type { ShareState } from '../share/shareLink.ts';
import type { GetState, SetState } from './runtime.ts';
import type { AppState } from './types.ts';

export type FollowUps = NonNullable<ShareState['followUps']>;
type GroupB = NonNullable<FollowUps['contrast']>['groupB'];

/** The finished follow-up analyses of the state, or undefined when there are none. */
export function followUpsOf(s: AppState): FollowUps | undefined {
  const followUps: FollowUps = {};
  // A job's result is set only when it finishes: a failed, cancelled or running job has none.
  const contrast = s.contrast.result;
  const groupB = contrast ? groupBOf(s) : null;
  if (contrast && groupB) followUps.contrast = { groupB, minVolumeMm3: contrast.minVolumeMm3, ...(contrast.kind === 'balanced' ? { balancedN: contrast.subsetSize } : {}) };
  const probabilistic = s.probabilistic.result;
  if (probabilistic) followUps.probabilistic = { subsetSize: probabilistic.subsetSize };
  const clustering = s.clustering.result;
  if (clustering) followUps.clustering = { ...clustering.settings };
  return Object.keys(followUps).length > 0 ? followUps : undefined;
}

function groupBOf(s: AppState): GroupB | null {
  const rule = s.contrastSplit;
  if (rule && 'pattern' in rule) {
    const split = s.runContext && splitDataset(s.runContext.dataset, rule);
    return split?.ok ? { kind: 'split', rule: { ids: split.a.experiments.map((e) => e.id), names: split.names } } : null;
  }
  if (rule) return { kind: 'split', rule };
  return s.contrastB ? { kind: 'text', name: s.contrastB.source, text: writeDataset(s.contrastB, 'tsv').text } : null;
}

/**
 * Reruns the link's follow-ups one after another on the run that has just finished; stops as soon as
 * another run or new data replaces it. The view's layers are the link's, not those a contrast turns on.
 */
export async function rerunFollowUps(get: GetState, set: SetState, followUps: FollowUps, layers: AppState['layers']): Promise<void> {
  const run = get().run;
  const current = () => get().status === 'done' && get().run === run;
  const { contrast, probabilistic, clustering } = followUps;
  if (contrast && current()) {
    const { groupB, balancedN, minVolumeMm3 } = contrast;
    if (groupB.kind === 'text') await get().setContrastB(groupB.text, groupB.name);
    else get().setContrastSplit(groupB.rule);
    // A group B that fails the input gate leaves the contrast failed with its reasons; the job then does nothing.
    if (current()) {
      await get().runContrastJob(balancedN === undefined ? undefined : { subsetSize: balancedN }, minVolumeMm3);
      if (current()) set({ layers: { ...layers } });
    }
  }
  if (probabilistic && current()) await get().runProbabilisticJob(probabilistic.subsetSize);
  if (clustering && current()) await get().runClusteringJob(clustering);
}
