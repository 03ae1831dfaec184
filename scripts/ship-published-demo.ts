/**
 * Copies the published-studies demo (65 motor-sequence-learning experiments
 * from Neurosynth and NeuroQuery) from ../shared/reference into
 * public/demo/motor_sequence_learning/, byte for byte, and records each
 * file's SHA-256 in demo.json so tests can tell the shipped copy from an
 * edited one. LICENSE.md beside them is ours (it is not overwritten).
 * Run with `npm run published-demo`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = new URL('../../shared/reference/datasets/motor_sequence_learning/', import.meta.url).pathname;
const OUT = new URL('../public/demo/motor_sequence_learning/', import.meta.url).pathname;
const FILES = ['motor_sequence_learning_MNI.sleuth.txt', 'studies.tsv', 'README.md'];

if (!existsSync(SOURCE)) throw new Error(`${SOURCE} is missing: the demo is copied from ../shared/reference`);
const sha256: Record<string, string> = {};
for (const file of FILES) {
  copyFileSync(join(SOURCE, file), join(OUT, file));
  sha256[file] = createHash('sha256').update(readFileSync(join(OUT, file))).digest('hex');
}
writeFileSync(
  join(OUT, 'demo.json'),
  `${JSON.stringify(
    {
      title: 'Published studies: motor sequence learning (65 experiments)',
      coordinates: FILES[0],
      studies: FILES[1],
      licence: 'ODbL-1.0 (Neurosynth part), BSD-3-Clause (NeuroQuery part); see LICENSE.md',
      placeholderSampleSize: 20,
      sha256,
    },
    null,
    2,
  )}\n`,
);
console.log(`copied ${FILES.length} files to ${OUT}`);
