// The agent's qcow2 writer (agent/image/qcow2.ts) in this process, against real qcow2 files
// (qemu-img), a loopback image server and a loop device. qcow2 must be held whole in the
// ramdisk's memory before qemu-img converts it, so the writer checks sizes first: the file
// against the scratch space's free bytes (here a small tmpfs, as the ramdisk's /tmp is) and the
// virtual size against the disk, from the header on. Before these checks a too-large image
// filled the ramdisk's memory (ENOSPC at best), and a too-large virtual size was found only
// after the whole download.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImageFormatError, ImageTooLargeError } from '../../../agent/image/errors.js';
import { scratchRoom, writeQcow2 } from '../../../agent/image/qcow2.js';
import { requireTool } from '../../helpers/tools.js';
import { makeImages, readBytes, sha256, type ImageFixtures } from './image-fixtures.js';
import { startImageServer, type ImageServer } from './image-server.js';
import { LoopDevices } from './loop-devices.js';

const MiB = 2 ** 20;

describe('agent qcow2 writer: size checks before the image fills the ramdisk (real qcow2, tmpfs scratch)', function () {
  this.timeout(120_000);
  let dir: string;
  let scratch: string;
  let device: string;
  let images: ImageFixtures;
  let big: string;
  let huge: string;
  let server: ImageServer;
  const loops = new LoopDevices(os.tmpdir());
  const savedScratch = process.env.TYR_AGENT_SCRATCH_DIR;

  const write = (file: string, url: string) =>
    writeQcow2({
      urls: [url],
      device,
      capacity: 96 * MiB,
      hashAlgo: 'sha256',
      hashValue: sha256(file),
      stream: { retries: 1, retryDelayMs: 10 },
    });
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the write to fail');
      },
      (e: Error) => e,
    );

  before(async () => {
    requireTool('mount');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-qcow2-space-'));
    images = makeImages(dir, 24);
    // 40 MiB of random bytes: its qcow2 is about as large, more than the scratch space holds.
    const bigRaw = path.join(dir, 'big.raw');
    fs.writeFileSync(bigRaw, randomBytes(40 * MiB));
    big = path.join(dir, 'big.qcow2');
    execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', bigRaw, big]);
    // A few hundred KiB on the wire, 10 GiB once written.
    huge = path.join(dir, 'huge.qcow2');
    execFileSync('qemu-img', ['create', '-f', 'qcow2', huge, '10G'], { stdio: 'ignore' });
    scratch = path.join(dir, 'scratch');
    fs.mkdirSync(scratch);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=100m', 'tmpfs', scratch]);
    process.env.TYR_AGENT_SCRATCH_DIR = scratch;
    device = loops.attach(`tyr-qcow2-space-${process.pid}`, 96 * MiB);
    server = await startImageServer({ 'small.qcow2': images.qcow2, 'big.qcow2': big, 'huge.qcow2': huge });
  });

  after(async () => {
    if (savedScratch === undefined) delete process.env.TYR_AGENT_SCRATCH_DIR;
    else process.env.TYR_AGENT_SCRATCH_DIR = savedScratch;
    await server?.close();
    loops.detachAll();
    if (scratch)
      try {
        execFileSync('umount', [scratch]);
      } catch {
        /* not mounted */
      }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a qcow2 that fits the scratch space', async () => {
    const r = await write(images.qcow2, server.url('small.qcow2'));
    expect(r.bytes).to.equal(images.rawBytes);
    expect(readBytes(device, 0, images.rawBytes).equals(fs.readFileSync(images.raw))).to.equal(true);
    expect(fs.readdirSync(scratch), 'scratch removed').to.deep.equal([]);
  });

  it('refuses a qcow2 larger than the free scratch space before downloading it, naming both sizes', async () => {
    const room = scratchRoom(scratch);
    const size = fs.statSync(big).size;
    expect(size).to.be.greaterThan(room);
    const err = await failure(write(big, server.url('big.qcow2')));
    expect(err).to.be.instanceOf(ImageTooLargeError);
    expect(err.message).to.contain(`is ${size} bytes, more than the ${room} bytes free for it in ${scratch}`);
    expect(fs.readdirSync(scratch)).to.deep.equal([]);
  });

  it('stops a download without Content-Length once it outgrows the scratch space', async () => {
    const room = scratchRoom(scratch);
    const err = await failure(write(big, server.url('big.qcow2', 'mode=unsized')));
    expect(err).to.be.instanceOf(ImageTooLargeError);
    expect(err.message).to.match(new RegExp(`is over \\d+ bytes, more than the ${room} bytes free`));
    expect(fs.readdirSync(scratch)).to.deep.equal([]);
    // The partial file was deleted while still open before: its memory stayed in use.
    expect(scratchRoom(scratch), "the partial download's memory is given back").to.equal(room);
  });

  it('refuses a virtual size larger than the disk from the header, before the rest arrives', async () => {
    // The server cuts the body after 4 KiB: only a check on the header can name the sizes.
    const err = await failure(write(huge, server.url('huge.qcow2', 'mode=truncate&at=4096')));
    expect(err).to.be.instanceOf(ImageTooLargeError);
    expect(err.message).to.contain(`is ${10 * 2 ** 30} bytes (qcow2 virtual size), ${device} holds ${96 * MiB}`);
  });

  it('refuses a file that is not qcow2 at its first bytes', async () => {
    const fake = await startImageServer({ 'fake.qcow2': images.raw });
    try {
      const notQcow2 = await failure(write(images.raw, fake.url('fake.qcow2', 'mode=truncate&at=4096')));
      expect(notQcow2).to.be.instanceOf(ImageFormatError);
      expect(notQcow2.message).to.contain('does not start with the qcow2 magic');
    } finally {
      await fake.close();
    }
  });
});
