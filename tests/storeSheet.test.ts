/**
 * JALE's analysis sheet in the app's store: the analyses of the loaded
 * experiment sheet with what each selects, loading one (a contrast's group B
 * goes to the Contrast tab), and the refusals.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { harness, SLEUTH } from './support/storeHarness.ts';
import { hasReference, referencePath } from './support/reference.ts';

const example = (file: string) => new Uint8Array(readFileSync(referencePath(`datasets/inhibition_jale_example/${file}`)));

describe.skipIf(!hasReference)('JALE’s analysis sheet in the store', () => {
  async function loaded() {
    const h = harness();
    await h.store.getState().loadCoordinates(example('experiment_info.xlsx'), 'experiment_info.xlsx');
    await h.store.getState().loadAnalysisSheet(example('analysis_info.xlsx'), 'analysis_info.xlsx');
    return h;
  }

  it('lists the analyses with the experiments each group selects', async () => {
    const { store } = await loaded();
    const sheet = store.getState().analysisSheet;
    expect(sheet?.chosen).toBeNull();
    expect(sheet?.analyses.map((a) => [a.analysis.kind, a.analysis.name, ...a.groups.map((g) => (g.selection.ok ? g.selection.dataset.experiments.length : g.selection.message))])).toEqual([
      ['main', 'ResponseInhibition', 57],
      ['main', 'ResponseInhibition_low', 32],
      ['main', 'ResponseInhibition_no_high', 32],
      ['main', 'lowCondition', 32],
      ['main', 'highCondition', 25],
      ['probabilistic', 'ResponseInhibition_CV', 57],
      ['contrast', 'lowCondition vs highCondition', 32, 25],
      ['balanced', 'lowCondition vs highCondition', 32, 25],
    ]);
    expect(store.getState().dataset?.experiments).toHaveLength(57);
  });

  it('loads a main effect’s experiments, a contrast’s two groups, and the whole sheet again', async () => {
    const { store } = await loaded();
    store.getState().useSheetAnalysis(4);
    expect(store.getState().dataset).toMatchObject({ source: 'experiment_info.xlsx: highCondition' });
    expect(store.getState().dataset?.experiments).toHaveLength(25);
    expect(store.getState().contrastB).toBeNull();
    store.getState().useSheetAnalysis(6);
    expect(store.getState().dataset?.source).toBe('experiment_info.xlsx: lowCondition');
    expect(store.getState().dataset?.experiments).toHaveLength(32);
    expect(store.getState().contrastB?.experiments).toHaveLength(25);
    expect(store.getState().analysisSheet?.chosen).toBe(6);
    // The sheet still selects from all 57 experiments while a subset is loaded.
    store.getState().useSheetAnalysis(null);
    expect(store.getState().dataset?.experiments).toHaveLength(57);
    expect(store.getState().contrastB).toBeNull();
  });

  it('loads a probabilistic row’s experiments (for the JALE tab) and a balanced row’s two groups, but not an unknown index', async () => {
    const { store } = await loaded();
    store.getState().useSheetAnalysis(5);
    expect(store.getState().dataset).toMatchObject({ source: 'experiment_info.xlsx: ResponseInhibition_CV' });
    expect(store.getState().dataset?.experiments).toHaveLength(57);
    store.getState().useSheetAnalysis(7);
    expect(store.getState().dataset?.experiments).toHaveLength(32);
    expect(store.getState().contrastB?.experiments).toHaveLength(25);
    store.getState().useSheetAnalysis(4);
    for (const index of [-1, 99]) {
      store.getState().useSheetAnalysis(index);
      expect(store.getState().analysisSheet?.chosen).toBe(4);
      expect(store.getState().dataset?.experiments).toHaveLength(25);
    }
  });

  it('refuses an analysis sheet without an experiment sheet, and forgets the sheet on new data', async () => {
    const h = harness();
    await h.store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    await h.store.getState().loadAnalysisSheet(example('analysis_info.xlsx'), 'analysis_info.xlsx');
    expect(h.store.getState().analysisSheet).toBeNull();
    expect(h.store.getState().inputDiagnostics[0].message).toContain('load JALE’s experiment sheet (experiment_info) first');
    expect(h.store.getState().dataset?.source).toBe('motor.txt');
    const { store } = await loaded();
    await store.getState().loadCoordinates(SLEUTH, 'motor.txt');
    expect(store.getState().analysisSheet).toBeNull();
  });

  it('keeps the loaded experiments when the analysis sheet is broken, and names its row', async () => {
    const { store } = await loaded();
    await store.getState().loadAnalysisSheet(new TextEncoder().encode('X,name,+tag\n'), 'bad.csv');
    expect(store.getState().dataset?.experiments).toHaveLength(57);
    expect(store.getState().inputDiagnostics[0]).toMatchObject({ severity: 'error', source: 'bad.csv', line: 1 });
    expect(store.getState().inputDiagnostics[0].message).toContain('unknown analysis type "X"');
  });
});
