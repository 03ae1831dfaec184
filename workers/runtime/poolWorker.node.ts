/** Node worker-thread entry of the Monte-Carlo engine (command line, tests, benchmarks): the CPU, or WebGPU through Dawn when workerData asks for it. */
import { parentPort, workerData } from 'node:worker_threads';
import { expose } from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { loadNodeWebGpu } from './nodeWebGpu.ts';
import { createPoolWorkerApi } from './poolWorkerApi.ts';

if (!parentPort) throw new Error('poolWorker.node.ts must run as a worker thread');
const webGpu = (workerData as { webGpu?: boolean } | undefined)?.webGpu ? await loadNodeWebGpu().catch((error: Error) => error) : undefined;
expose(
  createPoolWorkerApi(
    webGpu &&
      (() => {
        if (webGpu instanceof Error) throw webGpu;
        return webGpu;
      }),
  ),
  nodeEndpoint(parentPort),
);
