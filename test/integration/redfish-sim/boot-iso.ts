// A tiny bootable ISO (ISOLINUX, El Torito no-emulation) that prints a marker on the serial
// console: enough to see a VM boot from the virtual CD without booting a kernel. Same isolinux
// files and El Torito options as the product's virtual-media ISO (core/boot/vmedia/boot-iso.ts);
// only the isolinux.cfg differs, as there is no kernel to load.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DEBIAN_BOOT_ISO_TOOLS, ISOLINUX_EL_TORITO_OPTIONS } from '../../../core/boot/vmedia/boot-iso.js';
import { requireTool } from '../../helpers/tools.js';

export function makeBootIso(workDir: string, isoPath: string, marker: string): void {
  const xorriso = requireTool('xorriso');
  const { isolinuxBin, ldlinux } = DEBIAN_BOOT_ISO_TOOLS;
  for (const file of [isolinuxBin, ldlinux]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: install the Debian packages isolinux and syslinux-common`);
  }
  const root = path.join(workDir, 'iso-root');
  fs.mkdirSync(path.join(root, 'isolinux'), { recursive: true });
  fs.copyFileSync(isolinuxBin, path.join(root, 'isolinux', 'isolinux.bin'));
  fs.copyFileSync(ldlinux, path.join(root, 'isolinux', 'ldlinux.c32'));
  // SERIAL first, so that SAY reaches the serial console the test reads; then wait at the prompt.
  fs.writeFileSync(path.join(root, 'isolinux', 'isolinux.cfg'), `SERIAL 0 115200\nSAY ${marker}\nPROMPT 1\nTIMEOUT 0\n`);
  execFileSync(xorriso, ['-as', 'mkisofs', '-quiet', '-o', isoPath, ...ISOLINUX_EL_TORITO_OPTIONS, root], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}
