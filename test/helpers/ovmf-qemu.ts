// A QEMU machine on OVMF for network-boot tests inside a test network namespace (netns.ts), or
// booting an ISO from its CD drive (virtual-media tests, no network): q35, the firmware's own UEFI
// network stack (romfile= drops QEMU's iPXE option ROM, whose
// emulated PXE base code makes shim misread GRUB's size: docs/lab.md), a per-VM copy of the
// variable store, and the serial console in a file the test reads its markers from.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const OVMF = '/usr/share/OVMF';
/** Plain OVMF, and OVMF with Microsoft's keys enrolled and Secure Boot on (Debian's ovmf package). */
export const OVMF_FIRMWARE = {
  uefi: { code: `${OVMF}/OVMF_CODE_4M.fd`, vars: `${OVMF}/OVMF_VARS_4M.fd`, machine: ['-machine', 'q35'] },
  // The secboot build needs SMM and a secure pflash; the .ms store has Microsoft's keys enrolled.
  'uefi-secure': {
    code: `${OVMF}/OVMF_CODE_4M.secboot.fd`,
    vars: `${OVMF}/OVMF_VARS_4M.ms.fd`,
    machine: ['-machine', 'q35,smm=on', '-global', 'driver=cfi.pflash01,property=secure,value=on'],
  },
} as const;

export interface OvmfVm {
  proc: ChildProcess;
  consoleLog: string;
  console(): string;
  stderr(): string;
  /** Kills this VM (by its own handle) and waits for it to exit. */
  kill(): Promise<void>;
}

/** On a namespace's tap. */
interface OvmfNic {
  netnsExec: string[];
  tap: string;
  mac: string;
  /**
   * false: a machine set up for UEFI HTTP boot only. OVMF otherwise tries PXE over IPv4 and IPv6
   * first (about 170 s of timeouts under TCG); its fw_cfg switches turn PXE off, as a server's
   * setup menu would.
   */
  pxe?: boolean;
}

function bootDevice(opts: OvmfNic | { cdrom: string }): string[] {
  // OVMF boots only devices with a bootindex (docs/lab.md); q35's AHCI has the CD's bus.
  if ('cdrom' in opts)
    return [
      '-drive',
      `if=none,id=cd0,media=cdrom,readonly=on,format=raw,file=${opts.cdrom}`,
      '-device',
      'ide-cd,drive=cd0,bus=ide.0,bootindex=1',
    ];
  return [
    '-netdev',
    `tap,id=n0,ifname=${opts.tap},script=no,downscript=no`,
    '-device',
    `virtio-net-pci,netdev=n0,mac=${opts.mac},bootindex=1,romfile=`,
  ];
}

export function startOvmfVm(opts: (OvmfNic | { cdrom: string }) & { firmware: keyof typeof OVMF_FIRMWARE; dir: string }): OvmfVm {
  const fw = OVMF_FIRMWARE[opts.firmware];
  for (const f of [fw.code, fw.vars]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: install Debian's ovmf package`);
  fs.mkdirSync(opts.dir, { recursive: true });
  const vars = path.join(opts.dir, 'OVMF_VARS.fd');
  fs.copyFileSync(fw.vars, vars);
  const consoleLog = path.join(opts.dir, 'console.log');
  fs.rmSync(consoleLog, { force: true });
  const [cmd, ...pre] = 'netnsExec' in opts ? opts.netnsExec : [];
  const proc = spawn(
    cmd ?? 'qemu-system-x86_64',
    [
      ...(cmd ? [...pre, 'qemu-system-x86_64'] : []),
      '-accel',
      'tcg',
      ...fw.machine,
      '-m',
      '768',
      '-nodefaults',
      '-display',
      'none',
      '-drive',
      `if=pflash,format=raw,unit=0,readonly=on,file=${fw.code}`,
      '-drive',
      `if=pflash,format=raw,unit=1,file=${vars}`,
      ...bootDevice(opts),
      '-serial',
      `file:${consoleLog}`,
      ...('pxe' in opts && opts.pxe === false
        ? ['-fw_cfg', 'name=opt/org.tianocore/IPv4PXESupport,string=n', '-fw_cfg', 'name=opt/org.tianocore/IPv6PXESupport,string=n']
        : []),
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  proc.stderr.on('data', (d) => {
    stderr += String(d);
  });
  return {
    proc,
    consoleLog,
    // OVMF draws with ANSI escapes; strip them so markers and messages can be matched.
    console: () => (fs.existsSync(consoleLog) ? fs.readFileSync(consoleLog, 'latin1').replace(/\x1b\[[0-9;]*[A-Za-z]/g, '') : ''),
    stderr: () => stderr,
    async kill() {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
