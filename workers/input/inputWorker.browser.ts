/** Browser Web Worker entry of the input gate: untrusted text is parsed off the page's main thread. */
import { expose } from 'comlink';
import { parseCoordinates } from './parseCoordinates.ts';

expose({ parseCoordinates });
