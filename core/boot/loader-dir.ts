// The loader directory: what Tyr's TFTP server serves, and its HTTP boot server under /efi/ (UEFI
// HTTP boot). boot.tftp_root, when set, is used as it is. Otherwise Tyr assembles
// <data_dir>/tftp at every start from Debian's packages: the iPXE binaries from /usr/lib/ipxe,
// and the signed shim and GRUB under the names shim expects (it loads "grubx64.efi" from the
// directory it came from). Copies, not symlinks: safe-path.ts refuses links that leave the root.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { GRUB_LOADER, IPXE_LOADERS, SHIM_LOADER } from './loaders.js';

export const DEBIAN_IPXE_DIR = '/usr/lib/ipxe';

export interface LoaderDir {
  root: string;
  /** Why a Secure Boot node cannot network-boot here, when it cannot (shim or GRUB missing). */
  secureBootProblem?: string;
}

/** Copies `from` to `to` unless `to` already has the same size and mtime (no rewrite per start). */
function copyIfChanged(from: string, to: string): void {
  const src = fs.statSync(from);
  const dst = fs.statSync(to, { throwIfNoEntry: false });
  if (dst && dst.size === src.size && dst.mtimeMs === src.mtimeMs) return;
  const tmp = `${to}.${process.pid}.tmp`;
  fs.copyFileSync(from, tmp);
  fs.utimesSync(tmp, src.atime, src.mtime);
  fs.renameSync(tmp, to);
}

export function prepareLoaderDir(config: Config, log: Logger, ipxeDir = DEBIAN_IPXE_DIR): LoaderDir {
  if (config.boot.tftp_root) {
    const root = path.resolve(config.boot.tftp_root);
    const missing = [SHIM_LOADER, GRUB_LOADER].filter((f) => !fs.existsSync(path.join(root, f)));
    if (!missing.length) return { root };
    const secureBootProblem = `boot.tftp_root ${root} has no ${missing.join(' or ')}`;
    log.warn(
      { loader_dir: root, missing },
      `${secureBootProblem}: Secure Boot nodes cannot network-boot; copy Debian's shimx64.efi.signed (shim-signed) and grubnetx64.efi.signed (grub-efi-amd64-signed) there as ${SHIM_LOADER} and ${GRUB_LOADER}`,
    );
    return { root, secureBootProblem };
  }
  const root = path.resolve(config.service.data_dir, 'tftp');
  fs.mkdirSync(root, { recursive: true });
  const wanted: [string, string, string][] = [
    ...[IPXE_LOADERS.bios, IPXE_LOADERS['x86_64-efi'], 'ipxe.efi'].map((f): [string, string, string] => [path.join(ipxeDir, f), f, 'ipxe']),
    [config.boot.shim_efi, SHIM_LOADER, 'shim-signed'],
    [config.boot.grub_efi, GRUB_LOADER, 'grub-efi-amd64-signed'],
  ];
  const missing: { file: string; pkg: string }[] = [];
  // An empty boot.shim_efi/grub_efi turns the Secure Boot chain off on purpose: no warning.
  const off = wanted.filter(([from]) => from === '');
  for (const [from, name, pkg] of wanted) {
    if (from === '') continue;
    if (fs.existsSync(from)) copyIfChanged(from, path.join(root, name));
    // A copy from an earlier start still boots machines; only a loader that is not there at all counts.
    else if (!fs.existsSync(path.join(root, name))) missing.push({ file: from, pkg });
  }
  if (missing.length) {
    const pkgs = [...new Set(missing.map((m) => m.pkg))].join(' ');
    log.warn(
      { missing: missing.map((m) => m.file), loader_dir: root },
      `boot loaders missing: install the Debian packages ${pkgs}, or set boot.shim_efi/boot.grub_efi (empty: no Secure Boot network boot, no warning)`,
    );
  }
  const signedMissing = missing.filter((m) => m.pkg !== 'ipxe');
  if (off.length) {
    const keys = off.map(([, name]) => (name === SHIM_LOADER ? 'boot.shim_efi' : 'boot.grub_efi'));
    return { root, secureBootProblem: `${keys.join(' and ')} ${keys.length > 1 ? 'are' : 'is'} empty (Secure Boot network boot is off)` };
  }
  if (!signedMissing.length) return { root };
  return {
    root,
    secureBootProblem: `the signed loaders ${signedMissing.map((m) => m.file).join(', ')} are missing (Debian packages ${[...new Set(signedMissing.map((m) => m.pkg))].join(', ')}; or set boot.shim_efi/boot.grub_efi)`,
  };
}
