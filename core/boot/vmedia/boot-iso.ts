// A bootable ISO9660 image of the ramdisk, for virtual media: isolinux (BIOS El Torito) and
// Debian's signed shim + GRUB (UEFI El Torito, with or without Secure Boot; efi-boot-image.ts)
// load the kernel and initramfs with Tyr's kernel command line, and the same volume carries the node's
// config drive (openstack/latest/…, label config-2 when it holds a network plan), so a machine
// booted from it needs neither DHCP nor a network boot. xorriso packs it (Debian's xorriso and
// isolinux packages); the kernel and ramdisk are grafted in place, not copied.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Config } from '../../config.js';
import { writeConfigDriveTree, type ConfigDriveDocument } from '../config-drive-tree.js';
import {
  buildEfiBootImage,
  DISK_INFO_IN_ISO,
  EFI_EL_TORITO_OPTIONS,
  EFI_IMAGE_IN_ISO,
  GRUB_CFG_IN_ISO,
  isoGrubCfg,
  missingEfiLoaders,
  type EfiBootTools,
} from './efi-boot-image.js';

const execFileP = promisify(execFile);

export interface BootIsoTools extends EfiBootTools {
  xorriso: string;
  /** Debian's isolinux package. */
  isolinuxBin: string;
  /** Debian's syslinux-common package: isolinux's second stage. */
  ldlinux: string;
  /** Debian's isolinux package: the MBR that also lets the image boot from a USB stick. */
  isohybridMbr: string;
}

export const DEBIAN_BOOT_ISO_TOOLS: BootIsoTools = {
  xorriso: 'xorriso',
  isolinuxBin: '/usr/lib/ISOLINUX/isolinux.bin',
  ldlinux: '/usr/lib/syslinux/modules/bios/ldlinux.c32',
  isohybridMbr: '/usr/lib/ISOLINUX/isohdpfx.bin',
  shim: '/usr/lib/shim/shimx64.efi.signed',
  grubCd: '/usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed',
  mkfsFat: 'mkfs.fat',
  mmd: 'mmd',
  mcopy: 'mcopy',
};

/** Debian's tools, with the signed loaders where the config says they are. */
export function bootIsoTools(config: Config): BootIsoTools {
  return { ...DEBIAN_BOOT_ISO_TOOLS, shim: config.boot.shim_efi, grubCd: config.boot.grub_cd_efi };
}

export interface BootIsoSpec {
  nodeUuid: string;
  /** Local files. */
  kernel: string;
  ramdisk: string;
  kernelArgs: string;
  /** Written in config-drive layout; its network_data is what the agent applies without DHCP. */
  configDrive: ConfigDriveDocument;
  label: string;
  /** UEFI needs the signed loaders; a BIOS node's ISO gets the UEFI entry too when they are there. */
  bootMode: 'bios' | 'uefi';
  /** A working directory the caller owns and removes. */
  workDir: string;
  timeoutMs?: number;
}

/** Where the ISO's own files live (graft points are "<in ISO>=<on disk>"). */
const KERNEL_IN_ISO = '/vmlinuz';
const RAMDISK_IN_ISO = '/initrd';

function isolinuxCfg(kernelArgs: string): string {
  // TIMEOUT is in tenths of a second: nobody is there to choose, so boot at once.
  return [
    'DEFAULT tyr',
    'PROMPT 0',
    'TIMEOUT 1',
    'LABEL tyr',
    `  KERNEL ${KERNEL_IN_ISO}`,
    `  APPEND initrd=${RAMDISK_IN_ISO} ${kernelArgs}`,
    '',
  ].join('\n');
}

/**
 * xorriso (mkisofs emulation) options for a BIOS El Torito no-emulation boot of the tree's
 * isolinux/isolinux.bin, with the boot info table isolinux needs patched in.
 */
export const ISOLINUX_EL_TORITO_OPTIONS: readonly string[] = [
  '-b',
  'isolinux/isolinux.bin',
  '-c',
  'isolinux/boot.cat',
  '-no-emul-boot',
  '-boot-load-size',
  '4',
  '-boot-info-table',
];

/**
 * Whether the ISO gets the UEFI El Torito entry: always for a UEFI node (a 400 naming the packages
 * when the signed loaders are missing), and for a BIOS node when they are there, so the same ISO
 * boots either way, as Debian's own ISOs do.
 */
