// Starts the ring's two workers. The agent ships as one executable with no file beside it, so
// its bundle carries each worker's compiled source (agent/build/build-agent.ts defines
// TYR_RING_WORKER_SOURCES) and runs it with `eval`; from the sources (tsx, in tests) the
// workers start from their own modules.
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { HashWorkerData, WriteWorkerData } from './ring-protocol.js';

export type RingWorkerName = 'hash' | 'write';

/** The worker modules, relative to this file; build-agent.ts bundles the same entries. */
export const RING_WORKER_MODULES: Record<RingWorkerName, string> = {
  hash: './ring-hash-worker.ts',
  write: './ring-write-worker.ts',
};

declare const TYR_RING_WORKER_SOURCES: Record<RingWorkerName, string> | undefined;

function start(name: RingWorkerName, workerData: HashWorkerData | WriteWorkerData): Worker {
  if (typeof TYR_RING_WORKER_SOURCES !== 'undefined') return new Worker(TYR_RING_WORKER_SOURCES[name], { eval: true, workerData });
  return fromModule(name, workerData);
}

/**
 * Runs the worker's TypeScript module under tsx. Node 20 does not apply the parent's `--import
 * tsx` hooks in worker threads, so the worker loads tsx's require hook itself, then the module.
 */
function fromModule(name: RingWorkerName, workerData: HashWorkerData | WriteWorkerData): Worker {
  const tsxHook = createRequire(import.meta.url).resolve('tsx/cjs');
  const module = fileURLToPath(new URL(RING_WORKER_MODULES[name], import.meta.url));
  const bootstrap = `require(${JSON.stringify(tsxHook)}); require(${JSON.stringify(module)});`;
  return new Worker(bootstrap, { eval: true, workerData });
}

export const startHashWorker = (data: HashWorkerData): Worker => start('hash', data);
export const startWriteWorker = (data: WriteWorkerData): Worker => start('write', data);
