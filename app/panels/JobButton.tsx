/** A long job's button: Run while idle, its progress and Cancel while it runs. */
import type { DiagnosticsJob, JobState } from '../state/types.ts';
import { useStore } from '../store.ts';

interface Props {
  job: JobState<unknown>;
  name: DiagnosticsJob;
  label: string;
  disabled: boolean;
  onRun: () => void;
}

export function JobButton({ job, name, label, disabled, onRun }: Props) {
  if (job.status !== 'running') {
    return (
      <button type="button" disabled={disabled} onClick={onRun}>
        {label}
      </button>
    );
  }
  return (
    <>
      <span data-testid={`${name}-progress`}>
        {job.label} {job.total > 1 && `${job.done}/${job.total}`}
      </span>{' '}
      <button type="button" onClick={() => useStore.getState().cancelJob(name)}>
        Cancel
      </button>
    </>
  );
}
