// Which loader on an ESP the firmware should start, from the ESP's file list. A vendor directory
// (\EFI\debian, \EFI\ubuntu, …) with shim is preferred: shim is what Secure Boot trusts and it
// starts the vendor's GRUB. \EFI\BOOT is the removable-media path every UEFI firmware tries
// without any boot entry; an image that only has that needs no entry. FAT names are
// case-insensitive, so names compare in lower case and keep their stored spelling.

export interface LoaderChoice {
  /** The vendor loader worth a boot entry, in firmware form (\EFI\debian\shimx64.efi). */
  vendor: string | null;
  /** \EFI\BOOT\BOOTX64.EFI when the image has it. */
  fallback: string | null;
}

const VENDOR_LOADERS = ['shimx64.efi', 'grubx64.efi'];
const FALLBACK = 'efi/boot/bootx64.efi';

const firmwarePath = (file: string): string => `\\${file.split('/').join('\\')}`;

/** `files`: paths from the ESP's root, EFI/<dir>/<file>, as listEfiFiles() returns them. */
export function chooseLoader(files: string[]): LoaderChoice {
  const sorted = [...files].sort();
  const vendorFiles = sorted.filter((f) => {
    const parts = f.toLowerCase().split('/');
    return parts.length === 3 && parts[0] === 'efi' && parts[1] !== 'boot';
  });
  let vendor: string | null = null;
  for (const loader of VENDOR_LOADERS) {
    const found = vendorFiles.find((f) => f.toLowerCase().endsWith(`/${loader}`));
    if (found) {
      vendor = firmwarePath(found);
      break;
    }
  }
  const fallback = sorted.find((f) => f.toLowerCase() === FALLBACK);
  return { vendor, fallback: fallback ? firmwarePath(fallback) : null };
}
