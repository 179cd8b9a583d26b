// The UEFI half of the virtual-media ISO. UEFI firmware boots a CD from an El Torito "EFI" entry
// that points at a FAT image (an EFI System Partition inside the ISO); it runs
// \EFI\BOOT\BOOTX64.EFI from it. That is Debian's signed shim, so Secure Boot machines with
// Microsoft's keys accept it; shim then loads grubx64.efi from the same directory, which is
// Debian's signed GRUB for CDs (gcdx64.efi.signed).
//
// That GRUB's embedded config (verified with `strings` on Debian 12's binary) looks for a device
// holding /.disk/info, sets prefix=($root)/boot/grub and sources $prefix/grub.cfg. So the ISO
// carries /.disk/info and /boot/grub/grub.cfg, which loads /vmlinuz and /initrd from the ISO
// itself: the FAT image holds only the two loaders. The FAT image is built without root
// (mkfs.fat -C + mtools), never mounted.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { InvalidParameterValue } from '../../errors.js';

const execFileP = promisify(execFile);

export interface EfiBootTools {
  /** Debian's shimx64.efi.signed (package shim-signed). */
  shim: string;
  /** Debian's gcdx64.efi.signed (package grub-efi-amd64-signed). */
  grubCd: string;
  /** dosfstools. */
  mkfsFat: string;
  /** mtools. */
  mmd: string;
  mcopy: string;
}

/** Where the ISO keeps the FAT image, relative to its root, as xorriso's -e wants it. */
export const EFI_IMAGE_IN_ISO = 'boot/efi.img';
/** What the CD GRUB searches for to find the ISO's own filesystem. */
export const DISK_INFO_IN_ISO = '.disk/info';
export const GRUB_CFG_IN_ISO = 'boot/grub/grub.cfg';

/** xorriso (mkisofs emulation) options adding the UEFI El Torito entry after the BIOS one. */
export const EFI_EL_TORITO_OPTIONS: readonly string[] = [
  '-eltorito-alt-boot',
  '-e',
  EFI_IMAGE_IN_ISO,
  '-no-emul-boot',
  // Also a GPT partition for the image, so the ISO written to a USB stick boots under UEFI too.
  '-isohybrid-gpt-basdat',
];

/** The same boot as isolinux.cfg's: kernel, ramdisk, kernel command line, at once. */
export function isoGrubCfg(kernelInIso: string, ramdiskInIso: string, kernelArgs: string): string {
  return [
    '# Tyr virtual-media ramdisk: nobody is there to choose, so boot at once.',
    'set timeout=0',
    `linux ${kernelInIso} ${kernelArgs}`,
    `initrd ${ramdiskInIso}`,
    'boot',
    '',
  ].join('\n');
}

/** The signed loaders that are missing, as a refusal naming the node and the packages; undefined when both exist. */
export async function missingEfiLoaders(nodeUuid: string, tools: EfiBootTools): Promise<InvalidParameterValue | undefined> {
  const checks = await Promise.all(
    [
      [tools.shim, 'shim-signed', 'boot.shim_efi'],
      [tools.grubCd, 'grub-efi-amd64-signed', 'boot.grub_cd_efi'],
    ].map(async ([file, pkg, key]) => (file && (await isFile(file)) ? undefined : { file: file!, pkg: pkg!, key: key! })),
  );
  const missing = checks.filter((m) => m !== undefined);
  if (!missing.length) return undefined;
  // An empty setting (it turns the Secure Boot network chain off) is named by its key.
  const named = missing.map((m) => m.file || `(${m.key} is empty)`);
  return new InvalidParameterValue(
    `Node ${nodeUuid} boots in UEFI mode, and its virtual-media ISO needs the signed loaders ${named.join(' and ')}, ` +
      `which are missing: install the Debian packages ${missing.map((m) => m.pkg).join(' ')} (bash scripts/install-system-deps.sh), ` +
      `set ${missing.map((m) => m.key).join('/')} to where they are, or set the boot_mode:bios capability.`,
  );
}

/**
 * What identifies the signed loaders for the ISO cache: a shim or GRUB update (a new SBAT level, a
 * revoked build) or installing them at all must give the node a new ISO, not the cached one.
 */
export async function efiLoadersFingerprint(tools: EfiBootTools): Promise<string[]> {
  return Promise.all(
    [tools.shim, tools.grubCd].map((file) =>
      fs.stat(file).then(
        (s) => `${file}:${s.size}:${s.mtimeMs}`,
        () => `${file}:missing`,
      ),
    ),
  );
}

async function isFile(file: string): Promise<boolean> {
  return fs.stat(file).then(
    (s) => s.isFile(),
    () => false,
  );
}

/** FAT needs room beyond the files: directories, two FATs, cluster rounding. */
const FAT_SLACK_KIB = 1024;

async function run(nodeUuid: string, tool: string, args: string[], pkg: string): Promise<void> {
  try {
    // MTOOLS_SKIP_CHECK: the image is ours and new; mtools' geometry warnings only add noise.
    await execFileP(tool, args, { timeout: 60_000, killSignal: 'SIGKILL', env: { ...process.env, MTOOLS_SKIP_CHECK: '1' } });
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: string };
    const why = e.code === 'ENOENT' ? `${tool} is not installed (apt-get install ${pkg})` : e.stderr?.trim() || e.message;
    throw new Error(`Node ${nodeUuid}: cannot build the UEFI boot image of the virtual-media ISO: ${why}`, { cause: err });
  }
}

/** Writes the FAT image with \EFI\BOOT\BOOTX64.EFI (shim) and \EFI\BOOT\grubx64.efi (GRUB) at `image`. */
export async function buildEfiBootImage(nodeUuid: string, tools: EfiBootTools, image: string): Promise<void> {
  const sizes = await Promise.all([tools.shim, tools.grubCd].map(async (f) => (await fs.stat(f)).size));
  const kib = Math.ceil(sizes.reduce((a, b) => a + b, 0) / 1024) + FAT_SLACK_KIB;
  await fs.mkdir(path.dirname(image), { recursive: true });
  await fs.rm(image, { force: true });
  await run(nodeUuid, tools.mkfsFat, ['-C', '-n', 'TYR_EFI', image, String(kib)], 'dosfstools');
  await run(nodeUuid, tools.mmd, ['-i', image, '::/EFI', '::/EFI/BOOT'], 'mtools');
  await run(nodeUuid, tools.mcopy, ['-i', image, tools.shim, '::/EFI/BOOT/BOOTX64.EFI'], 'mtools');
  await run(nodeUuid, tools.mcopy, ['-i', image, tools.grubCd, '::/EFI/BOOT/grubx64.efi'], 'mtools');
}
