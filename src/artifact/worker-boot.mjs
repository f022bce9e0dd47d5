// Worker threads do not inherit tsx's loader: when forge runs from its
// TypeScript sources (tests), register it here, then load the real worker.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
