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
import { Worker } from 'node:worker_threads';
import { ImageTooLargeError } from './errors.js';

export const SLOT = 4 * 2 ** 20;
const SLOTS = 8;
/** Room to move the ring's start to an aligned address. */
const ALIGN_SLACK = 4096;

// Inline sources: the agent ships as a single executable, with no worker file beside it.
const HASH_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hash = require('node:crypto').createHash(workerData.algo);
const ring = new Uint8Array(workerData.ring);
parentPort.on('message', (m) => {
  if (m.end) return parentPort.postMessage({ digest: hash.digest('hex') });
  hash.update(ring.subarray(m.at, m.at + m.length));
  parentPort.postMessage({ slot: m.slot });
});
`;

const WRITE_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs');
const ring = new Uint8Array(workerData.ring);
let direct = workerData.direct;
let fd;
try {
  fd = fs.openSync(workerData.device, direct ? fs.constants.O_RDWR | fs.constants.O_DIRECT : fs.constants.O_RDWR);
} catch (err) {
  if (err.code !== 'EINVAL') throw err;
  direct = false;
  fd = fs.openSync(workerData.device, 'r+');
}
// The first ring offset whose address the kernel accepts for O_DIRECT (a 4 KiB read tests it).
let base = 0;
if (direct) {
  base = -1;
  for (let at = 0; at < ${ALIGN_SLACK}; at += 16) {
    try { fs.readSync(fd, ring, at, 4096, 0); base = at; break; } catch (err) { if (err.code !== 'EINVAL') throw err; }
  }
  if (base < 0) { fs.closeSync(fd); direct = false; base = 0; fd = fs.openSync(workerData.device, 'r+'); }
}
// A last block of odd length cannot go through O_DIRECT; it goes through the page cache.
let buffered;
const writeAll = (target, at, length, position) => {
  for (let done = 0; done < length; ) done += fs.writeSync(target, ring, at + done, length - done, position + done);
};
parentPort.postMessage({ ready: true, base, direct });
parentPort.on('message', (m) => {
  try {
    if (m.end) {
      fs.fsyncSync(fd);
      if (buffered !== undefined) { fs.fsyncSync(buffered); fs.closeSync(buffered); }
      fs.closeSync(fd);
      return parentPort.postMessage({ closed: true });
    }
    if (direct && m.length % 4096 !== 0) {
      buffered ??= fs.openSync(workerData.device, 'r+');
      writeAll(buffered, m.at, m.length, m.position);
    } else {
      try {
        writeAll(fd, m.at, m.length, m.position);
      } catch (err) {
        // The probe can pass where writes do not (a read at end of file checks nothing): go
        // through the page cache from here on.
        if (!direct || err.code !== 'EINVAL') throw err;
        direct = false;
        fs.closeSync(fd);
        fd = fs.openSync(workerData.device, 'r+');
        writeAll(fd, m.at, m.length, m.position);
      }
    }
    parentPort.postMessage({ slot: m.slot });
  } catch (err) {
    parentPort.postMessage({ error: err.code ? err.code + ': ' + err.message : String(err) });
  }
});
`;

interface SlotMessage { slot: number; at: number; length: number; position: number }

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
    hasher.on('message', (m: { slot?: number; digest?: string }) => (m.digest !== undefined ? this.digestResult?.(m.digest) : this.release(m.slot!)));
    writer.on('message', (m: { slot?: number; closed?: true; error?: string }) => {
      if (m.error) this.fail(new Error(`writing ${device} failed: ${m.error}`));
      else if (m.closed) this.closedResult?.();
      else this.release(m.slot!);
    });
    for (const [name, w] of [['hash', hasher], ['write', writer]] as const) {
      w.on('error', (err) => this.fail(err));
      w.on('exit', (code) => this.fail(new Error(`the ${name} worker for ${device} exited (code ${code})`)));
    }
  }

  /** `direct: false` writes through the page cache from the start (what a target refusing O_DIRECT gets). */
  static async open(device: string, capacity: number, hashAlgo: string, opts: { direct?: boolean } = {}): Promise<RingWriter> {
    const ring = new SharedArrayBuffer(SLOT * SLOTS + ALIGN_SLACK);
    const writer = new Worker(WRITE_SOURCE, { eval: true, workerData: { ring, device, direct: opts.direct ?? true } });
    let onReady!: (m: { base: number; direct: boolean }) => void;
    let onError!: (err: Error) => void;
    const ready = await new Promise<{ base: number; direct: boolean }>((resolve, reject) => {
      onReady = resolve;
      onError = reject;
      writer.once('message', onReady).once('error', onError);
    });
    // Only these two: removing every listener would also stop the worker's message delivery.
    writer.off('message', onReady).off('error', onError);
    const hasher = new Worker(HASH_SOURCE, { eval: true, workerData: { ring, algo: hashAlgo } });
    return new RingWriter(device, capacity, ring, hasher, writer, ready.base, ready.direct);
  }

  /** Copies the chunk into the ring; waits only while every slot is still being hashed or written. */
  async write(chunk: Uint8Array): Promise<void> {
    if (this.accepted + chunk.length > this.capacity) {
      throw new ImageTooLargeError(`image is larger than ${this.device}, which holds ${this.capacity} bytes: more than ${this.accepted + chunk.length} bytes arrived`);
    }
    this.accepted += chunk.length;
    for (let offset = 0; offset < chunk.length; ) {
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
