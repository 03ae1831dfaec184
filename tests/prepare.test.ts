import { describe, expect, it } from 'vitest';
import { talToMni } from '../workers/core/coordinates.ts';
import { createGeometry } from '../workers/core/grid.ts';
import { fwhmFromSampleSize } from '../workers/core/kernel.ts';
import { MIN_RECOMMENDED_EXPERIMENTS, prepareInput, type PrepareOptions } from '../workers/core/prepare.ts';
import type { Dataset, Experiment, Focus } from '../workers/input/dataset.ts';

/** A 10×10×10 grid of 2 mm voxels, x = 2i − 10 (so voxel (5, 5, 5) is the origin); voxel (0, 0, 0) is outside the mask. */
const SHAPE = [10, 10, 10] as const;
const AFFINE = Float64Array.from([2, 0, 0, -10, 0, 2, 0, -10, 0, 0, 2, -10, 0, 0, 0, 1]);
const MASK = new Uint8Array(1000).fill(1);
MASK[0] = 0;
const GEOMETRY = createGeometry(SHAPE, AFFINE, MASK);
const KEEP: PrepareOptions = { snap: 'nearest', talTransform: 'other', outsideMask: 'keep' };
const DROP: PrepareOptions = { ...KEEP, outsideMask: 'drop' };

function focus(x: number, y: number, z: number, extra: Partial<Focus> = {}): Focus {
  return { x, y, z, space: 'MNI', ...extra };
}
function experiment(id: string, sampleSize: number | null, foci: Focus[]): Experiment {
  return { id, study: id, contrast: '', sampleSize, foci, where: `line ${id.length}` };
}
function dataset(experiments: Experiment[]): Dataset {
  return { source: 'toy.txt', format: 'sleuth', experiments };
}
/** n experiments with distinct foci inside the mask. */
function many(n: number, sampleSize: number | null = 10): Experiment[] {
  return Array.from({ length: n }, (_, e) => experiment(`e${String(e).padStart(2, '0')}`, sampleSize, [focus(0, 0, 2 * (e % 5) - 4), focus(2 * Math.floor(e / 5) - 4, 2, 0)]));
}
function messages(r: ReturnType<typeof prepareInput>): string[] {
  return (r.ok ? r.input.warnings : r.warnings).map((w) => w.message);
}

