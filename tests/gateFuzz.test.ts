/**
 * Property-based fuzzing of the input gate (fast-check): for arbitrary text,
 * bytes and edits of real files, the gate answers (never throws), with
 * bounded messages, and whatever it accepts is analysable:
 * finite coordinates within ±1,000 mm, whole sample sizes ≥ 1, unique ids.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, type ParseResult } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';

const SLEUTH = '// Reference=MNI\n// Smith 2020: sequence > rest\n// Subjects=16\n-38 -22 56\n24 4 2\n\n// Jones 2021: early > late\n// Subjects=20\n-36 -20 54\n';
const TABLE = 'experiment,x,y,z,n,space\nA,1,2,3,10,MNI\nA,4,5,6,10,MNI\nB,-7,8,9,12,TAL\n';
const JSON_TEXT = '{"s": {"contrasts": {"c": {"coords": {"space": "MNI", "x": [1, 2], "y": [3, 4], "z": [5, 6]}, "metadata": {"sample_sizes": [20]}}}}}';

function checkAnswer(r: ParseResult): void {
  const all = r.ok ? r.warnings : [...r.errors, ...r.warnings];
  expect(all.length).toBeLessThanOrEqual(42);
  for (const d of all) expect(formatDiagnostic(d).length).toBeLessThan(600);
  if (!r.ok) return;
  const ids = new Set<string>();
  for (const e of r.dataset.experiments) {
    expect(ids.has(e.id)).toBe(false);
    ids.add(e.id);
    if (e.sampleSize !== null) expect(e.sampleSize >= 1 && Number.isFinite(e.sampleSize)).toBe(true);
    for (const f of e.foci) for (const v of [f.x, f.y, f.z]) expect(Number.isFinite(v) && Math.abs(v) <= 1000).toBe(true);
  }
}

/** A real file with random edits: characters replaced, inserted or deleted at random places. */
const edited = (base: string) =>
  fc.array(fc.tuple(fc.nat(base.length), fc.constantFrom('insert', 'delete', 'replace'), fc.string({ maxLength: 8 })), { maxLength: 12 }).map((edits) => {
    let text = base;
    for (const [at, kind, s] of edits) {
      const i = Math.min(at, text.length);
      text = kind === 'insert' ? text.slice(0, i) + s + text.slice(i) : kind === 'delete' ? text.slice(0, i) + text.slice(i + 3) : text.slice(0, i) + s + text.slice(i + s.length);
    }
    return text;
  });

describe('the input gate under fuzzing', () => {
  // Exactly this many cases each (fast-check runs them all unless one fails); their speed is benched.
  const options = { numRuns: 300 };

  it('answers any text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 2000 }), (text) => checkAnswer(parseCoordinates(text, 'fuzz.txt'))), options);
  });

  it('answers any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => checkAnswer(parseCoordinates(bytes, 'fuzz.bin'))), options);
  });

  it.each([
    ['Sleuth', SLEUTH],
    ['a table', TABLE],
    ['NiMARE JSON', JSON_TEXT],
  ])('answers edits of %s', (_, base) => {
    const outcome = fc.check(
      fc.property(edited(base), (text) => checkAnswer(parseCoordinates(text, 'edited'))),
      options,
    );
    expect(outcome.failed ? fc.defaultReportMessage(outcome) : outcome.numRuns).toBe(300);
  });
});
