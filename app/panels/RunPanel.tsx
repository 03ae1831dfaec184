/** Run, progress with an estimate of the time left, and Cancel. */
import { useStore } from '../store.ts';

const STAGE_TEXT = { observed: 'Computing ALE and its analytic null…', 'monte-carlo': 'Monte-Carlo null', correcting: 'Correcting and labelling clusters…' } as const;

export function RunPanel() {
  const hasData = useStore((s) => s.dataset !== null);
  const status = useStore((s) => s.status);
  const stage = useStore((s) => s.stage);
  const progress = useStore((s) => s.progress);
  const error = useStore((s) => s.error);
  const { start, cancel } = useStore.getState();
  const elapsed = (performance.now() - progress.startedAt) / 1000;
  const eta = progress.done > 0 ? (elapsed / progress.done) * (progress.total - progress.done) : null;
  return (
    <section aria-label="Run">
      <h2>3. Run</h2>
      <button type="button" onClick={() => void start()} disabled={!hasData}>
        {status === 'running' ? 'Restart ALE' : 'Run ALE'}
      </button>{' '}
      {status === 'running' && (
        <button type="button" onClick={cancel}>
          Cancel
        </button>
      )}
      {status === 'running' && stage && (
        <p data-testid="run-status">
          {STAGE_TEXT[stage]}
          {stage === 'monte-carlo' && (
            <>
              {' '}
              <progress data-testid="progress" max={progress.total || 1} value={progress.done} /> {progress.done}/{progress.total} iterations
              {eta !== null && `, about ${Math.ceil(eta)} s left`}
            </>
          )}
        </p>
      )}
      {status === 'cancelled' && <p data-testid="run-status">Run cancelled.</p>}
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
    </section>
  );
}
