/**
 * Probabilistic ALE (JALE's P<N> analyses) on the finished run's experiments:
 * how much the result depends on which experiments were included. Subset
 * size, progress and cancel, the numbers, the fraction map in the viewer and
 * its file.
 */
import { useState } from 'react';
import { useStore } from '../store.ts';
import { JobButton } from './JobButton.tsx';
import { NumberField, numberIn } from './NumberField.tsx';
import { save } from './save.ts';

export function ProbabilisticPanel() {
  const job = useStore((s) => s.probabilistic);
  const experiments = useStore((s) => s.run?.summary.n_experiments ?? 0);
  const hasRun = useStore((s) => s.runContext !== null);
  const [subsetSize, setSubsetSize] = useState<number | null>(null);
  const n = subsetSize ?? Math.max(2, Math.floor(experiments / 2));
  const view = job.result;
  return (
    <section aria-label="Probabilistic ALE" className="panel" data-testid="probabilistic">
      <h3>Probabilistic ALE</h3>
      <p>
        How much the result depends on which experiments were included (JALE's P&lt;N&gt; analyses): up to 2,500 subsets of N experiments are each analysed on their own, and each voxel gets the fraction of subsets in which it lies in a cluster larger than the cluster-size FWE cut-off of a Monte Carlo of random N-subsets (the run's iterations and α).
      </p>
      <div className="row">
        <label>
          Subset size N <NumberField min={2} max={Math.max(2, experiments - 1)} value={n} parse={numberIn(2, Math.max(2, experiments - 1), true)} onValue={setSubsetSize} />
        </label>{' '}
        <JobButton job={job} name="probabilistic" label="Run probabilistic ALE" disabled={!hasRun || experiments < 3} onRun={() => void useStore.getState().runProbabilisticJob(n)} />
        {!hasRun && <small> Run the analysis first; this uses its experiments, parameters and α.</small>}
      </div>
      {job.status === 'cancelled' && <p>Probabilistic ALE cancelled.</p>}
      {job.error && (
        <p role="alert" className="error">
          {job.error}
        </p>
      )}
      {view && (
        <>
          <p data-testid="probabilistic-summary">
            {view.subsets.toLocaleString('en')} subsets of {view.subsetSize} of the {view.experiments} experiments{view.possible !== null && view.possible > view.subsets ? ` (of ${view.possible.toLocaleString('en')} possible)` : ''}; clusters had to exceed {view.cutoff} voxels ({view.iterations.toLocaleString('en')} Monte-Carlo iterations); {view.everSignificant.toLocaleString('en')} voxels significant in at least one subset, {view.alwaysSignificant.toLocaleString('en')} in all.
          </p>
          <button type="button" onClick={() => useStore.getState().setTourOverlay({ label: `probabilistic ALE (fraction of ${view.subsets} subsets)`, data: view.fraction, max: 1 })}>
            show the fraction map in the viewer
          </button>{' '}
          {view.files.map((f) => (
            <button key={f.name} type="button" onClick={() => save(f.name, f.bytes, 'application/gzip')}>
              {f.name}
            </button>
          ))}
        </>
      )}
    </section>
  );
}
