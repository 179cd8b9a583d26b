// Which network boot program a machine gets: its firmware architecture from DHCP option 93
// (RFC 4578 and IANA's "Processor Architecture Types"), and whether it boots with Secure Boot.
// iPXE is not signed, so a Secure Boot machine gets Debian's signed chain instead: shim (signed
// by Microsoft's UEFI CA), which loads grubx64.efi from the same directory (signed by Debian).
// One table for the DHCP config, the loader directory and the boot-progress record.

export type FirmwareArch = 'bios' | 'x86_64-efi' | 'arm64-efi';

export interface ClientArch {
  arch: FirmwareArch;
  /** UEFI HTTP boot (the firmware fetches the loader by URL, no TFTP). */
  http: boolean;
}

/** DHCP option 93 codes Tyr answers, by code. */
export const CLIENT_ARCH_CODES: ReadonlyMap<number, ClientArch> = new Map([
  [0, { arch: 'bios', http: false }],
  [7, { arch: 'x86_64-efi', http: false }],
  [9, { arch: 'x86_64-efi', http: false }],
  [11, { arch: 'arm64-efi', http: false }],
  [16, { arch: 'x86_64-efi', http: true }],
  [19, { arch: 'arm64-efi', http: true }],
]);

export function clientArch(option93: number): ClientArch | undefined {
  return CLIENT_ARCH_CODES.get(option93);
}

/** The iPXE binaries, by architecture. Debian 12's ipxe ships no arm64 build: see DHCP.md. */
export const IPXE_LOADERS: Readonly<Record<FirmwareArch, string>> = {
  bios: 'undionly.kpxe',
  'x86_64-efi': 'snponly.efi',
  'arm64-efi': 'snponly-arm64.efi',
};

/** shim as served, and the name shim loads its second stage by (from the same directory). */
export const SHIM_LOADER = 'shimx64.efi';
export const GRUB_LOADER = 'grubx64.efi';

export type LoaderChoice = { file: string; signed: boolean } | { problem: string };

export function loaderFor(arch: FirmwareArch, secureBoot: boolean): LoaderChoice {
  if (!secureBoot) return { file: IPXE_LOADERS[arch], signed: false };
  if (arch === 'x86_64-efi') return { file: SHIM_LOADER, signed: true };
  if (arch === 'arm64-efi')
    return {
      problem: 'Secure Boot network boot is not supported on arm64 (Tyr has no signed arm64 shim/GRUB chain): turn Secure Boot off',
    };
  return { problem: 'Secure Boot needs UEFI: a BIOS machine cannot boot with Secure Boot' };
}

// ipxe.efi: the full iPXE, for firmware whose own network driver is unreliable (DHCP.md).
const IPXE_FILES: ReadonlySet<string> = new Set([...Object.values(IPXE_LOADERS), 'ipxe.efi']);
const SIGNED_FILES: ReadonlySet<string> = new Set([SHIM_LOADER, GRUB_LOADER]);

/** What a file name served over TFTP or /efi/ is, if it is a loader at all. */
export function loaderKind(file: string): 'ipxe-bios' | 'ipxe-efi' | 'signed' | undefined {
  const name = file.replace(/^\/+/, '');
  if (name === IPXE_LOADERS.bios) return 'ipxe-bios';
  if (IPXE_FILES.has(name)) return 'ipxe-efi';
  if (SIGNED_FILES.has(name)) return 'signed';
  return undefined;
}
