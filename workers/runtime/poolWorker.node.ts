/** Node worker-thread entry of the Monte-Carlo engine (command line, tests, benchmarks). */
import { parentPort } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createPoolWorkerApi } from './poolWorkerApi.ts';

if (!parentPort) throw new Error('poolWorker.node.ts must run as a worker thread');
expose(createPoolWorkerApi(), nodeEndpoint(parentPort));
