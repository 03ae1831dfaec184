/** The software and its version, as reports, summaries and share links name it. */
import { version } from '../../package.json';

export const SOFTWARE_VERSION: string = version;
export const SOFTWARE = `ale-meta ${version}`;
