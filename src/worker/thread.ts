// The import engine's thread: the script src/worker/engine.ts starts (new Worker). Nothing else loads it.
import { parentPort, workerData } from 'node:worker_threads';
import { runEngineThread } from './engineThread';
import type { EngineData } from './engineMessages';

if (parentPort) runEngineThread(parentPort, workerData as EngineData);
