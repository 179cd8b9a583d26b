// A hash computed on a worker thread. The raw write path is CPU-bound on the agent's main thread
// (HTTP parsing plus the pipe to dd); hashing there too made it the bottleneck. Chunks are copied
// into large batches whose memory is transferred (not copied again) to the worker.
import { Worker } from 'node:worker_threads';

const BATCH = 4 * 2 ** 20;
/** Batches handed over but not yet hashed before update() makes the caller wait. */
const MAX_IN_FLIGHT = 8;

// Inline source: the agent ships as a single executable, with no worker file beside it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash(workerData.algo);
parentPort.on('message', (m) => {
  if (m === 'digest') return parentPort.postMessage({ digest: hash.digest('hex') });
  hash.update(new Uint8Array(m.buffer, 0, m.length));
  parentPort.postMessage({ hashed: true });
});
`;

export class BackgroundHash {
  private readonly worker: Worker;
  private batch = new Uint8Array(BATCH);
  private fill = 0;
  private inFlight = 0;
  private wakeWriter: (() => void) | undefined;
  private result: { resolve: (digest: string) => void; reject: (err: Error) => void } | undefined;
  private failure: Error | undefined;

  constructor(algo: string) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { algo } });
    this.worker.on('message', (m: { hashed?: true; digest?: string }) => {
      if (m.digest !== undefined) return this.result?.resolve(m.digest);
      this.inFlight--;
      this.wake();
    });
    this.worker.on('error', (err) => this.fail(err));
    this.worker.on('exit', (code) => this.fail(new Error(`the hash worker exited (code ${code})`)));
  }

  /** Adds bytes; waits only when the worker has fallen MAX_IN_FLIGHT batches behind. */
  async update(chunk: Uint8Array): Promise<void> {
    for (let offset = 0; offset < chunk.length; ) {
      const n = Math.min(chunk.length - offset, BATCH - this.fill);
      this.batch.set(chunk.subarray(offset, offset + n), this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === BATCH) this.handOver();
    }
    while (this.inFlight >= MAX_IN_FLIGHT && !this.failure) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
    if (this.failure) throw this.failure;
  }

  /** The hex digest of everything added; the worker stops afterwards. */
  async digest(): Promise<string> {
    if (this.fill > 0) this.handOver();
    if (this.failure) throw this.failure;
    const digest = new Promise<string>((resolve, reject) => (this.result = { resolve, reject }));
    this.worker.postMessage('digest');
    try {
      return await digest;
    } finally {
      await this.close();
    }
  }

  /** Stops the worker (after a failed write, the digest is never asked for). */
  async close(): Promise<void> {
    this.worker.removeAllListeners('exit');
    await this.worker.terminate();
  }

  private handOver(): void {
    const buffer = this.batch.buffer;
    this.worker.postMessage({ buffer, length: this.fill }, [buffer]);
    this.inFlight++;
    this.batch = new Uint8Array(BATCH);
    this.fill = 0;
  }

  private wake(): void {
    const wake = this.wakeWriter;
    this.wakeWriter = undefined;
    wake?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.result?.reject(err);
    this.wake();
  }
}
