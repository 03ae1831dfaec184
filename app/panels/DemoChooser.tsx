/** The two demos, one click each, with the published one's sources, licence and the caveat on N. */
import { useStore } from '../store.ts';

export function DemoChooser() {
  const demo = useStore((s) => s.demo);
  const { loadDemo } = useStore.getState();
  return (
    <div className="demo-chooser">
      <div className="button-row">
        <button type="button" aria-pressed={demo?.kind === 'published'} onClick={() => void loadDemo('published')}>
          Published studies: motor sequence learning (65 experiments)
        </button>
        <button type="button" aria-pressed={demo?.kind === 'simulated'} onClick={() => void loadDemo('simulated')}>
          Simulated ground truth (24 experiments, with the tour)
        </button>
      </div>
      {demo?.kind === 'published' && (
        <p className="banner demo" data-testid="demo-banner">
          Peak coordinates of 65 published motor-sequence-learning experiments, selected from{' '}
          <a href="https://github.com/neurosynth/neurosynth-data" target="_blank" rel="noreferrer">Neurosynth</a> (ODbL 1.0; Yarkoni et al. 2011) and{' '}
          <a href="https://github.com/neuroquery/neuroquery_data" target="_blank" rel="noreferrer">NeuroQuery</a> (BSD-3; Dockès et al. 2020) by title;{' '}
          <a href="./demo/motor_sequence_learning/LICENSE.md" target="_blank" rel="noreferrer">licence</a>,{' '}
          <a href="./demo/motor_sequence_learning/README.md" target="_blank" rel="noreferrer">how they were chosen</a>.{' '}
          <strong>Sample sizes are unknown: every experiment uses a placeholder N = {demo.placeholderSampleSize}.</strong> A teaching set, not a publishable meta-analysis.
        </p>
      )}
      {demo?.kind === 'simulated' && (
        <p className="banner demo" data-testid="demo-banner">
          <strong>Simulated</strong> data: 24 made-up experiments of early motor sequence learning around a known cortico-basal ganglia-cerebellar network (made by <code>scripts/make-demo.ts</code>). Open the <em>Tour</em> tab to see what ALE recovers.
        </p>
      )}
    </div>
  );
}
