/** Browser Web Worker entry of the input gate: untrusted files (spreadsheets too) are parsed off the page's main thread. */
import { expose } from 'comlink';
import { parseInput, readAnalysisSheet } from './parseInput.ts';

expose({ parseCoordinates: parseInput, readAnalysisSheet });
