/**
 * The long jobs of the store (the run, Fail-Safe N, the contrast, the
 * tour's map): starting one supersedes the previous of its kind, and new data
 * aborts them all, so a stale result never lands on fresh data.
 */
export type JobName = 'load' | 'run' | 'fsn' | 'contrast' | 'clustering' | 'probabilistic' | 'tour';

export interface JobTicket {
  signal: AbortSignal;
  /** False once a newer job of the same kind started or the job was aborted. */
  current(): boolean;
}

export class JobRegistry {
  private readonly controllers = new Map<JobName, AbortController>();

  begin(name: JobName): JobTicket {
    this.abort(name);
    const own = new AbortController();
    this.controllers.set(name, own);
    return { signal: own.signal, current: () => this.controllers.get(name) === own && !own.signal.aborted };
  }

  abort(name: JobName): void {
    this.controllers.get(name)?.abort();
    this.controllers.delete(name);
  }

  abortAll(): void {
    for (const name of [...this.controllers.keys()]) this.abort(name);
  }
}
