/** Browser Web Worker entry of the Monte-Carlo engine (CPU, or WebGPU where the browser has it). */
import { expose } from 'comlink';
import { createPoolWorkerApi } from './poolWorkerApi.ts';

expose(createPoolWorkerApi(() => navigator.gpu));
