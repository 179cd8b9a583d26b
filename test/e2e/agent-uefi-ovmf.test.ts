// The agent's UEFI code against the real thing: OVMF (Debian's ovmf, a per-test copy of the
// variable store), with and without Secure Boot, Debian's signed shim → GRUB → kernel from a boot
// disk, efivarfs, efibootmgr and mtools. A small initramfs (busybox, node, the tools with their
// libraries, the kernel modules) runs agent-uefi-check.ts, which calls the agent's collectBoot()
// and setUpUefiBoot() on a second disk holding a GPT image with an ESP. The full PXE → ramdisk →
// deploy → disk boot runs in the lab's e2e tests; this one pins the efivarfs mount, the Secure
// Boot read and the boot entry on real NVRAM in about a minute of TCG.
import { expect } from 'chai';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { installExecutable, type Components } from '../../ramdisk-elements/lib/elf.js';
import { ensureKernelTree } from '../../ramdisk-elements/lib/kernel.js';
import { installModules, selectModules } from '../../ramdisk-elements/lib/modules.js';
import { EFI_GLOBAL_GUID } from '../../agent/efivars.js';
import { ensureSignedBootFiles } from '../bench/lab/signed-boot.js';
import { requireTool } from '../helpers/tools.js';
import { makeUefiImage } from '../helpers/uefi-disk-image.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OVMF = '/usr/share/OVMF';
/** Plain OVMF, and OVMF with Microsoft's keys enrolled and Secure Boot on. */
const FIRMWARE = {
  uefi: { code: `${OVMF}/OVMF_CODE_4M.fd`, vars: `${OVMF}/OVMF_VARS_4M.fd`, machine: ['-machine', 'q35'] },
  'uefi-secure': {
    code: `${OVMF}/OVMF_CODE_4M.secboot.fd`,
    vars: `${OVMF}/OVMF_VARS_4M.ms.fd`,
    machine: ['-machine', 'q35,smm=on', '-global', 'driver=cfi.pflash01,property=secure,value=on'],
  },
};
/** GRUB's menu on the boot disk: the kernel and this test's initramfs, from the same ESP. */
const GRUB_CFG = 'set timeout=0\nlinux /vmlinuz console=ttyS0 quiet\ninitrd /initrd.gz\nboot\n';
const GCONV = ['/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', '/usr/lib/x86_64-linux-gnu/gconv/IBM850.so'];
const MODULES = ['efivarfs', 'virtio_pci', 'virtio_blk'];

const INIT = `#!/bin/sh
export PATH=/bin:/usr/bin:/usr/sbin:/sbin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
# efivarfs is installed but neither loaded nor mounted here: the agent does both itself.
for m in virtio_pci virtio_blk; do modprobe $m; done
while [ ! -b /dev/vda ]; do sleep 1; done
TYR_AGENT_LOG_FILE=/tmp/tyr-agent.log node /check.mjs /dev/vda && echo TYR-CHECK-OK
# For a failure's message: what the kernel and efivarfs say about Secure Boot.
dmesg | grep -i -e 'secure boot' -e secureboot; od -An -tx1 /sys/firmware/efi/efivars/SecureBoot-${EFI_GLOBAL_GUID}
echo TYR-NVRAM-BEGIN; efibootmgr -v; echo TYR-NVRAM-END
poweroff -f
`;

async function buildInitramfs(dir: string): Promise<{ kernel: string; initrd: string }> {
  const kernel = ensureKernelTree(path.join(REPO, '.cache', 'ramdisk'));
  const root = path.join(dir, 'root');
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'usr/lib', 'usr/lib64']) fs.mkdirSync(path.join(root, d), { recursive: true });
  // Debian's merged /usr: the tools' libraries and loader are copied under usr/ (elf.ts).
  fs.symlinkSync('usr/lib', path.join(root, 'lib'));
  fs.symlinkSync('usr/lib64', path.join(root, 'lib64'));
  const busybox = requireTool('busybox');
  fs.copyFileSync(busybox, path.join(root, 'bin', 'busybox'));
  fs.chmodSync(path.join(root, 'bin', 'busybox'), 0o755);
  for (const applet of ['sh', 'mount', 'modprobe', 'sleep', 'poweroff', 'echo', 'dmesg', 'grep', 'od'])
    fs.symlinkSync('busybox', path.join(root, 'bin', applet));
  const components: Components = new Map();
  for (const tool of ['node', 'efibootmgr', 'mtools', 'sfdisk', 'partprobe']) installExecutable(root, requireTool(tool), components);
  for (const file of GCONV) {
    fs.mkdirSync(path.join(root, path.dirname(file)), { recursive: true });
    fs.copyFileSync(file, path.join(root, file));
  }
  installModules(kernel, selectModules(kernel, MODULES), root);
  await build({
    entryPoints: [path.join(HERE, 'agent-uefi-check.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: path.join(root, 'check.mjs'),
    logLevel: 'error',
  });
  fs.writeFileSync(path.join(root, 'init'), INIT, { mode: 0o755 });
  const initrd = path.join(dir, 'initrd.gz');
  execFileSync('sh', ['-c', `cd "${root}" && find . | cpio -o -H newc --quiet | gzip -1 > "${initrd}"`]);
  return { kernel: kernel.vmlinuz, initrd };
}

/** Boots the machine to its power-off; resolves with the serial console's text. */
function bootToPowerOff(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const qemu = spawn(requireTool('qemu-system-x86_64'), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    qemu.stdout.on('data', (c: Buffer) => (out += c.toString()));
    qemu.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => {
      qemu.kill('SIGKILL');
      reject(new Error(`the OVMF machine did not power off within ${timeoutMs / 1000} s; console:\n${out.slice(-4000)}`));
    }, timeoutMs);
    qemu.on('exit', () => {
      clearTimeout(timer);
      resolve(out.replace(/\r/g, ''));
    });
  });
}

