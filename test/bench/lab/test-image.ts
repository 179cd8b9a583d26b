// The lab's instance image for deploy tests: a tiny bootable raw disk (docs/lab.md, "The instance
// image") and its qcow2. 32 MiB, MBR with syslinux's mbr.bin, one bootable
// FAT16 partition at 1 MiB holding syslinux, the lab's Debian kernel and a busybox initramfs whose
// /init prints INSTANCE_MARKER on ttyS0 and /dev/kmsg, then powers off. A machine that shows the
// marker booted from its own disk, which only a good deploy puts there.
//
// Built without root: the FAT partition is made in its own file (mkfs.fat -h 2048, so the boot
// sector knows where it starts), filled with mtools (syslinux --install, mcopy), then copied
// into the disk file that sfdisk partitioned. Cached under .cache/lab/images/<hash of inputs>/.
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_CACHE_DIR, ensureTestRamdisk } from './test-ramdisk.js';
import { requireTool } from './tools.js';

export const INSTANCE_MARKER = 'TYR-INSTANCE-BOOTED';
const DISK_MIB = 32;
const PART_START_SECTOR = 2048; // 1 MiB, the usual alignment
export const BUSYBOX = '/bin/busybox';
const MBR_BIN = '/usr/lib/syslinux/mbr/mbr.bin';
// Bump when the layout below changes: it is part of the cache key.
const LAYOUT_VERSION = '1';

export const INSTANCE_INIT = `#!/bin/busybox sh
# /init of the lab's instance image: proves the machine booted the deployed disk.
/bin/busybox mkdir -p /proc /sys /dev
/bin/busybox mount -t proc proc /proc
/bin/busybox mount -t sysfs sysfs /sys
/bin/busybox mount -t devtmpfs devtmpfs /dev
/bin/busybox --install -s /bin
echo "${INSTANCE_MARKER} $(cat /proc/cmdline)" > /dev/ttyS0
echo "${INSTANCE_MARKER}" > /dev/kmsg
sleep 1
sync
poweroff -f
`;

const SYSLINUX_CFG = `DEFAULT instance
PROMPT 0
TIMEOUT 0
SERIAL 0 115200
LABEL instance
  KERNEL vmlinuz
  INITRD initrd.gz
  APPEND console=ttyS0,115200n8 tyr-instance panic=10
`;

