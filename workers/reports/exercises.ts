/**
 * The playground's exercises, shipped as data (public/demo/exercises.json),
 * and the checks the app evaluates on the shown run.
 */
import * as v from 'valibot';

const Check = v.variant('kind', [
  v.object({ kind: v.literal('clusters'), atLeast: v.pipe(v.number(), v.integer(), v.minValue(1)) }),
  v.object({ kind: v.literal('dominance') }),
  v.object({ kind: v.literal('significant-at'), mni: v.tuple([v.number(), v.number(), v.number()]), alpha: v.pipe(v.number(), v.gtValue(0), v.ltValue(1)) }),
]);

const ExerciseFile = v.object({
  exercises: v.array(v.object({ id: v.string(), title: v.string(), task: v.string(), check: Check })),
});

export type Exercise = v.InferOutput<typeof ExerciseFile>['exercises'][number];

/** The exercises file, or an error naming what is wrong with it. */
export function readExercises(json: unknown): Exercise[] {
  const parsed = v.safeParse(ExerciseFile, json);
  if (!parsed.success) {
    const issue = parsed.issues[0];
    throw new Error(`exercises.json: ${issue.path?.map((p) => String(p.key)).join('.') ?? ''} ${issue.message}`.trim());
  }
  return parsed.output.exercises;
}

/** What a check reads of the shown run. */
export interface ExerciseRun {
  /** Every cluster above the cluster-forming threshold, with its cluster-size FWE p (null without a Monte Carlo). */
  clusters: { id: number; pFweSize: number | null }[];
  /** Whether any significant cluster carries the contribution warning. */
  dominated: boolean;
  /** The cluster id at an MNI point (0 outside every cluster). */
  clusterAt(mni: readonly number[]): number;
}

export function checkExercise(exercise: Exercise, run: ExerciseRun | null): { passed: boolean; message: string } {
  if (!run) return { passed: false, message: 'not yet: place some foci first' };
  const { check } = exercise;
  if (check.kind === 'clusters') {
    const n = run.clusters.length;
    return n >= check.atLeast ? { passed: true, message: `done: ${n} ${n === 1 ? 'cluster passes' : 'clusters pass'} the threshold` } : { passed: false, message: `not yet: ${n} of ${check.atLeast} clusters` };
  }
  if (check.kind === 'dominance') return run.dominated ? { passed: true, message: 'done: a cluster carries the contribution warning' } : { passed: false, message: 'not yet: no cluster is driven by one or two experiments' };
  const id = run.clusterAt(check.mni);
  const cluster = run.clusters.find((c) => c.id === id);
  if (!cluster) return { passed: false, message: `not yet: no cluster at MNI (${check.mni.join(', ')})` };
  if (cluster.pFweSize === null) return { passed: false, message: `not yet: cluster ${id} is there; run the Monte Carlo for its FWE p` };
  return cluster.pFweSize < check.alpha ? { passed: true, message: `done: cluster ${id} has FWE p = ${cluster.pFweSize} < ${check.alpha}` } : { passed: false, message: `not yet: cluster ${id} has FWE p = ${cluster.pFweSize}, not below ${check.alpha}` };
}
