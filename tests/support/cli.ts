/**
 * The command line in a real process, as `npm run ale` starts it but without
 * npx in front: Node with tsx's loader. npx adds about a second of start-up to
 * each of the tests' ~45 runs and nothing they check.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;

export interface CliOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `cli/ale.ts` with args; a non-zero exit is an outcome, not a throw. */
export async function runCli(args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<CliOutcome> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'cli/ale.ts', ...args], { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: unknown; stdout: string; stderr: string };
    // A process that could not start has a string code (ENOENT); report it rather than pass it for an exit status.
    if (typeof e.code !== 'number') throw err;
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