async function withUefiEntry(spec: BootIsoSpec, tools: BootIsoTools): Promise<boolean> {
  const missing = await missingEfiLoaders(spec.nodeUuid, tools);
  if (missing && spec.bootMode === 'uefi') throw missing;
  return !missing;
}

/** The xorriso (mkisofs emulation) options that make the image bootable. */
function bootloaderOptions(tools: BootIsoTools, uefi: boolean): string[] {
  return [...ISOLINUX_EL_TORITO_OPTIONS, '-isohybrid-mbr', tools.isohybridMbr, ...(uefi ? EFI_EL_TORITO_OPTIONS : [])];
}

async function writeUefiFiles(spec: BootIsoSpec, tools: BootIsoTools, tree: string): Promise<void> {
  await buildEfiBootImage(spec.nodeUuid, tools, path.join(tree, EFI_IMAGE_IN_ISO));
  await fs.mkdir(path.join(tree, path.dirname(GRUB_CFG_IN_ISO)), { recursive: true });
  await fs.writeFile(path.join(tree, GRUB_CFG_IN_ISO), isoGrubCfg(KERNEL_IN_ISO, RAMDISK_IN_ISO, spec.kernelArgs));
  await fs.mkdir(path.join(tree, path.dirname(DISK_INFO_IN_ISO)), { recursive: true });
  await fs.writeFile(path.join(tree, DISK_INFO_IN_ISO), `Tyr ramdisk for node ${spec.nodeUuid}\n`);
}

async function writeTree(spec: BootIsoSpec, tools: BootIsoTools, tree: string): Promise<void> {
  await writeConfigDriveTree(tree, spec.configDrive, spec.nodeUuid);
  const isolinux = path.join(tree, 'isolinux');
  await fs.mkdir(isolinux, { recursive: true });
  // Copied: xorriso patches the boot info table into isolinux.bin, which must not be Debian's file.
  for (const [from, name] of [
    [tools.isolinuxBin, 'isolinux.bin'],
    [tools.ldlinux, 'ldlinux.c32'],
  ] as const) {
    try {
      await fs.copyFile(from, path.join(isolinux, name));
    } catch (err) {
      throw new Error(
        `Node ${spec.nodeUuid}: cannot build the virtual-media ISO: ${from} is missing (apt-get install isolinux syslinux-common).`,
        { cause: err },
      );
    }
  }
  await fs.writeFile(path.join(isolinux, 'isolinux.cfg'), isolinuxCfg(spec.kernelArgs));
}

/** Builds the ISO at `out` (written whole or not at all by the caller's rename). */
export async function buildBootIso(spec: BootIsoSpec, out: string, tools: BootIsoTools = DEBIAN_BOOT_ISO_TOOLS): Promise<void> {
  const uefi = await withUefiEntry(spec, tools);
  const tree = path.join(spec.workDir, 'tree');
  await writeTree(spec, tools, tree);
  if (uefi) await writeUefiFiles(spec, tools, tree);
  const args = [
    '-as',
    'mkisofs',
    '-quiet',
    '-o',
    out,
    '-V',
    spec.label,
    '-publisher',
    'Tyr',
    // Rock Ridge and Joliet long names, as config-drive readers expect; -l for isolinux's paths.
    '-r',
    '-J',
    '-l',
    ...bootloaderOptions(tools, uefi),
    '-graft-points',
    `/=${tree}`,
    `${KERNEL_IN_ISO}=${spec.kernel}`,
    `${RAMDISK_IN_ISO}=${spec.ramdisk}`,
  ];
  try {
    await execFileP(tools.xorriso, args, { timeout: spec.timeoutMs ?? 120_000, killSignal: 'SIGKILL' });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string; killed?: boolean };
    if (e.code === 'ENOENT') {
      throw new Error(
        `Node ${spec.nodeUuid}: cannot build the virtual-media ISO: ${tools.xorriso} is not installed (apt-get install xorriso isolinux).`,
        {
          cause: err,
        },
      );
    }
    const why = e.killed ? `it did not finish within ${(spec.timeoutMs ?? 120_000) / 1000} s` : e.stderr?.trim() || e.message;
    throw new Error(`Node ${spec.nodeUuid}: xorriso failed building the virtual-media ISO: ${why}`, { cause: err });
  }
}
