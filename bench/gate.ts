/**
 * How fast the input gate answers hostile input: the speed expectations the
 * unit tests no longer time (they only check that an answer comes). Each line
 * gives the median of five runs and the time it is expected to stay under.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { MNI_2MM_AFFINE } from '../workers/core/grid.ts';
import { readMask } from '../workers/input/index.ts';
import { parseCoordinates } from '../workers/input/parseCoordinates.ts';
import { writeNifti } from '../workers/reports/niftiWriter.ts';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function time(run: () => unknown): number {
  const times = Array.from({ length: 5 }, () => {
    const started = performance.now();
    run();
    return performance.now() - started;
  });
  return median(times);
}

function maskBomb(): Uint8Array {
  const header = writeNifti([2, 2, 2], MNI_2MM_AFFINE, new Float32Array(8));
  const view = new DataView(header.buffer);
  for (const at of [42, 44, 46]) view.setInt16(at, 1000, true);
  return gzipSync(Uint8Array.from([...header, ...new Uint8Array(8_000_000)]));
}

const SLEUTH = '// Reference=MNI\n// Smith 2020: sequence > rest\n// Subjects=16\n-38 -22 56\n24 4 2\n\n// Jones 2021: early > late\n// Subjects=20\n-36 -20 54\n';

export function benchGate(): void {
  const tabs = `${'\t'.repeat(300_000)}\nx`;
  const longNumber = `// Reference=MNI\n// Smith 2020: a > b\n// Subjects=10\n1 2 ${'9'.repeat(6_000_000)}\n`;
  const many = `// Reference=MNI\n${Array.from({ length: 30_000 }, (_, n) => `// E${n}: c\n// Subjects=10\n1 2 3`).join('\n\n')}\n`;
  const repeated = `// Reference=MNI\n${Array.from({ length: 30_000 }, () => '// E: c\n// Subjects=10\n1 2 3').join('\n\n')}\n`;
  const bomb = maskBomb();
  const edits = fc.sample(fc.array(fc.tuple(fc.nat(SLEUTH.length), fc.string({ maxLength: 8 })), { maxLength: 12 }), { numRuns: 300, seed: 1 });
  const edited = edits.map((list) => list.reduce((text, [at, s]) => text.slice(0, at) + s + text.slice(at), SLEUTH));
  let slowestEdit = 0;
  for (const text of edited) slowestEdit = Math.max(slowestEdit, time(() => parseCoordinates(text, 'edited')));
  const rows: [string, number, number][] = [
    ['first line of 300,000 tabs', time(() => parseCoordinates(tabs, 'tabs.txt')), 2000],
    ['a 6 MB number', time(() => parseCoordinates(longNumber, 'long.txt')), 2000],
    ['30,000 experiments', time(() => parseCoordinates(many, 'many.txt')), 5000],
    ['30,000 experiments of one name', time(() => parseCoordinates(repeated, 'repeated.txt')), 5000],
    ['a 1.4 MB .nii.gz declaring 1000³ voxels', time(() => readMask(bomb, 'bomb.nii.gz')), 1000],
    ['slowest of 300 random edits of a Sleuth file', slowestEdit, 1000],
  ];
  console.log('Input gate on hostile input (median of 5):');
  for (const [what, ms, limit] of rows) console.log(`  ${what}: ${ms.toFixed(1)} ms (expected under ${limit} ms${ms > limit ? ': OVER' : ''})`);
}
