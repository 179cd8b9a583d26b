// The agent's UEFI code against the real thing: OVMF (Debian's ovmf, a per-test copy of the
// variable store), Debian's kernel, efivarfs, efibootmgr and mtools. A small initramfs (busybox,
// node, the tools with their libraries, the kernel modules) runs agent-uefi-check.ts, which calls
// the agent's collectBoot() and setUpUefiBoot() on a virtio disk holding a GPT image with an ESP.
// The full PXE → ramdisk → deploy → disk boot runs in the lab's e2e tests; this one pins the
// efivarfs mount, the Secure Boot read and the boot entry on real NVRAM in a few seconds of TCG.
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
import { requireTool } from '../helpers/tools.js';
import { makeUefiImage } from '../helpers/uefi-disk-image.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..', '..');
const OVMF_CODE = '/usr/share/OVMF/OVMF_CODE_4M.fd';
const OVMF_VARS = '/usr/share/OVMF/OVMF_VARS_4M.fd';
const GCONV = ['/usr/lib/x86_64-linux-gnu/gconv/gconv-modules.cache', '/usr/lib/x86_64-linux-gnu/gconv/IBM850.so'];
const MODULES = ['efivarfs', 'virtio_pci', 'virtio_blk'];

const INIT = `#!/bin/sh
export PATH=/bin:/usr/bin:/usr/sbin:/sbin
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
for m in ${MODULES.join(' ')}; do modprobe $m; done
while [ ! -b /dev/vda ]; do sleep 1; done
# efivarfs is left unmounted: the agent mounts it itself.
TYR_AGENT_LOG_FILE=/tmp/tyr-agent.log node /check.mjs /dev/vda && echo TYR-CHECK-OK
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
  for (const applet of ['sh', 'mount', 'modprobe', 'sleep', 'poweroff', 'echo']) fs.symlinkSync('busybox', path.join(root, 'bin', applet));
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

describe('agent UEFI code under OVMF: efivarfs, Secure Boot read, boot entry on real NVRAM', function () {
  this.timeout(900_000);
  let dir: string;

  before(() => {
    for (const f of [OVMF_CODE, OVMF_VARS])
      if (!fs.existsSync(f)) throw new Error(`${f} is missing: run bash scripts/install-system-deps.sh (ovmf)`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-agent-ovmf-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reports UEFI without Secure Boot, creates one "tyr" entry for shim first in BootOrder, and a redeploy replaces it', async () => {
    const { kernel, initrd } = await buildInitramfs(dir);
    const disk = path.join(dir, 'disk.img');
    makeUefiImage(disk, { espFiles: ['EFI/debian/shimx64.efi', 'EFI/debian/grubx64.efi', 'EFI/BOOT/BOOTX64.EFI'], espNumber: 15 });
    const vars = path.join(dir, 'OVMF_VARS.fd');
    fs.copyFileSync(OVMF_VARS, vars);
    const serial = await bootToPowerOff(
      [
        ...['-machine', 'q35', '-accel', 'tcg', '-m', '1536', '-nographic', '-no-reboot', '-net', 'none'],
        ...['-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${OVMF_CODE}`, '-drive', `if=pflash,format=raw,unit=1,file=${vars}`],
        ...['-kernel', kernel, '-initrd', initrd, '-append', 'console=ttyS0 quiet'],
        ...['-drive', `file=${disk},if=virtio,format=raw`],
      ],
      600_000,
    );
    expect(serial, serial.slice(-4000)).to.contain('TYR-CHECK-OK');
    expect(tagged(serial, 'TYR-BOOT')).to.deep.equal({ current_boot_mode: 'uefi', pxe_interface: null, secure_boot: false });
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
});
