/**
 * The playground: a student builds a dataset by hand (experiments, their N,
 * foci placed by clicking in the viewer or moved by dragging) and sees the
 * maps, the threshold and the uncorrected clusters follow each change. Each
 * change reruns the analysis without a Monte Carlo (a newer run supersedes
 * an older one); one click runs the Monte Carlo on the current set.
 */
import type { Dataset, Experiment } from '../../workers/input/index.ts';
import { readExercises } from '../../workers/reports/index.ts';
import type { SliceCreator } from './runtime.ts';
import type { Mm, PlaygroundExperiment, PlaygroundSlice } from './types.ts';

/** Changes closer together than this (a drag) are analysed once, at the end. */
const SETTLE_MS = 120;

/** The playground's experiments as a dataset for the input gate's consumers; experiments without foci are left out. */
export function playgroundDataset(experiments: readonly PlaygroundExperiment[]): Dataset {
  const used: Experiment[] = experiments
    .filter((e) => e.foci.length > 0)
    .map((e) => ({ id: e.name, study: e.name, contrast: 'playground', sampleSize: e.n, foci: e.foci.map(([x, y, z]) => ({ x, y, z, space: 'MNI' as const })), where: e.name }));
  return { source: 'playground', format: 'table', experiments: used };
}

const round = (mm: Mm): Mm => [Math.round(mm[0]), Math.round(mm[1]), Math.round(mm[2])];

export const createPlaygroundSlice: SliceCreator<PlaygroundSlice> = (set, get, runtime) => {
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Applies a change to the experiments and schedules the analysis of the new set. */
  const change = (experiments: PlaygroundExperiment[], extra: Partial<PlaygroundSlice['playground']> = {}) => {
    const before = get().run?.summary.cluster_forming_threshold ?? null;
    set({ playground: { ...get().playground, ...extra, experiments, previousThreshold: before, version: get().playground.version + 1 } });
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void get().analysePlayground();
    }, SETTLE_MS);
  };
  const current = () => get().playground.experiments[get().playground.current];
  return {
    playground: { active: false, experiments: [], current: 0, selectedFocus: null, mode: 'add', pressing: false, addedThisPress: false, previousThreshold: null, version: 0, analysed: 0, exercises: null, exercise: null, exercisesError: null },
    openPlayground() {
      const { exercises, exercise } = get().playground;
      set({ playground: { active: true, experiments: [{ name: 'Experiment 1', n: 20, foci: [] }], current: 0, selectedFocus: null, mode: 'add', pressing: false, addedThisPress: false, previousThreshold: null, version: 0, analysed: 0, exercises, exercise, exercisesError: null }, resultsTab: 'playground' });
      if (!exercises) void get().loadExercises();
    },
    async loadExercises() {
      try {
        const exercises = readExercises(JSON.parse(await runtime.services.demoText('exercises.json')));
        set({ playground: { ...get().playground, exercises, exercisesError: null } });
      } catch (err) {
        set({ playground: { ...get().playground, exercisesError: `the exercises could not be loaded: ${(err as Error).message}` } });
      }
    },
    chooseExercise(id) {
      set({ playground: { ...get().playground, exercise: id } });
    },
    addPlaygroundExperiment(n) {
      const experiments = [...get().playground.experiments, { name: `Experiment ${get().playground.experiments.length + 1}`, n, foci: [] }];
      set({ playground: { ...get().playground, experiments, current: experiments.length - 1, selectedFocus: null } });
    },
    selectPlaygroundExperiment(index) {
      if (index >= 0 && index < get().playground.experiments.length) set({ playground: { ...get().playground, current: index, selectedFocus: null } });
    },
    setPlaygroundN(index, n) {
      if (!(Number.isInteger(n) && n >= 1 && n <= 10_000)) return;
      change(get().playground.experiments.map((e, i) => (i === index ? { ...e, n } : e)));
    },
    setPlaygroundMode(mode) {
      set({ playground: { ...get().playground, mode } });
    },
    addPlaygroundFocus(mm) {
      const e = current();
      if (!e) return;
      const { experiments, current: at } = get().playground;
      change(experiments.map((x, i) => (i === at ? { ...x, foci: [...x.foci, round(mm)] } : x)), { selectedFocus: e.foci.length });
    },
    movePlaygroundFocus(index, mm) {
      const { experiments, current: at } = get().playground;
      if (!experiments[at]?.foci[index]) return;
      change(experiments.map((x, i) => (i === at ? { ...x, foci: x.foci.map((f, k) => (k === index ? round(mm) : f)) } : x)), { selectedFocus: index });
    },
    deletePlaygroundFocus(index) {
      const { experiments, current: at } = get().playground;
      change(experiments.map((x, i) => (i === at ? { ...x, foci: x.foci.filter((_, k) => k !== index) } : x)), { selectedFocus: null });
    },
    selectPlaygroundFocus(index) {
      set({ playground: { ...get().playground, selectedFocus: index } });
    },
    playgroundPointer(mm) {
      const { active, mode, selectedFocus, pressing, addedThisPress } = get().playground;
      // Clicks edit the playground's set only while its tab is shown: elsewhere they only look.
      if (!active || get().resultsTab !== 'playground') return;
      // One press adds one focus: moving before the release drags that focus instead of adding more.
      const dragsNew = mode === 'add' && pressing && addedThisPress;
      if (mode === 'add' && !dragsNew) {
        get().addPlaygroundFocus(mm);
        set({ playground: { ...get().playground, addedThisPress: pressing } });
      } else if ((mode === 'move' || dragsNew) && selectedFocus !== null) get().movePlaygroundFocus(selectedFocus, mm);
    },
    playgroundPress(down) {
      set({ playground: { ...get().playground, pressing: down, addedThisPress: false } });
    },
    async analysePlayground(monteCarlo = false) {
      const { experiments, version } = get().playground;
      const dataset = playgroundDataset(experiments);
      if (dataset.experiments.length === 0) return;
      set({ dataset, datasetUrl: null, demo: null });
      await get().start(monteCarlo ? {} : { iterations: 0 });
      // A newer change may have started its own run meanwhile; this one is shown only if it finished.
      if (get().status === 'done' && get().playground.version === version) set({ playground: { ...get().playground, analysed: version } });
    },
  };
};
