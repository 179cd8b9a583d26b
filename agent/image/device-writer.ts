// Sequential writes to a block device (or file) in large blocks, double-buffered so the next
// block fills from the network while the previous one is written, then fsync. Also the wipe
// that keeps a half-written disk from ever booting.
import fs from 'node:fs/promises';
import { ImageTooLargeError } from './errors.js';

export const BLOCK = 8 * 2 ** 20;
const MiB = 2 ** 20;
/** Bytes queued for dd before the download waits for it. */
const QUEUE_LIMIT = 32 * MiB;

export class DeviceWriter {
  private buffers = [Buffer.allocUnsafeSlow(BLOCK), Buffer.allocUnsafeSlow(BLOCK)];
  private fill = 0;
  private pending: Promise<unknown> = Promise.resolve();
  private position = 0;
  /** Bytes handed to write(), whether or not they have reached the device yet. */
  accepted = 0;

  private constructor(
    private readonly fh: fs.FileHandle,
    readonly device: string,
    private readonly capacity: number,
  ) {}

  static async open(device: string, capacity: number): Promise<DeviceWriter> {
    // r+: never create or truncate — the target is a device (or a test's pre-sized file).
    return new DeviceWriter(await fs.open(device, 'r+'), device, capacity);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.accepted + chunk.length > this.capacity) {
      throw new ImageTooLargeError(`image is larger than ${this.device}, which holds ${this.capacity} bytes: more than ${this.accepted + chunk.length} bytes arrived`);
    }
    this.accepted += chunk.length;
    let offset = 0;
    while (offset < chunk.length) {
      const n = chunk.copy(this.buffers[0]!, this.fill, offset);
      this.fill += n;
      offset += n;
      if (this.fill === BLOCK) await this.flushBlock();
    }
  }

  private async flushBlock(): Promise<void> {
    await this.pending;
    const buf = this.buffers[0]!;
    const length = this.fill;
    const at = this.position;
    this.pending = writeFully(this.fh, buf, length, at);
    this.position += length;
    this.fill = 0;
    this.buffers.reverse();
  }

  /** Writes what is buffered and fsyncs: after this, the bytes are on the device. */
  async finish(): Promise<number> {
    if (this.fill > 0) await this.flushBlock();
    await this.pending;
    await this.fh.sync();
    return this.position;
  }

  /** Closes without flushing, after a failure (waits for a write in flight). */
  async close(): Promise<void> {
    await this.pending.catch(() => undefined);
    await this.fh.close().catch(() => undefined);
  }
}

async function writeFully(fh: fs.FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await fh.write(buf, done, length - done, position + done);
    done += bytesWritten;
  }
}

/** Zeroes [offset, offset+length) and fsyncs. */
export async function zeroRange(device: string, offset: number, length: number): Promise<void> {
  const fh = await fs.open(device, 'r+');
  try {
    const zeros = Buffer.alloc(Math.min(length, BLOCK));
    for (let done = 0; done < length; ) {
      const n = Math.min(zeros.length, length - done);
      await writeFully(fh, zeros, n, offset + done);
      done += n;
    }
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Zeroes the first and last MiB: the MBR/GPT header and the GPT backup, and the signatures of a
 * file system or RAID member at either end. The disk then has no partition table to boot from.
 */
export async function wipeEnds(device: string, size: number): Promise<void> {
  const head = Math.min(MiB, size);
  await zeroRange(device, 0, head);
  if (size > head) {
    const tail = Math.min(MiB, size - head);
    await zeroRange(device, size - tail, tail);
  }
}

/**
 * Writes through `dd oflag=direct` (coreutils, in the ramdisk): O_DIRECT needs page-aligned
 * buffers, which JavaScript cannot ask for, and the page cache would otherwise hold a copy of
 * the whole image (twice over a loop device) before fsync. Same interface as DeviceWriter.
 */
export class DirectWriter {
  accepted = 0;
  private readonly exited: Promise<void>;

  private constructor(private readonly child: import('node:child_process').ChildProcess, readonly device: string, private readonly capacity: number) {
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    this.exited = new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`dd to ${device} failed (${signal ?? `exit ${code}`}): ${stderr.trim()}`))));
    });
    this.exited.catch(() => undefined);
  }

  static async open(device: string, capacity: number): Promise<DirectWriter> {
    const { spawn } = await import('node:child_process');
    const child = spawn('dd', [`of=${device}`, 'bs=4M', 'iflag=fullblock', 'oflag=direct', 'conv=fsync,notrunc', 'status=none'], { stdio: ['pipe', 'ignore', 'pipe'] });
    return new DirectWriter(child, device, capacity);
  }

  async write(chunk: Buffer): Promise<void> {
    if (this.accepted + chunk.length > this.capacity) {
      throw new ImageTooLargeError(`image is larger than ${this.device}, which holds ${this.capacity} bytes: more than ${this.accepted + chunk.length} bytes arrived`);
    }
    this.accepted += chunk.length;
    const stdin = this.child.stdin!;
    stdin.write(chunk);
    // Keep reading the network while dd writes: wait only when a bounded amount is queued, not
    // each time the 64 KiB pipe fills (which stalled the download behind every disk write).
    if (stdin.writableLength > QUEUE_LIMIT) {
      await Promise.race([new Promise<void>((r) => stdin.once('drain', () => r())), this.exited]);
    }
  }

  /** Ends dd's input and waits for it: conv=fsync has flushed the device when it exits. */
  async finish(): Promise<number> {
    this.child.stdin!.end();
    await this.exited;
    return this.accepted;
  }

  async close(): Promise<void> {
    if (this.child.exitCode === null) this.child.kill('SIGKILL');
    await this.exited.catch(() => undefined);
  }
}
