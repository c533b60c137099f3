// The SRP thread's script: what src/signin/srpWorker.ts starts (new Worker). Nothing else loads it.
import { parentPort } from 'node:worker_threads';
import { serveSrp } from './srpThreadMain';

if (parentPort) serveSrp(parentPort);
