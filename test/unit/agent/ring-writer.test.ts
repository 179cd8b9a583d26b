// The raw write path's sink (agent/image/ring-writer.ts): bytes through the shared ring, hashed
// and written by two worker threads, into real files on the test machine's disk: with O_DIRECT,
// and through the page cache (what a target that refuses O_DIRECT gets; this kernel's file
// systems all accept it, so the test asks for that mode).
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { ImageTooLargeError } from '../../../agent/image/errors.js';
import { RingWriter, SLOT } from '../../../agent/image/ring-writer.js';

const MiB = 2 ** 20;

/** Feeds `data` in irregular chunks (as a socket would), so slots fill across chunk edges. */
async function writeAll(writer: RingWriter, data: Buffer): Promise<void> {
  for (let at = 0, i = 0; at < data.length; i++) {
    const n = Math.min(data.length - at, [65536, 1, 4095, 1_000_003, 300_000][i % 5]!);
    await writer.write(data.subarray(at, at + n));
    at += n;
  }
}

for (const direct of [true, false]) {
  describe(`agent ring writer, ${direct ? 'O_DIRECT' : 'page cache + fsync'}`, function () {
    this.timeout(60_000);
    let target: string;
    beforeEach(() => {
      target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ring-')), 'disk.img');
      fs.writeFileSync(target, Buffer.alloc(0));
      fs.truncateSync(target, 64 * MiB);
    });
    afterEach(() => fs.rmSync(path.dirname(target), { recursive: true, force: true }));

    it('writes every byte in place and hashes them, with a last block of odd length', async () => {
      const data = randomBytes(5 * SLOT + 12_345);
      const writer = await RingWriter.open(target, 64 * MiB, 'sha256', { direct });
      try {
        expect(writer.direct).to.equal(direct);
        await writeAll(writer, data);
        expect(writer.accepted).to.equal(data.length);
        const result = await writer.finish();
        expect(result).to.deep.equal({ bytes: data.length, digest: createHash('sha256').update(data).digest('hex') });
      } finally {
        await writer.close();
      }
      const onDisk = fs.readFileSync(target);
      expect(onDisk.subarray(0, data.length).equals(data)).to.equal(true);
      expect(
        onDisk.subarray(data.length).every((b) => b === 0),
        'nothing written past the image',
      ).to.equal(true);
    });

    it('uses the hash algorithm asked for', async () => {
      const data = randomBytes(SLOT + 1);
      const writer = await RingWriter.open(target, 64 * MiB, 'sha512', { direct });
      await writeAll(writer, data);
      const { digest } = await writer.finish();
      await writer.close();
      expect(digest).to.equal(createHash('sha512').update(data).digest('hex'));
    });
  });
}

describe('agent ring writer failures', function () {
  this.timeout(60_000);

  it('refuses bytes past the device capacity before copying them', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-ring-'));
    const target = path.join(dir, 'small.img');
    fs.writeFileSync(target, Buffer.alloc(MiB));
    const writer = await RingWriter.open(target, MiB, 'sha256');
    try {
      await writer.write(Buffer.alloc(MiB));
      const err = await writer.write(Buffer.alloc(1)).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(ImageTooLargeError);
      expect((err as Error).message)
        .to.contain(target)
        .and.contain(`holds ${MiB} bytes`);
    } finally {
      await writer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a device it cannot open fails the open with the system error', async () => {
    const err = await RingWriter.open('/nonexistent-dir/disk', MiB, 'sha256').catch((e: unknown) => e);
    expect(err).to.be.instanceOf(Error);
    expect((err as Error).message)
      .to.contain('ENOENT')
      .and.contain('/nonexistent-dir/disk');
  });
});
