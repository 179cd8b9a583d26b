// The ring's writing worker: writes each slot to the device at its position, with O_DIRECT
// where the target allows it, and fsyncs on "end". It first finds the ring offset O_DIRECT
// accepts (JavaScript cannot ask for aligned memory) and tells RingWriter where slots start.
import fs from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { ALIGN_SLACK, type RingMessage, type SlotMessage, type WriteReply, type WriteWorkerData } from './ring-protocol.js';

const BLOCK = 4096;
const data = workerData as WriteWorkerData;
const port = parentPort!;
const ring = new Uint8Array(data.ring);

const reply = (m: WriteReply): void => port.postMessage(m);
const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

function openBuffered(): number {
  return fs.openSync(data.device, 'r+');
}

/** The device opened with O_DIRECT when asked and accepted; EINVAL means the target refuses it. */
function openDevice(): { fd: number; direct: boolean } {
  if (!data.direct) return { fd: fs.openSync(data.device, fs.constants.O_RDWR), direct: false };
  try {
    return { fd: fs.openSync(data.device, fs.constants.O_RDWR | fs.constants.O_DIRECT), direct: true };
  } catch (err) {
    if (codeOf(err) !== 'EINVAL') throw err;
    return { fd: openBuffered(), direct: false };
  }
}

/** The first ring offset whose address the kernel accepts for O_DIRECT (a 4 KiB read tests it); -1 if none. */
function alignedBase(fd: number): number {
  for (let at = 0; at < ALIGN_SLACK; at += 16) {
    try {
      fs.readSync(fd, ring, at, BLOCK, 0);
      return at;
    } catch (err) {
      if (codeOf(err) !== 'EINVAL') throw err;
    }
  }
  return -1;
}

let { fd, direct } = openDevice();
let base = 0;
if (direct) {
  base = alignedBase(fd);
  if (base < 0) {
    fs.closeSync(fd);
    fd = openBuffered();
    direct = false;
    base = 0;
  }
}
// A last block of odd length cannot go through O_DIRECT; it goes through the page cache.
let buffered: number | undefined;

function writeAll(target: number, m: SlotMessage): void {
  for (let done = 0; done < m.length;) done += fs.writeSync(target, ring, m.at + done, m.length - done, m.position + done);
}

function writeSlot(m: SlotMessage): void {
  if (direct && m.length % BLOCK !== 0) {
    buffered ??= openBuffered();
    writeAll(buffered, m);
    return;
  }
  try {
    writeAll(fd, m);
  } catch (err) {
    // The probe can pass where writes do not (a read at end of file checks nothing): go through
    // the page cache from here on.
    if (!direct || codeOf(err) !== 'EINVAL') throw err;
    direct = false;
    fs.closeSync(fd);
    fd = openBuffered();
    writeAll(fd, m);
  }
}

function finish(): void {
  fs.fsyncSync(fd);
  if (buffered !== undefined) {
    fs.fsyncSync(buffered);
    fs.closeSync(buffered);
  }
  fs.closeSync(fd);
}

reply({ ready: true, base, direct });
port.on('message', (m: RingMessage) => {
  try {
    if ('end' in m) {
      finish();
      return reply({ closed: true });
    }
    writeSlot(m);
    reply({ slot: m.slot });
  } catch (err) {
    const code = codeOf(err);
    reply({ error: code ? `${code}: ${(err as Error).message}` : String(err) });
  }
});