const tagged = (serial: string, tag: string): unknown => {
  // OVMF's screen-clearing escapes may precede the first line the kernel prints.
  const line = serial.split('\n').find((l) => l.includes(`${tag} `));
  if (!line) throw new Error(`no ${tag} line on the console:\n${serial.slice(-4000)}`);
  return JSON.parse(line.slice(line.indexOf(`${tag} `) + tag.length + 1));
};

/** The boot disk: shim as the removable-media loader, GRUB beside it, its grub.cfg, kernel and initramfs. */
function bootDisk(dir: string, kernel: string, initrd: string): string {
  const signed = ensureSignedBootFiles();
  const cfg = path.join(dir, 'grub.cfg');
  fs.writeFileSync(cfg, GRUB_CFG);
  const contents = {
    'EFI/BOOT/BOOTX64.EFI': signed.shim,
    'EFI/BOOT/grubx64.efi': signed.grubDisk,
    'EFI/debian/grub.cfg': cfg,
    vmlinuz: kernel,
    'initrd.gz': initrd,
  };
  const disk = path.join(dir, 'boot.img');
  makeUefiImage(disk, { espFiles: Object.keys(contents), contents, espMiB: 120, sizeMiB: 128 });
  return disk;
}

describe('agent UEFI code under OVMF: efivarfs, Secure Boot read, boot entry on real NVRAM', function () {
  this.timeout(900_000);
  let dir: string;
  let boot: string;

  before(async () => {
    for (const fw of Object.values(FIRMWARE))
      for (const f of [fw.code, fw.vars])
        if (!fs.existsSync(f)) throw new Error(`${f} is missing: run bash scripts/install-system-deps.sh (ovmf)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-agent-ovmf-'));
    const { kernel, initrd } = await buildInitramfs(dir);
    boot = bootDisk(dir, kernel, initrd);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const [firmware, secure] of [
    ['uefi', false],
    ['uefi-secure', true],
  ] as const) {
    it(`${firmware}: reports secure_boot ${secure}, creates one "tyr" entry for shim first in BootOrder, and a redeploy replaces it`, async () => {
      const fw = FIRMWARE[firmware];
      const disk = path.join(dir, `${firmware}-disk.img`);
      makeUefiImage(disk, { espFiles: ['EFI/debian/shimx64.efi', 'EFI/debian/grubx64.efi', 'EFI/BOOT/BOOTX64.EFI'], espNumber: 15 });
      const vars = path.join(dir, `${firmware}-VARS.fd`);
      fs.copyFileSync(fw.vars, vars);
      const serial = await bootToPowerOff(
        [
          ...fw.machine,
          ...['-accel', 'tcg', '-m', '1536', '-nographic', '-no-reboot', '-net', 'none'],
          ...['-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${fw.code}`, '-drive', `if=pflash,format=raw,unit=1,file=${vars}`],
          // The deploy target first (/dev/vda), the boot disk second and the one OVMF boots.
          ...['-drive', `file=${disk},if=none,id=target,format=raw`, '-device', 'virtio-blk-pci,drive=target'],
          ...['-drive', `file=${boot},if=none,id=boot,format=raw,readonly=on`, '-device', 'virtio-blk-pci,drive=boot,bootindex=0'],
        ],
        600_000,
      );
      expect(serial, serial.slice(-4000)).to.contain('TYR-CHECK-OK');
      expect(tagged(serial, 'TYR-BOOT'), serial.slice(-3000)).to.deep.equal({
        current_boot_mode: 'uefi',
        pxe_interface: null,
        secure_boot: secure,
      });
      const first = tagged(serial, 'TYR-UEFI-first') as { method: string; loader: string; entry: string };
      expect(first).to.include({ method: 'efibootmgr', loader: '\\EFI\\debian\\shimx64.efi' });
      expect(first.entry).to.match(/^Boot[0-9A-F]{4}$/);
      const again = tagged(serial, 'TYR-UEFI-redeploy') as { entry: string };
      const nvram = serial.slice(serial.indexOf('TYR-NVRAM-BEGIN'), serial.indexOf('TYR-NVRAM-END'));
      const tyrLines = nvram.split('\n').filter((l) => /^Boot[0-9A-F]{4}\*? tyr\t/.test(l));
      expect(tyrLines, nvram).to.have.length(1);
      expect(tyrLines[0]).to.match(/HD\(15,GPT,[0-9a-f-]+,0x800,0x10000\)\/File\(\\EFI\\debian\\shimx64\.efi\)/);
      expect(nvram).to.contain(`BootOrder: ${again.entry.slice(4)},`);
    });
  }
});
