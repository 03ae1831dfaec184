/** The software and its version, as reports, summaries and share links name it. */
import packageJson from '../../package.json' with { type: 'json' };

export const SOFTWARE_VERSION: string = packageJson.version;
export const SOFTWARE = `ale-meta ${SOFTWARE_VERSION}`;
