// The EFI variables the kernel exposes through efivarfs: the inventory reads SecureBoot from it,
// efibootmgr writes boot entries through it. A ramdisk whose init did not mount it (or an older
// one) gets it mounted here, once, when the firmware is UEFI at all.
import fs from 'node:fs';
import path from 'node:path';
import { run } from './exec.js';
import { errorText, log } from './log.js';

/** EFI_GLOBAL_VARIABLE (UEFI spec: 8BE4DF61-93CA-11D2-…), the vendor GUID of SecureBoot, BootOrder, Boot####. */
export const EFI_GLOBAL_GUID = '8be4df61-93ca-11d2-aa0d-00e098032b8c';

export type Mounter = (efivarsDir: string) => Promise<void>;

export const mountEfivarfs: Mounter = async (dir) => {
  // efivarfs is a module in Debian's kernel (docs/lab.md): loaded here too, in case init did not.
  await run('modprobe', ['efivarfs']).catch((err: Error) => log.warn(`modprobe efivarfs: ${err.message}`));
  await run('mount', ['-t', 'efivarfs', 'efivarfs', dir]);
};

/** An efivarfs mount always lists some variables; an empty directory is the bare mount point. */
function looksMounted(dir: string): boolean {
  try {
    return fs.readdirSync(dir).length > 0;
  } catch {
    return false;
  }
}

/**
 * The efivars directory, mounted if it was not; null under BIOS (no /sys/firmware/efi) or when
 * it cannot be mounted (then EFI variables are unknown, which the caller reports).
 */
export async function ensureEfivarfs(efiDir = '/sys/firmware/efi', mount: Mounter = mountEfivarfs): Promise<string | null> {
  if (!fs.existsSync(efiDir)) return null;
  const dir = path.join(efiDir, 'efivars');
  if (looksMounted(dir)) return dir;
  try {
    await mount(dir);
  } catch (err) {
    log.warn(`efivarfs is not mounted on ${dir} and mounting it failed: ${errorText(err)}`);
    return null;
  }
  return looksMounted(dir) ? dir : null;
}

/** An efivarfs file: 4 bytes of attributes, then the value. Null when the variable is absent. */
export function readEfiVariable(efivarsDir: string, name: string, guid = EFI_GLOBAL_GUID): Buffer | null {
  try {
    return fs.readFileSync(path.join(efivarsDir, `${name}-${guid}`)).subarray(4);
  } catch {
    return null;
  }
}
