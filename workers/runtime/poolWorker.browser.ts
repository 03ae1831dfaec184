/** Browser Web Worker entry of the Monte-Carlo engine. */
import { expose } from 'comlink';
import { createPoolWorkerApi } from './poolWorkerApi.ts';

expose(createPoolWorkerApi());