export interface TestImage {
  raw: string;
  qcow2: string;
  rawSha256: string;
  qcow2Sha256: string;
  rawSize: number;
  qcow2Size: number;
  /** Byte offset of the FAT partition in the raw image. */
  partitionOffset: number;
}

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  try {
    return execFileSync(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      input: opts.input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`, { cause: err });
  }
}

export function sha256File(file: string): string {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(1 << 20);
  try {
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) h.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

export function buildInitramfs(out: string): void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-instance-initrd-'));
  try {
    for (const d of ['bin', 'proc', 'sys', 'dev']) fs.mkdirSync(path.join(root, d));
    fs.copyFileSync(BUSYBOX, path.join(root, 'bin', 'busybox'));
    fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
    fs.writeFileSync(path.join(root, 'init'), INSTANCE_INIT, { mode: 0o755 });
    execFileSync('sh', ['-c', `find . | LC_ALL=C sort | cpio -o -H newc --quiet | gzip -9 > '${out}'`], { cwd: root });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The FAT16 partition as its own file: syslinux installed, kernel, initrd and config copied in. */
function buildPartition(work: string, kernel: string, initrd: string): string {
  const part = path.join(work, 'part.img');
  const kib = DISK_MIB * 1024 - PART_START_SECTOR / 2;
  // Fixed volume id and hidden sectors = the partition's LBA (the boot sector reads it).
  run('mkfs.fat', ['-F', '16', '-h', String(PART_START_SECTOR), '-i', '54595230', '-n', 'TYRIMAGE', '-C', part, String(kib)]);
  run('syslinux', ['--install', part]);
  const cfg = path.join(work, 'syslinux.cfg');
  fs.writeFileSync(cfg, SYSLINUX_CFG);
  // mtools refuses images whose geometry it doubts unless told not to check.
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  run('mcopy', ['-i', part, cfg, '::syslinux.cfg'], { env });
  run('mcopy', ['-i', part, kernel, '::vmlinuz'], { env });
  run('mcopy', ['-i', part, initrd, '::initrd.gz'], { env });
  return part;
}

function buildRaw(part: string, out: string): void {
  fs.closeSync(fs.openSync(out, 'w'));
  fs.truncateSync(out, DISK_MIB * 1024 * 1024);
  // One bootable FAT16 (type 6) partition from 1 MiB to the end.
  run('sfdisk', ['--no-reread', '--no-tell-kernel', '--quiet', out], {
    input: `label: dos\nlabel-id: 0x54595230\nstart=${PART_START_SECTOR}, type=6, bootable\n`,
  });
  const fd = fs.openSync(out, 'r+');
  try {
    // mbr.bin is the boot code only (≤ 440 bytes): the partition table sfdisk wrote stays.
    const mbr = fs.readFileSync(MBR_BIN);
    if (mbr.length > 440) throw new Error(`${MBR_BIN} is ${mbr.length} bytes; expected at most 440`);
    fs.writeSync(fd, mbr, 0, mbr.length, 0);
    const data = fs.readFileSync(part);
    fs.writeSync(fd, data, 0, data.length, PART_START_SECTOR * 512);
  } finally {
    fs.closeSync(fd);
  }
}

function cacheKey(kernel: string): string {
  const h = crypto.createHash('sha256');
  h.update(LAYOUT_VERSION).update(INSTANCE_INIT).update(SYSLINUX_CFG);
  for (const f of [kernel, BUSYBOX, MBR_BIN]) h.update(f).update(fs.readFileSync(f));
  h.update(run('syslinux', ['--version']).trim() || 'syslinux');
  return h.digest('hex').slice(0, 16);
}

/** Builds (or reuses from the cache) the instance image, raw and qcow2, with their sha256. */
export function ensureTestImage(cacheDir = DEFAULT_CACHE_DIR): TestImage {
  for (const [tool, pkg] of [
    ['sfdisk', 'fdisk'],
    ['mkfs.fat', 'dosfstools'],
    ['syslinux', 'syslinux'],
    ['mcopy', 'mtools'],
    ['qemu-img', 'qemu-utils'],
    ['cpio', 'cpio'],
    ['gzip', 'gzip'],
  ] as const)
    requireTool(tool, pkg);
  if (!fs.existsSync(MBR_BIN))
    throw new Error(`${MBR_BIN} is missing: install the Debian package syslinux-common (bash scripts/install-system-deps.sh)`);
  if (!fs.existsSync(BUSYBOX))
    throw new Error(`${BUSYBOX} is missing: install the Debian package busybox-static (bash scripts/install-system-deps.sh)`);
  const { kernel } = ensureTestRamdisk(cacheDir);
  return cachedImage(path.join(cacheDir, 'images', cacheKey(kernel)), PART_START_SECTOR * 512, (work) => {
    const initrd = path.join(work, 'initrd.gz');
    buildInitramfs(initrd);
    const part = buildPartition(work, kernel, initrd);
    const raw = path.join(work, 'disk.raw');
    buildRaw(part, raw);
    for (const f of [part, initrd, path.join(work, 'syslinux.cfg')]) fs.rmSync(f);
    return raw;
  });
}

/**
 * The image in `dir` (disk.raw, disk.qcow2, image.json) if cached, else built: `build` writes
 * disk.raw into a scratch dir (and may leave nothing else there), which becomes `dir` when done.
 */
export function cachedImage(dir: string, partitionOffset: number, build: (work: string) => string): TestImage {
  const manifest = path.join(dir, 'image.json');
  if (fs.existsSync(manifest)) return JSON.parse(fs.readFileSync(manifest, 'utf8')) as TestImage;
  requireTool('qemu-img', 'qemu-utils');
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const work = fs.mkdtempSync(`${dir}.tmp-`);
  try {
    const raw = build(work);
    run('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', raw, path.join(work, 'disk.qcow2')]);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(work, dir);
  } catch (err) {
    fs.rmSync(work, { recursive: true, force: true });
    throw err;
  }
  const raw = path.join(dir, 'disk.raw');
  const qcow2 = path.join(dir, 'disk.qcow2');
  const image: TestImage = {
    raw,
    qcow2,
    rawSha256: sha256File(raw),
    qcow2Sha256: sha256File(qcow2),
    rawSize: fs.statSync(raw).size,
    qcow2Size: fs.statSync(qcow2).size,
    partitionOffset,
  };
  fs.writeFileSync(manifest, `${JSON.stringify(image, null, 2)}\n`);
  return image;
}

/** The 64 bytes of MBR partition entries (offset 446) of a disk file; all zero when it has none. */
export function mbrPartitionEntries(disk: string): Buffer {
  const fd = fs.openSync(disk, 'r');
  try {
    const buf = Buffer.alloc(66);
    fs.readSync(fd, buf, 0, 66, 446);
    return buf.subarray(0, 64);
  } finally {
    fs.closeSync(fd);
  }
}

/** The first `bytes` of a file (a disk or an image). */
export function readHead(file: string, bytes: number): Buffer {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const n = fs.readSync(fd, buf, 0, bytes, 0);
    return buf.subarray(0, n);
  } finally {
    fs.closeSync(fd);
  }
}
