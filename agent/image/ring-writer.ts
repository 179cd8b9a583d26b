// The raw write path's sink: image bytes go into one shared-memory ring of 4 MiB slots, read by
// two worker threads at once, one hashing and one writing the device with O_DIRECT. Each byte is
// copied once (from the socket's chunk into the ring), the main thread only parses HTTP, and the
// hash and the disk write run on other cores. O_DIRECT keeps a 2 GiB image out of the page cache
// (twice over, on a loop device) and makes the final fsync cheap.
//
// O_DIRECT wants the buffer, offset and length aligned to the device's logical block size.
// JavaScript cannot ask for aligned memory, so the writer finds the first offset in the ring at
// which the kernel accepts an O_DIRECT read, and every slot starts there. A target that refuses
// O_DIRECT (tmpfs, some file systems) is written through the page cache and fsynced instead.
// The workers are ring-hash-worker.ts and ring-write-worker.ts (started by ring-workers.ts).
import type { Worker } from 'node:worker_threads';
import { ImageTooLargeError } from './errors.js';
import { ALIGN_SLACK, type HashReply, type SlotMessage, type WriteReady, type WriteReply } from './ring-protocol.js';
import { startHashWorker, startWriteWorker } from './ring-workers.js';

export const SLOT = 4 * 2 ** 20;
const SLOTS = 8;

export class RingWriter {
  /** Bytes handed to write(), whether or not they have reached the device yet. */
  accepted = 0;
  private readonly view: Uint8Array;
  /** Per slot, how many workers still use it (2 after a hand-over, 0 when free). */
  private readonly busy = new Array<number>(SLOTS).fill(0);
  private slot = 0;
  private fill = 0;
  private position = 0;
  private wakeWriter: (() => void) | undefined;
  private failure: Error | undefined;
  private digestResult?: (digest: string) => void;
  private closedResult?: () => void;
  private failureResult?: (err: Error) => void;

  private constructor(
    readonly device: string,
    private readonly capacity: number,
    ring: SharedArrayBuffer,
    private readonly hasher: Worker,
    private readonly writer: Worker,
    private readonly base: number,
    /** Whether the device is written with O_DIRECT (false: through the page cache, then fsync). */
    readonly direct: boolean,
  ) {
    this.view = new Uint8Array(ring);
    hasher.on('message', (m: HashReply) => ('digest' in m ? this.digestResult?.(m.digest) : this.release(m.slot)));
    writer.on('message', (m: WriteReply) => {
      if ('error' in m) this.fail(new Error(`writing ${device} failed: ${m.error}`));
      else if ('closed' in m) this.closedResult?.();
      else if ('slot' in m) this.release(m.slot);
    });
    for (const [name, w] of [
      ['hash', hasher],
      ['write', writer],
    ] as const) {
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => this.fail(new Error(`the ${name} worker for ${device} exited (code ${code})`)));
    }
  }

  /** `direct: false` writes through the page cache from the start (what a target refusing O_DIRECT gets). */
  static async open(device: string, capacity: number, hashAlgo: string, opts: { direct?: boolean } = {}): Promise<RingWriter> {
    const ring = new SharedArrayBuffer(SLOT * SLOTS + ALIGN_SLACK);
    const writer = startWriteWorker({ ring, device, direct: opts.direct ?? true });
    let onReady!: (m: WriteReady) => void;
    let onError!: (err: Error) => void;
    const ready = await new Promise<WriteReady>((resolve, reject) => {
      onReady = resolve;
      onError = reject;
      writer.once('message', onReady).once('error', onError);
    });
    // Only these two: removing every listener would also stop the worker's message delivery.
    writer.off('message', onReady).off('error', onError);
    const hasher = startHashWorker({ ring, algo: hashAlgo });
    return new RingWriter(device, capacity, ring, hasher, writer, ready.base, ready.direct);
  }

  /** Copies the chunk into the ring; waits only while every slot is still being hashed or written. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.accepted + chunk.length > this.capacity) {
      throw new ImageTooLargeError(
        `image is larger than ${this.device}, which holds ${this.capacity} bytes: more than ${this.accepted + chunk.length} bytes arrived`,
      );
    }
    this.accepted += chunk.length;
    for (let offset = 0; offset < chunk.length;) {
      while (this.busy[this.slot]! > 0 && !this.failure) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
      if (this.failure) throw this.failure;
      const n = Math.min(chunk.length - offset, SLOT - this.fill);
      this.view.set(chunk.subarray(offset, offset + n), this.base + this.slot * SLOT + this.fill);
      this.fill += n;
      offset += n;
      if (this.fill === SLOT) this.handOver();
    }
  }

  /** Writes what is left, fsyncs the device and returns the byte count and the hex digest. */
  async finish(): Promise<{ bytes: number; digest: string }> {
    if (this.fill > 0) {
      while (this.busy[this.slot]! > 0 && !this.failure) await new Promise<void>((resolve) => (this.wakeWriter = resolve));
      this.handOver();
    }
    if (this.failure) throw this.failure;
    const failed = new Promise<never>((_, reject) => (this.failureResult = reject));
    const digest = new Promise<string>((resolve) => (this.digestResult = resolve));
    const closed = new Promise<void>((resolve) => (this.closedResult = resolve));
    // Messages to a worker are handled in order, so "end" comes after the last slot.
    this.hasher.postMessage({ end: true });
    this.writer.postMessage({ end: true });
    const [hex] = await Promise.race([Promise.all([digest, closed]), failed]);
    return { bytes: this.position, digest: hex };
  }

  /** Stops both workers; safe after a failure and after finish(). */
  async close(): Promise<void> {
    for (const w of [this.hasher, this.writer]) {
      w.removeAllListeners('exit');
      await w.terminate();
    }
  }

  private handOver(): void {
    const message: SlotMessage = { slot: this.slot, at: this.base + this.slot * SLOT, length: this.fill, position: this.position };
    this.busy[this.slot] = 2;
    this.hasher.postMessage(message);
    this.writer.postMessage(message);
    this.position += this.fill;
    this.slot = (this.slot + 1) % SLOTS;
    this.fill = 0;
  }

  private release(slot: number): void {
    if (--this.busy[slot]! === 0) this.wake();
  }

  private wake(): void {
    const wake = this.wakeWriter;
    this.wakeWriter = undefined;
    wake?.();
  }

  private fail(err: Error): void {
    this.failure ??= err;
    this.failureResult?.(this.failure);
    this.wake();
  }
}
