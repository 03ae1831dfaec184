/** `convert`: a coordinate file into another format, losslessly or saying what was converted. */
import { writeFileSync } from 'node:fs';
import { writeDataset, WriteError } from '../workers/input/index.ts';
import { InputError, loadDataset } from './io.ts';
import type { Command } from './options.ts';

export async function convertDataset(command: Extract<Command, { kind: 'convert' }>): Promise<void> {
  const dataset = await loadDataset(command.input);
  let written;
  try {
    written = writeDataset(dataset, command.to, command.talTransform);
  } catch (err) {
    if (err instanceof WriteError) throw new InputError(`${command.input}: cannot be written as ${command.to}: ${err.message}`);
    throw err;
  }
  writeFileSync(command.out, written.text);
  for (const note of written.notes) process.stderr.write(`note: ${note}\n`);
  if (!command.quiet) process.stderr.write(`wrote ${dataset.experiments.length} experiments to ${command.out} (${command.to})\n`);
}
