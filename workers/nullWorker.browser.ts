/** Browser Web Worker entry of the Monte-Carlo engine. */
import { expose } from 'comlink';
import { createNullWorkerApi } from './nullWorkerApi.ts';

expose(createNullWorkerApi());
