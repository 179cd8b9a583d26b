// A tiny bootable ISO (ISOLINUX, El Torito no-emulation) that prints a marker on the serial
// console: enough to see a VM boot from the virtual CD without booting a kernel.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { requireTool } from '../../helpers/tools.js';

const ISOLINUX_BIN = '/usr/lib/ISOLINUX/isolinux.bin';
const LDLINUX = '/usr/lib/syslinux/modules/bios/ldlinux.c32';

export function makeBootIso(workDir: string, isoPath: string, marker: string): void {
  const xorriso = requireTool('xorriso');
  for (const file of [ISOLINUX_BIN, LDLINUX]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: install the Debian packages isolinux and syslinux-common`);
  }
  const root = path.join(workDir, 'iso-root');
  fs.mkdirSync(path.join(root, 'isolinux'), { recursive: true });
  fs.copyFileSync(ISOLINUX_BIN, path.join(root, 'isolinux', 'isolinux.bin'));
  fs.copyFileSync(LDLINUX, path.join(root, 'isolinux', 'ldlinux.c32'));
  // SERIAL first, so that SAY reaches the serial console the test reads; then wait at the prompt.
  fs.writeFileSync(path.join(root, 'isolinux', 'isolinux.cfg'), `SERIAL 0 115200\nSAY ${marker}\nPROMPT 1\nTIMEOUT 0\n`);
  execFileSync(
    xorriso,
    [
      '-as',
      'mkisofs',
      '-quiet',
      '-o',
      isoPath,
      '-b',
      'isolinux/isolinux.bin',
      '-c',
      'isolinux/boot.cat',
      '-no-emul-boot',
      '-boot-load-size',
      '4',
      '-boot-info-table',
      root,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
}
