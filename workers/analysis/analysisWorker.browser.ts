/** Browser Web Worker entry of the analysis (observed maps, correction, reports). */
import { expose } from 'comlink';
import { createAnalysisWorkerApi } from './analysisWorkerApi.ts';
import { createBrowserWorker, defaultWorkerCount } from '../runtime/browserWorkers.ts';

// Fail-Safe N and contrasts run their Monte Carlo on workers nested in this one.
expose(createAnalysisWorkerApi({ createWorker: createBrowserWorker, workers: defaultWorkerCount() }));