describe('preparing a dataset for the engine', () => {
  it('refuses experiments without a sample size, naming at most five', () => {
    const r = prepareInput(dataset([...many(2, null), ...many(20).slice(2)]), GEOMETRY, KEEP);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      {
        severity: 'error',
        source: 'toy.txt',
        message: '2 experiment(s) have no sample size, which sets the kernel width: "e00" (line 3), "e01" (line 3). Add it to the file, or set one sample size for all experiments.',
      },
    ]);
    const six = prepareInput(dataset([...many(6, null), ...many(20).slice(6)]), GEOMETRY, KEEP);
    expect(!six.ok && six.errors[0].message).toBe(
      '6 experiment(s) have no sample size, which sets the kernel width: "e00" (line 3), "e01" (line 3), "e02" (line 3), "e03" (line 3), "e04" (line 3), …. Add it to the file, or set one sample size for all experiments.',
    );
    const five = prepareInput(dataset([...many(5, null), ...many(20).slice(5)]), GEOMETRY, KEEP);
    expect(!five.ok && five.errors[0].message).toContain('"e04" (line 3). Add it');
  });

  it('uses the one sample size given for all experiments, and says so when the file lacked some', () => {
    const r = prepareInput(dataset([...many(1, null), ...many(20).slice(1)]), GEOMETRY, { ...KEEP, sampleSize: 25 });
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.input.warnings).toEqual([{ severity: 'warning', source: 'toy.txt', line: undefined, message: '1 experiment(s) have no sample size; the one given for all experiments is used' }]);
    expect(r.input.experiments.map((e) => [e.sampleSize, e.fwhm])).toEqual(Array.from({ length: 20 }, () => [25, fwhmFromSampleSize(25)]));
    // Subjects are those the file reported: 19 experiments of 10, and none for the one without N.
    expect(r.input.nSubjects).toBe(190);
    const complete = prepareInput(dataset(many(20)), GEOMETRY, { ...KEEP, sampleSize: 25 });
    expect(messages(complete)).toEqual([]);
  });

  it("orders experiments by code point, as NiMARE's sorted ids, with each one's width, foci and voxels", () => {
    const foci = [focus(0, 0, 0), focus(-2, 4, 6)];
    const r = prepareInput(dataset([experiment('b', 12, foci), experiment('B', 30, [focus(8, 8, 8)]), experiment('a', 7, [focus(1, -3, 0)])]), GEOMETRY, KEEP);
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.input.experiments.map((e) => e.id)).toEqual(['B', 'a', 'b']);
    const [B, a, b] = r.input.experiments;
    expect([B.sampleSize, a.sampleSize, b.sampleSize]).toEqual([30, 7, 12]);
    expect([B.fwhm, a.fwhm, b.fwhm]).toEqual([fwhmFromSampleSize(30), fwhmFromSampleSize(7), fwhmFromSampleSize(12)]);
    expect(Array.from(b.mni)).toEqual([0, 0, 0, -2, 4, 6]);
    expect(Array.from(b.ijk)).toEqual([5, 5, 5, 4, 7, 8]);
    // (1, −3, 0) → (5.5, 3.5, 5): halves go to the even voxel.
    expect(Array.from(a.ijk)).toEqual([6, 4, 5]);
    expect([r.input.nFoci, r.input.nSubjects, r.input.nFociOutsideMask]).toEqual([4, 49, 0]);
  });

  it('converts Talairach foci and counts them, and counts foci whose space was assumed', () => {
    const foci = [focus(2, 4, 6, { space: 'TAL' }), focus(0, 0, 0, { spaceAssumed: true }), focus(2, 2, 2, { spaceAssumed: true }), focus(4, 4, 4)];
    const r = prepareInput(dataset([experiment('a', 10, foci), ...many(20)]), GEOMETRY, KEEP);
    if (!r.ok) throw new Error(r.errors[0].message);
    expect([r.input.nFociTalairach, r.input.nFociSpaceAssumed, r.input.nFoci]).toEqual([1, 2, 44]);
    expect(Array.from(r.input.experiments[0].mni.slice(0, 3))).toEqual(talToMni(2, 4, 6, 'other'));
    expect(Array.from(r.input.experiments[0].mni.slice(3))).toEqual([0, 0, 0, 2, 2, 2, 4, 4, 4]);
  });

  it('keeps foci outside the mask by default and lists up to ten of them, by line or by experiment and position', () => {
    // (−10, −10, −10) is the voxel outside the mask; (30, 0, 0) is off the grid; (−11, 0, 0) is off it on the low side.
    const outside = [focus(-10, -10, -10, { line: 7 }), focus(30, 0, 0), focus(0, -11.2, 0, { line: 9 })];
    const r = prepareInput(dataset([experiment('x', 10, [...outside, focus(0, 0, 0)]), ...many(20)]), GEOMETRY, KEEP);
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(messages(r)).toEqual(['3 focus/foci fall outside the mask and were kept (their kernels still reach into the mask, as in NiMARE): line 7, "x" (30.0, 0.0, 0.0), line 9']);
    expect(r.input.nFociOutsideMask).toBe(3);
    expect(r.input.experiments.at(-1)?.ijk.length).toBe(12);
    expect(r.input.nFoci).toBe(44);

    const twelve = Array.from({ length: 12 }, (_, n) => focus(40 + n, 0, 0, { line: n + 1 }));
    const many12 = prepareInput(dataset([experiment('x', 10, [...twelve, focus(0, 0, 0)]), ...many(20)]), GEOMETRY, DROP);
    const listed = Array.from({ length: 10 }, (_, n) => `line ${n + 1}`).join(', ');
    expect(messages(many12)).toEqual([`12 focus/foci fall outside the mask and were dropped: ${listed}, …`]);
    const ten = prepareInput(dataset([experiment('x', 10, [...twelve.slice(0, 10), focus(0, 0, 0)]), ...many(20)]), GEOMETRY, DROP);
    expect(messages(ten)).toEqual([`10 focus/foci fall outside the mask and were dropped: ${listed}`]);
  });

  it('drops foci outside the mask when asked, and leaves out an experiment with none inside', () => {
    const r = prepareInput(dataset([experiment('x', 10, [focus(-10, -10, -10), focus(0, 0, 0)]), experiment('y', 10, [focus(50, 0, 0)]), ...many(20)]), GEOMETRY, DROP);
    if (!r.ok) throw new Error(r.errors[0].message);
    expect(r.input.experiments.map((e) => e.id)).not.toContain('y');
    expect(r.input.experiments.find((e) => e.id === 'x')?.ijk).toEqual(Int32Array.from([5, 5, 5]));
    expect([r.input.experiments.length, r.input.nFoci, r.input.nFociOutsideMask, r.input.nSubjects]).toEqual([21, 41, 2, 210]);
    expect(messages(r)).toEqual(['experiment "y" has no focus inside the mask and was left out', '2 focus/foci fall outside the mask and were dropped: "x" (-10.0, -10.0, -10.0), "y" (50.0, 0.0, 0.0)']);
  });

  it('refuses a dataset with no focus inside the mask', () => {
    const r = prepareInput(dataset([experiment('y', 10, [focus(50, 0, 0, { line: 4 })])]), GEOMETRY, DROP);
    expect(r).toEqual({
      ok: false,
      errors: [{ severity: 'error', source: 'toy.txt', message: 'no experiment has a focus inside the mask' }],
      warnings: [
        { severity: 'warning', source: 'toy.txt', line: undefined, message: 'experiment "y" has no focus inside the mask and was left out' },
        { severity: 'warning', source: 'toy.txt', line: undefined, message: '1 focus/foci fall outside the mask and were dropped: line 4' },
        { severity: 'warning', source: 'toy.txt', line: undefined, message: 'only 0 experiments: ALE needs at least 17–20 to be robust (Eickhoff et al. 2016); results may be driven by one or two experiments' },
      ],
    });
  });

  it('warns below 17 experiments (Eickhoff et al. 2016), not at 17', () => {
    expect(MIN_RECOMMENDED_EXPERIMENTS).toBe(17);
    expect(messages(prepareInput(dataset(many(16)), GEOMETRY, KEEP))).toEqual([
      'only 16 experiments: ALE needs at least 17–20 to be robust (Eickhoff et al. 2016); results may be driven by one or two experiments',
    ]);
    expect(messages(prepareInput(dataset(many(17)), GEOMETRY, KEEP))).toEqual([]);
  });

  it('warns about experiments with identical foci in any order and space, not about the same position in another space', () => {
    const foci = [focus(0, 0, 0), focus(2, 4, 6)];
    const r = prepareInput(
      dataset([experiment('p', 10, foci), experiment('q', 12, [...foci].reverse()), experiment('t', 10, foci.map((f) => ({ ...f, space: 'TAL' as const }))), ...many(20)]),
      GEOMETRY,
      KEEP,
    );
    expect(messages(r)).toEqual(['experiments "p" and "q" report identical foci; if they are the same subjects, pool them into one experiment (Turkeltaub et al. 2012)']);
  });
});
