// Debian's Secure Boot chain for the lab: shim (signed by Microsoft's UEFI CA, which
// OVMF_VARS_4M.ms.fd trusts), GRUB (signed by Debian, which shim trusts) and the kernel (signed by
// Debian; the lab kernel of test-ramdisk.ts already is that package). Fetched once with
// `apt-get download` + `dpkg -x` (never installed: their maintainer scripts would run grub-install
// on the host) and cached under <repo>/.cache/lab/signed-boot (git-ignored).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CACHE_DIR } from './test-ramdisk.js';
import { requireTool } from './tools.js';

export interface SignedBootFiles {
  /** shimx64.efi.signed (package shim-signed). */
  shim: string;
  /** grubnetx64.efi.signed: GRUB for network boot, prefix /grub on the server it came from. */
  grubNet: string;
  /** grubx64.efi.signed: GRUB for a disk, reading /EFI/debian/grub.cfg on its ESP. */
  grubDisk: string;
  /** gcdx64.efi.signed: GRUB for a CD, finding the disc by its /.disk/info (prefix /boot/grub). */
  grubCd: string;
}

const PACKAGES = ['shim-signed', 'grub-efi-amd64-signed'];

export function ensureSignedBootFiles(cacheDir = DEFAULT_CACHE_DIR): SignedBootFiles {
  const root = path.join(cacheDir, 'signed-boot', 'root');
  const files: SignedBootFiles = {
    shim: path.join(root, 'usr/lib/shim/shimx64.efi.signed'),
    grubNet: path.join(root, 'usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed'),
    grubDisk: path.join(root, 'usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed'),
    grubCd: path.join(root, 'usr/lib/grub/x86_64-efi-signed/gcdx64.efi.signed'),
  };
  if (Object.values(files).every((f) => fs.existsSync(f))) return files;
  requireTool('apt-get', 'apt');
  requireTool('dpkg', 'dpkg');
  fs.mkdirSync(path.dirname(root), { recursive: true });
  const work = fs.mkdtempSync(path.join(path.dirname(root), 'tmp-'));
  try {
    execFileSync('apt-get', ['download', ...PACKAGES], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const deb of fs.readdirSync(work).filter((f) => f.endsWith('.deb'))) {
      execFileSync('dpkg', ['-x', deb, 'root'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    }
    fs.rmSync(root, { recursive: true, force: true });
    fs.renameSync(path.join(work, 'root'), root);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  const missing = Object.values(files).filter((f) => !fs.existsSync(f));
  if (missing.length) throw new Error(`the Debian packages ${PACKAGES.join(', ')} no longer ship ${missing.join(', ')}`);
  return files;
}
