// Worker threads do not inherit tsx's loader, so the thread registers it before loading the TypeScript entry.
import { register } from 'tsx/esm/api';

register();
await import('../workers/runtime/poolWorker.node.ts');
