/**
 * Which engine runs the command line's Monte Carlo (`--engine`), decided before
 * any work starts. `cpu` runs the worker threads. `gpu` runs WebGPU through
 * Dawn on any adapter, software ones included, or refuses with the reason.
 * `auto` uses a hardware adapter and otherwise runs the CPU workers, saying
 * why. Dawn is asked in a child process (gpuProbe.mjs) so that its drivers'
 * messages, or a crash, stay out of the run.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { adapterName, isSoftwareAdapter } from '../workers/gpu/index.ts';
import type { EngineChoice, EngineRunOptions } from '../workers/runtime/index.ts';
import { InputError } from './io.ts';
import { createNodeGpuWorker } from './nodeWorkers.ts';

const PROBE = fileURLToPath(new URL('./gpuProbe.mjs', import.meta.url));
const PROBE_TIMEOUT_MS = 60_000;
/** GPU workers: each draws foci and labels clusters on its own core while the device computes. */
const MAX_GPU_WORKERS = 8;

export interface NodeEngine extends Pick<EngineRunOptions, 'engine' | 'createGpuWorker' | 'gpuWorkers'> {
  /** Why auto runs on the CPU, for stderr. */
  note?: string;
}

export type Probe = { adapter: GPUAdapterInfo | null; said: string } | { reason: string };

export async function chooseNodeEngine(choice: EngineChoice, workers: number): Promise<NodeEngine> {
  if (choice === 'cpu') return { engine: 'cpu' };
  const probe = await probeDawn();
  const refuse = (reason: string): NodeEngine => {
    if (choice === 'gpu') throw new InputError(`--engine gpu: the GPU engine cannot run: ${reason}; use --engine auto or cpu`);
    return { engine: 'cpu', note: `Monte Carlo on the CPU workers: ${reason}` };
  };
  if ('reason' in probe) return refuse(probe.reason);
  if (!probe.adapter) return refuse(`WebGPU (Dawn) found no adapter (no GPU with a Vulkan driver)${probe.said && choice === 'gpu' ? `; Dawn said: ${probe.said}` : ''}`);
  if (choice === 'auto' && isSoftwareAdapter(probe.adapter)) {
    return refuse(`the only WebGPU adapter is ${adapterName(probe.adapter)}, a software one (correct, but slower than the CPU workers; --engine gpu uses it)`);
  }
  return { engine: choice, createGpuWorker: createNodeGpuWorker, gpuWorkers: Math.min(MAX_GPU_WORKERS, workers) };
}

function probeDawn(): Promise<Probe> {
  return new Promise((resolve) => {
    execFile(process.execPath, [PROBE], { timeout: PROBE_TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, stdout, stderr) => resolve(readProbe(error, stdout, stderr)));
  });
}

/** What the probe's exit, output and messages say: the adapter it found (or none), or why it could not ask. */
export function readProbe(error: { killed?: boolean; code?: number | string | null; signal?: string | null } | null, stdout: string, stderr: string): Probe {
  const answer = stdout.split('\n').find((line) => line.startsWith('{'));
  // The runtime-directory complaint says nothing of GPUs.
  const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line && !/XDG_RUNTIME_DIR/.test(line));
  // Why a driver was passed over, for --engine gpu's refusal.
  if (!error && answer) return { ...(JSON.parse(answer) as { adapter: GPUAdapterInfo | null }), said: lines.join(' ').slice(0, 400) };
  if (/Cannot find package 'webgpu'/.test(stderr)) return { reason: 'the optional package webgpu (Dawn) is not installed (npm install webgpu)' };
  const how = error?.killed ? `did not answer within ${PROBE_TIMEOUT_MS / 1000} s` : `failed (${error ? `exit ${error.code ?? error.signal}` : 'no answer'})`;
  // A thrown error's own line ("Error: Cannot find module …"), not the stack or Node's version after it.
  const detail = (lines.find((line) => /^[A-Za-z]*Error\b.*:/.test(line)) ?? lines.at(-1) ?? '').slice(0, 300);
  return { reason: `asking Dawn for a WebGPU adapter ${how}${detail ? `: ${detail}` : ''}` };
}

let chosen: { choice: EngineChoice; engine: Promise<NodeEngine> } | null = null;

/**
 * The engine of this command, probed once however many Monte Carlos it runs
 * (a contrast's two groups, Fail-Safe N's steps), with auto's reason for the
 * CPU said once on stderr.
 */
export function commandEngine(command: { parameters: { engine?: EngineChoice; iterations: number }; workers: number; quiet: boolean }): Promise<NodeEngine> {
  const choice = command.parameters.engine ?? 'auto';
  if (command.parameters.iterations === 0) return Promise.resolve({ engine: 'cpu' });
  if (chosen?.choice !== choice) {
    const engine = chooseNodeEngine(choice, command.workers);
    void engine.then((e) => e.note && !command.quiet && process.stderr.write(`${e.note}\n`), () => {});
    chosen = { choice, engine };
  }
  return chosen.engine;
}

/** Analyses whose Monte Carlo has no GPU path yet refuse --engine gpu rather than ignore it. */
export function refuseGpuEngine(command: { parameters: { engine?: EngineChoice } }, what: string): void {
  if (command.parameters.engine === 'gpu') throw new InputError(`--engine gpu: ${what} runs its Monte Carlo on the CPU workers only; use --engine auto or cpu`);
}
