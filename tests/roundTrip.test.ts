/**
 * Converting any supported input to any format and analysing it gives the
 * same ALE and p maps, bit for bit: same experiments, ids (hence order), foci,
 * spaces and sample sizes. Where a format cannot hold something, the writer
 * converts exactly as the analysis would and says so.
 */
import { describe, expect, it } from 'vitest';
import { analyseObserved, prepareInput, type Geometry } from '../workers/core/index.ts';
import { DATASET_FORMATS, writeDataset, type Dataset } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { hasReference, loadDataset, painGeometry } from './support/reference.ts';

const TABLE = [
  'experiment\tx\ty\tz\tn\tspace\tgroup',
  'constructor\t-38\t-22\t56\t12\tMNI\tearly',
  'constructor\t24\t4\t2\t12\tTAL\tearly',
  '__proto__\t-36.5\t-20.25\t54\t20\tTAL\tlate',
  '=HYPERLINK("x")\t10\t-4\t62\t15\tMNI\tlate',
  'Smith 2020 a > b\t-26\t0\t0\t18\tMNI\tearly',
  'Jones 2021\t22\t10\t6\t9\tMNI\tlate',
].join('\n');

function maps(dataset: Dataset, geometry: Geometry) {
  const prepared = prepareInput(dataset, geometry, { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' });
  if (!prepared.ok) throw new Error(prepared.errors.map((e) => e.message).join('; '));
  const observed = analyseObserved(prepared.input.experiments, geometry, { clusterFormingP: 0.001, connectivity: 6 });
  return { ids: prepared.input.experiments.map((e) => e.id), ale: Buffer.from(observed.ale.buffer), p: Buffer.from(observed.maps.p.buffer) };
}

function parsed(text: string, name: string): Dataset {
  const r = parseCoordinates(text, name);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.dataset;
}

describe.skipIf(!hasReference)('round trips through every format', () => {
  const inputs: [string, () => Dataset][] = [
    ['NIMADS finger tapping', () => loadDataset('datasets/nimare_repo/nimads_studyset_finger_tapping.json')],
    ['NIMADS familial vulnerability (MNI and Talairach)', () => loadDataset('datasets/nimare_repo/nimads_studyset_familial_vulnerability.json')],
    ['NiMARE JSON pain', () => loadDataset('datasets/pain_nidm21/pain_nidm21_nimare.json')],
    ['Sleuth inhibition', () => loadDataset('datasets/inhibition_jale_example/inhibition_high_MNI.sleuth.txt')],
    ['a table with repeated names, mixed spaces, odd names and a group column', () => parsed(TABLE, 'table.tsv')],
  ];

  it.each(inputs)('%s', (_, load) => {
    const geometry = painGeometry();
    const dataset = load();
    const original = maps(dataset, geometry);
    for (const format of DATASET_FORMATS) {
      const written = writeDataset(dataset, format);
      const again = maps(parsed(written.text, `again.${format}`), geometry);
      expect(again.ids, format).toEqual(original.ids);
      expect(again.ale.equals(original.ale), `${format}: ALE`).toBe(true);
      expect(again.p.equals(original.p), `${format}: p`).toBe(true);
    }
  });

  it('says what a format could not hold', () => {
    const dataset = parsed(TABLE, 'table.tsv');
    expect(writeDataset(dataset, 'sleuth').notes.join(' ')).toContain('Talairach foci were converted to MNI with icbm_other');
    expect(writeDataset(dataset, 'nimare-json').notes.join(' ')).toContain('in 1 experiment(s) with MNI and Talairach foci');
    expect(writeDataset(dataset, 'tsv').text).toContain('\tgroup');
    expect(() => writeDataset(parsed('experiment,x,y,z\nA,1,2,3\n', 'n.csv'), 'sleuth')).toThrow('experiment "A" has no sample size');
    // NiMARE's naming splits a Sleuth header at ";" before ":", so this id cannot be written as one; the other formats keep it.
    const hostile = parsed('experiment\tx\ty\tz\tn\n"Smith 2020; a: b"\t1\t2\t3\t10\n', 'h.tsv');
    expect(() => writeDataset(hostile, 'sleuth')).toThrow('a name a Sleuth header cannot keep');
    for (const format of ['nimare-json', 'nimads', 'tsv'] as const) expect(parsed(writeDataset(hostile, format).text, 'again').experiments[0].id).toBe('Smith 2020; a: b');
  });
});
