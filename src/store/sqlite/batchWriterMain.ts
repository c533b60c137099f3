// The SQLite batch writer's thread (batchWriter.ts): the script its Worker runs. Nothing else loads it.
import { parentPort, workerData } from 'node:worker_threads';
import { runBatchWriter } from './batchWriterThread';
import type { BatchWriterData } from './batchWriter';

if (parentPort) runBatchWriter(parentPort, workerData as BatchWriterData);
