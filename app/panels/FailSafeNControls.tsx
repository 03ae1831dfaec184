/** Fail-Safe N on demand, for one cluster or all significant ones, with progress and cancel. */
import { useStore } from '../store.ts';

export function FailSafeNControls({ clusterIds, selected }: { clusterIds: number[]; selected: number | null }) {
  const fsn = useStore((s) => s.fsn);
  const { runFailSafeN, cancelJob } = useStore.getState();
  return (
    <div className="fsn" data-testid="fsn-controls">
      <strong>Fail-Safe N</strong> (Acar et al. 2018): how many null experiments a cluster survives.{' '}
      {fsn.status === 'running' ? (
        <>
          <span data-testid="fsn-progress">
            {fsn.label}
            {fsn.total > 1 && ` ${fsn.done}/${fsn.total}`}
          </span>{' '}
          <button type="button" onClick={() => cancelJob('fsn')}>Cancel</button>
        </>
      ) : (
        <>
          <button type="button" disabled={selected === null} onClick={() => selected !== null && void runFailSafeN([selected])}>
            for cluster {selected ?? '…'}
          </button>{' '}
          <button type="button" disabled={clusterIds.length === 0} onClick={() => void runFailSafeN(clusterIds)}>
            for all {clusterIds.length}
          </button>
        </>
      )}
      {fsn.status === 'cancelled' && <span> cancelled.</span>}
      {fsn.error && <p role="alert" className="error">{fsn.error}</p>}
      <small> Each step is a full analysis with its Monte Carlo; expect minutes.</small>
    </div>
  );
}
