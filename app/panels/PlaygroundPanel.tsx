/**
 * The playground: build a small meta-analysis by hand and watch ALE respond.
 * Clicks in the viewer add foci to the current experiment (or move the
 * selected one); every change reruns the maps, threshold and uncorrected
 * clusters; one button runs the Monte Carlo.
 */
import { checkExercise } from '../../workers/reports/index.ts';
import { exerciseRunOf, playgroundNumbers } from '../state/derived.ts';
import { useStore } from '../store.ts';
import { NumberField, numberIn } from './NumberField.tsx';

const SUBJECTS = numberIn(1, 10_000, true);
const MODES = [
  { id: 'add', label: 'click adds a focus' },
  { id: 'move', label: 'click moves the selected focus' },
  { id: 'look', label: 'click only looks' },
] as const;

export function PlaygroundPanel() {
  const playground = useStore((s) => s.playground);
  const run = useStore((s) => s.run);
  const crosshair = useStore((s) => s.crosshair);
  const iterations = useStore((s) => s.parameters.iterations);
  const status = useStore((s) => s.status);
  const s = useStore.getState();
  if (!playground.active) {
    return (
      <section aria-label="Playground" className="playground">
        <p>Put foci on an empty brain and watch the ALE map, its threshold and the clusters follow each change.</p>
        <button type="button" className="primary" onClick={() => s.openPlayground()}>
          Open the playground
        </button>
      </section>
    );
  }
  const { fwhm, aleAtCrosshair, threshold, thresholdNote } = playgroundNumbers({ playground, run, crosshair });
  const experiment = playground.experiments[playground.current];
  return (
    <section aria-label="Playground" className="playground" data-testid="playground">
      <div className="segmented" role="group" aria-label="What a click in the viewer does">
        {MODES.map((m) => (
          <button key={m.id} type="button" aria-pressed={playground.mode === m.id} onClick={() => s.setPlaygroundMode(m.id)}>
            {m.label}
          </button>
        ))}
      </div>
      <table className="compact">
        <thead>
          <tr>
            <th>Experiment</th>
            <th>N (subjects)</th>
            <th>Foci</th>
          </tr>
        </thead>
        <tbody>
          {playground.experiments.map((e, i) => (
            <tr key={e.name} className={i === playground.current ? 'selected' : ''}>
              <td>
                <label>
                  <input type="radio" name="playground-experiment" checked={i === playground.current} onChange={() => s.selectPlaygroundExperiment(i)} /> {e.name}
                </label>
              </td>
              <td>
                <NumberField aria-label={`N of ${e.name}`} min={1} step={1} value={e.n} parse={SUBJECTS} onValue={(n) => s.setPlaygroundN(i, n)} />
              </td>
              <td>{e.foci.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => s.addPlaygroundExperiment(20)}>
        add an experiment
      </button>
      {experiment && experiment.foci.length > 0 && (
        <ul className="playground-foci" aria-label={`Foci of ${experiment.name}`}>
          {experiment.foci.map((f, k) => (
            <li key={k}>
              <button type="button" aria-pressed={playground.selectedFocus === k} onClick={() => s.selectPlaygroundFocus(k)}>
                ({f.join(', ')})
              </button>{' '}
              <button type="button" onClick={() => s.deletePlaygroundFocus(k)} aria-label={`delete focus ${k + 1}`}>
                delete
              </button>
            </li>
          ))}
        </ul>
      )}
      <dl className="playground-numbers" data-testid="playground-numbers">
        <dt>Kernel of {experiment?.name}</dt>
        <dd>N = {experiment?.n}: FWHM {fwhm?.toFixed(1)} mm (fewer subjects, wider kernel)</dd>
        <dt>ALE at the crosshair</dt>
        <dd>{aleAtCrosshair === null ? '—' : aleAtCrosshair.toFixed(5)}</dd>
        <dt>Cluster-forming threshold (p &lt; 0.001)</dt>
        <dd>
          {threshold === null ? '—' : `ALE > ${threshold.toFixed(5)}`}. {thresholdNote}
        </dd>
      </dl>
      <Exercises />
      <button type="button" className="primary" disabled={status === 'running' || !run} onClick={() => void s.analysePlayground(true)}>
        Run the Monte Carlo ({iterations.toLocaleString('en')} iterations)
      </button>
    </section>
  );
}

/** The shipped exercises: choose one, read its task, and see its check on the shown run. */
function Exercises() {
  const { exercises, exercise, exercisesError } = useStore((s) => s.playground);
  const run = useStore((s) => s.run);
  if (exercisesError) return <p role="alert" className="error">{exercisesError}</p>;
  if (!exercises) return null;
  const chosen = exercises.find((e) => e.id === exercise) ?? null;
  const result = chosen ? checkExercise(chosen, exerciseRunOf(run)) : null;
  return (
    <div className="exercises">
      <label>
        Exercise{' '}
        <select aria-label="Exercise" value={exercise ?? ''} onChange={(e) => useStore.getState().chooseExercise(e.target.value || null)}>
          <option value="">none</option>
          {exercises.map((e) => (
            <option key={e.id} value={e.id}>
              {e.title}
            </option>
          ))}
        </select>
      </label>
      {chosen && result && (
        <>
          <p>{chosen.task}</p>
          <p data-testid="exercise-check" className={result.passed ? 'done' : 'muted'}>
            {result.passed ? '✓ ' : ''}
            {result.message}
          </p>
        </>
      )}
    </div>
  );
}
