// The lab's UEFI instance image: the same marker-printing kernel + initramfs as the BIOS image
// (test-image.ts), on a GPT disk whose only partition is an EFI system partition with Debian's
// signed boot chain, so the one image boots under OVMF with and without Secure Boot:
// shim (Microsoft-signed) → GRUB (Debian-signed) → the lab kernel (Debian-signed).
//
// Layouts:
// * 'debian': \EFI\debian\{shimx64.efi, grubx64.efi, grub.cfg}, what grub-install writes, for a
//   boot entry made with efibootmgr, plus the removable-media fallback \EFI\BOOT\BOOTX64.EFI (shim)
//   and \EFI\BOOT\grubx64.efi, which finds \EFI\debian\grub.cfg through its built-in prefix.
// * 'fallback': \EFI\BOOT\ only (with grub.cfg there: Debian's GRUB sources $cmdpath/grub.cfg
//   when its prefix /EFI/debian is missing), for images that rely on the fallback path alone.
// shim loads grubx64.efi from its own directory; no fbx64.efi, so it never rewrites boot entries.
//
// Built without root: the FAT partition in its own file (mkfs.fat, mtools), the GPT by sgdisk on
// the disk file. Cached under .cache/lab/images/uefi-<layout>-<hash of inputs>/.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ensureSignedBootFiles } from './signed-boot.js';
import { BUSYBOX, buildInitramfs, cachedImage, INSTANCE_INIT, run, type TestImage } from './test-image.js';
import { DEFAULT_CACHE_DIR, ensureTestRamdisk } from './test-ramdisk.js';
import { requireTool } from './tools.js';

export type UefiImageLayout = 'debian' | 'fallback';

const DISK_MIB = 48;
const PART_START_SECTOR = 2048;
// GPT keeps a 33-sector backup at the end of the disk; the ESP stops short of it.
const PART_END_SECTOR = DISK_MIB * 2048 - 34;
const ESP_TYPE = 'C12A7328-F81F-11D2-BA4B-00A0C93EC93B';
const FAT_VOLUME_ID = '54595231';
// Fixed GUIDs: the image's bytes (and its sha256) depend only on its inputs.
const DISK_GUID = '54595230-0000-4000-8000-000000000001';
const ESP_GUID = '54595230-0000-4000-8000-000000000002';
const LAYOUT_VERSION = '1';

const GRUB_CFG = `# The lab's instance: the ESP holds the kernel and initramfs.
search --no-floppy --fs-uuid --set=root ${FAT_VOLUME_ID.slice(0, 4)}-${FAT_VOLUME_ID.slice(4)}
set timeout=0
menuentry instance {
  linux /vmlinuz console=ttyS0,115200n8 tyr-instance panic=10
  initrd /initrd.gz
}
`;

/** Files of the ESP: target path → source file (GRUB's config is written from GRUB_CFG). */
function espFiles(
  layout: UefiImageLayout,
  shim: string,
  grub: string,
  grubCfg: string,
  kernel: string,
  initrd: string,
): [string, string][] {
  const fallback: [string, string][] = [
    ['EFI/BOOT/BOOTX64.EFI', shim],
    ['EFI/BOOT/grubx64.efi', grub],
  ];
  const common: [string, string][] = [
    ['vmlinuz', kernel],
    ['initrd.gz', initrd],
  ];
  if (layout === 'fallback') return [...fallback, ['EFI/BOOT/grub.cfg', grubCfg], ...common];
  return [['EFI/debian/shimx64.efi', shim], ['EFI/debian/grubx64.efi', grub], ['EFI/debian/grub.cfg', grubCfg], ...fallback, ...common];
}

function buildEsp(work: string, files: [string, string][]): string {
  const part = path.join(work, 'esp.img');
  const kib = (PART_END_SECTOR - PART_START_SECTOR + 1) / 2;
  run('mkfs.fat', ['-F', '16', '-h', String(PART_START_SECTOR), '-i', FAT_VOLUME_ID, '-n', 'TYR-ESP', '-C', part, String(Math.floor(kib))]);
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  // Every directory and its parents, once each; sorted, a parent comes before its children.
  const dirs = new Set<string>();
  for (const [target] of files) {
    const parts = path.posix.dirname(target).split('/');
    for (let i = 1; i <= parts.length; i++) if (parts[i - 1] !== '.') dirs.add(parts.slice(0, i).join('/'));
  }
  for (const dir of [...dirs].sort()) run('mmd', ['-i', part, `::${dir}`], { env });
  for (const [target, source] of files) run('mcopy', ['-i', part, source, `::${target}`], { env });
  return part;
}

function buildGptDisk(esp: string, out: string): void {
  fs.closeSync(fs.openSync(out, 'w'));
  fs.truncateSync(out, DISK_MIB * 1024 * 1024);
  run('sgdisk', [
    '-U',
    DISK_GUID,
    '-n',
    `1:${PART_START_SECTOR}:${PART_END_SECTOR}`,
    '-t',
    `1:${ESP_TYPE}`,
    '-u',
    `1:${ESP_GUID}`,
    '-c',
    '1:EFI System',
    out,
  ]);
  const fd = fs.openSync(out, 'r+');
  try {
    const data = fs.readFileSync(esp);
    fs.writeSync(fd, data, 0, data.length, PART_START_SECTOR * 512);
  } finally {
    fs.closeSync(fd);
  }
}

function cacheKey(layout: UefiImageLayout, inputs: string[]): string {
  const h = crypto.createHash('sha256').update(LAYOUT_VERSION).update(layout).update(INSTANCE_INIT).update(GRUB_CFG);
  for (const f of inputs) h.update(f).update(fs.readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** Builds (or reuses from the cache) the UEFI instance image, raw and qcow2, with their sha256. */
export function ensureUefiTestImage(layout: UefiImageLayout = 'debian', cacheDir = DEFAULT_CACHE_DIR): TestImage {
  for (const [tool, pkg] of [
    ['sgdisk', 'gdisk'],
    ['mkfs.fat', 'dosfstools'],
    ['mcopy', 'mtools'],
    ['mmd', 'mtools'],
    ['cpio', 'cpio'],
    ['gzip', 'gzip'],
  ] as const)
    requireTool(tool, pkg);
  const { kernel } = ensureTestRamdisk(cacheDir);
  const signed = ensureSignedBootFiles(cacheDir);
  const dir = path.join(cacheDir, 'images', `uefi-${layout}-${cacheKey(layout, [kernel, BUSYBOX, signed.shim, signed.grubDisk])}`);
  return cachedImage(dir, PART_START_SECTOR * 512, (work) => {
    const initrd = path.join(work, 'initrd.gz');
    buildInitramfs(initrd);
    const grubCfg = path.join(work, 'grub.cfg');
    fs.writeFileSync(grubCfg, GRUB_CFG);
    const esp = buildEsp(work, espFiles(layout, signed.shim, signed.grubDisk, grubCfg, kernel, initrd));
    const raw = path.join(work, 'disk.raw');
    buildGptDisk(esp, raw);
    for (const f of [esp, initrd, grubCfg]) fs.rmSync(f);
    return raw;
  });
}
