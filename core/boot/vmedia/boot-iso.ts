// A bootable ISO9660 image of the ramdisk, for virtual media: isolinux (BIOS El Torito) loads the
// kernel and initramfs with Tyr's kernel command line, and the same volume carries the node's
// config drive (openstack/latest/…, label config-2 when it holds a network plan), so a machine
// booted from it needs neither DHCP nor a network boot. xorriso packs it (Debian's xorriso and
// isolinux packages); the kernel and ramdisk are grafted in place, not copied.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { InvalidParameterValue } from '../../errors.js';
import { writeConfigDriveTree, type ConfigDriveDocument } from '../config-drive-tree.js';

const execFileP = promisify(execFile);

export interface BootIsoTools {
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
};

export interface BootIsoSpec {
  nodeUuid: string;
  /** Local files. */
  kernel: string;
  ramdisk: string;
  kernelArgs: string;
  /** Written in config-drive layout; its network_data is what the agent applies without DHCP. */
  configDrive: ConfigDriveDocument;
  label: string;
  /** Only BIOS for now: UEFI needs an EFI System Partition image with GRUB (issue #21). */
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

/** The refusal for a UEFI node, until the ISO gets an EFI boot image (issue #21). */
export function uefiNotYet(nodeUuid: string): InvalidParameterValue {
  return new InvalidParameterValue(
    `Node ${nodeUuid} boots in UEFI mode, and Tyr's virtual-media ISO is BIOS-only for now (UEFI ISO boot is issue #21): ` +
      'set the boot_mode:bios capability (baremetal node set --property capabilities=boot_mode:bios), or give driver_info/deploy_iso a UEFI-bootable ISO.',
  );
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

/** The xorriso (mkisofs emulation) options that make the image bootable in `mode`. The UEFI seam. */
function bootloaderOptions(spec: BootIsoSpec, tools: BootIsoTools): string[] {
  if (spec.bootMode === 'uefi') throw uefiNotYet(spec.nodeUuid);
  return [...ISOLINUX_EL_TORITO_OPTIONS, '-isohybrid-mbr', tools.isohybridMbr];
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
  const options = bootloaderOptions(spec, tools);
  const tree = path.join(spec.workDir, 'tree');
  await writeTree(spec, tools, tree);
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
    ...options,
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
