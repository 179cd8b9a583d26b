// The lab's instance image (test/bench/lab/test-image.ts) is what the deploy e2e tests write to
// a machine's disk; here it is checked on its own: its partition table, its qcow2 twin, and that
// QEMU (TCG) boots each of them from disk to the instance marker and powers off.
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureTestImage, INSTANCE_MARKER, mbrPartitionEntries, sha256File, type TestImage } from '../../bench/lab/test-image.js';
import { requireTool } from '../../bench/lab/tools.js';
import { MINUTE } from '../../helpers/until.js';

const execFileP = promisify(execFile);

/** Boots a disk image (read-only: -snapshot) until the guest powers off; returns the console. */
async function bootDisk(file: string, format: 'raw' | 'qcow2', consoleLog: string): Promise<string> {
  await execFileP(
    'qemu-system-x86_64',
    [
      '-accel',
      'tcg',
      '-m',
      '256',
      '-display',
      'none',
      '-vga',
      'none',
      '-no-reboot',
      '-snapshot',
      '-serial',
      `file:${consoleLog}`,
      '-drive',
      `file=${file},format=${format},if=virtio`,
    ],
    { timeout: 2 * MINUTE },
  );
  return fs.readFileSync(consoleLog, 'latin1');
}

describe('lab: the instance image for deploy tests', function () {
  this.timeout(5 * MINUTE);
  let image: TestImage;
  let work: string;

  before(function () {
    requireTool('qemu-system-x86_64', 'qemu-system-x86');
    image = ensureTestImage();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-test-image-'));
  });

  after(() => {
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("is a 32 MiB MBR disk with one bootable FAT16 partition at 1 MiB, and syslinux's MBR code", () => {
    expect(image.rawSize).to.equal(32 * 1024 * 1024);
    const table = JSON.parse(execFileSync('sfdisk', ['--json', image.raw], { encoding: 'utf8' })) as {
      partitiontable: { label: string; partitions: { start: number; type: string; bootable?: boolean }[] };
    };
    expect(table.partitiontable.label).to.equal('dos');
    expect(table.partitiontable.partitions).to.have.length(1);
    expect(table.partitiontable.partitions[0]).to.include({ start: 2048, type: '6', bootable: true });
    const mbr = fs.readFileSync('/usr/lib/syslinux/mbr/mbr.bin');
    expect(fs.readFileSync(image.raw).subarray(0, mbr.length).equals(mbr), 'boot code = mbr.bin').to.equal(true);
    expect(
      mbrPartitionEntries(image.raw).some((b) => b !== 0),
      'partition entries present',
    ).to.equal(true);
    const files = execFileSync('mdir', ['-a', '-b', '-i', `${image.raw}@@${image.partitionOffset}`, '::'], {
      encoding: 'utf8',
      env: { ...process.env, MTOOLS_SKIP_CHECK: '1' },
    });
    for (const f of ['LDLINUX.SYS', 'SYSLINUX.CFG', 'VMLINUZ', 'INITRD.GZ']) expect(files.toUpperCase()).to.contain(f);
  });

  it('has a qcow2 twin with the same content, and the recorded sha256 of both', async () => {
    expect(sha256File(image.raw)).to.equal(image.rawSha256);
    expect(sha256File(image.qcow2)).to.equal(image.qcow2Sha256);
    const info = JSON.parse(execFileSync('qemu-img', ['info', '--output=json', image.qcow2], { encoding: 'utf8' })) as Record<
      string,
      unknown
    >;
    expect(info.format).to.equal('qcow2');
    expect(info['virtual-size']).to.equal(image.rawSize);
    expect(info['backing-filename'], 'no backing file').to.equal(undefined);
    expect(image.qcow2Size, 'qcow2 is smaller than the raw (sparse)').to.be.below(image.rawSize);
    await execFileP('qemu-img', ['compare', '-f', 'raw', '-F', 'qcow2', image.raw, image.qcow2]);
  });

  it('boots from disk under QEMU/TCG, raw and qcow2: the console shows the marker, then the guest powers off', async () => {
    for (const format of ['raw', 'qcow2'] as const) {
      const started = Date.now();
      const out = await bootDisk(format === 'raw' ? image.raw : image.qcow2, format, path.join(work, `${format}.log`));
      console.log(`      ${format}: boot to power-off ${((Date.now() - started) / 1000).toFixed(1)} s`);
      expect(out, `${format} console`).to.contain(`${INSTANCE_MARKER} BOOT_IMAGE=vmlinuz`);
      expect(out, `${format} console`).to.match(/reboot: Power down/);
    }
    expect(sha256File(image.raw), 'the cached image is untouched (-snapshot)').to.equal(image.rawSha256);
  });
});
