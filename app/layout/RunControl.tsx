/** The run in the header: what it is doing, how far, about how long is left, and Run / Cancel. */
import { changedSettings } from '../state/derived.ts';
import { useStore } from '../store.ts';

const STAGE_TEXT = { observed: 'ALE and its analytic null…', 'monte-carlo': 'Monte Carlo', correcting: 'correcting clusters…' } as const;

export function RunControl() {
  const hasData = useStore((s) => s.dataset !== null);
  const status = useStore((s) => s.status);
  const stage = useStore((s) => s.stage);
  const progress = useStore((s) => s.progress);
  const error = useStore((s) => s.error);
  const final = useStore((s) => s.run?.final ?? false);
  const iterations = useStore((s) => s.run?.summary.monte_carlo.iterations_run ?? 0);
  const engine = useStore((s) => s.run?.summary.monte_carlo.engine ?? null);
  const waiting = useStore((s) => s.dataset !== null && s.run === null && s.status === 'idle');
  // A string, not a fresh array: the store compares selections by identity.
  const changed = useStore((s) => (s.status === 'done' && s.runContext ? changedSettings(s.runContext.parameters, s.parameters, s.runContext.overridden).join(', ') : ''));
  const { start, cancel } = useStore.getState();
  const elapsed = (performance.now() - progress.startedAt) / 1000;
  const eta = progress.done > 0 ? (elapsed / progress.done) * (progress.total - progress.done) : null;
  return (
    <div className="run-control" aria-label="Run" role="group">
      {status === 'running' && stage && (
        <span data-testid="run-status" className="run-status">
          {STAGE_TEXT[stage]}
          {stage === 'monte-carlo' && (
            <>
              {' '}
              <progress data-testid="progress" max={progress.total || 1} value={progress.done} aria-label="Monte-Carlo iterations" /> {progress.done.toLocaleString('en')}/{progress.total.toLocaleString('en')}
              {eta !== null && ` · ~${Math.ceil(eta)} s left`}
            </>
          )}
        </span>
      )}
      {status === 'done' && final && (
        <span className="run-status done" data-testid="run-done">
          ✓ done{iterations > 0 ? ` · ${iterations.toLocaleString('en')} iterations` : ' · no Monte Carlo'}
          {iterations > 0 && engine && (
            <span data-testid="run-engine" title={engine}>
              {' '}
              on the {engine.startsWith('WebGPU') ? 'GPU' : 'CPU'}
            </span>
          )}
        </span>
      )}
      {status === 'cancelled' && <span data-testid="run-status" className="run-status">Run cancelled.</span>}
      {waiting && (
        <span className="run-status" data-testid="run-hint">
          Loaded: press Run ALE for the maps and clusters.
        </span>
      )}
      {changed !== '' && (
        <span className="badge warn" data-testid="stale" title={`Changed since this run: ${changed}`}>
          results from earlier settings ({changed}): Run ALE to update
        </span>
      )}
      {error && (
        <span role="alert" className="run-status error" title={error}>
          {error}
        </span>
      )}
      <button type="button" className="primary" onClick={() => void start()} disabled={!hasData}>
        {status === 'running' ? 'Restart ALE' : 'Run ALE'}
      </button>
      {status === 'running' && (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      )}
    </div>
  );
}
