/** Browser Web Worker entry of the analysis (observed maps, correction, reports). */
import { expose } from 'comlink';
import { createAnalysisWorkerApi } from './analysisWorkerApi.ts';

expose(createAnalysisWorkerApi());
