// The machine is a lab QEMU VM (a node dir made by lab.ts). Power on/off go through qemu-hook.sh,
// as for the IPMI lab; the rest through QMP on <dir>/qmp.sock: system_powerdown (graceful off),
// system_reset (restarts), inject-nmi, and CD media changes. The boot target is the hook's boot
// file (<dir>/boot), which sets the VM's bootindex order; a one-time target is put back to disk
// right after the boot starts, so a reboot from inside the guest boots the disk.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { processAlive, processCmdline } from '../pids.js';
import { fetchUrl } from './fetch-url.js';
import type { MachineBackend } from './machine.js';
import { qmp } from './qmp.js';
import { specFromQemuConf } from './qemu-conf.js';
import type { BootTarget, PowerState, SimMachineSpec } from './types.js';

const execFileP = promisify(execFile);
const DEFAULT_HOOK = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'qemu-hook.sh');
const CD_DEVICE = 'cd0dev';

/** The hook's boot devices; targets QEMU cannot tell apart from the disk boot the disk. */
const HOOK_BOOT: Record<BootTarget, string> = {
  None: 'default',
  Pxe: 'pxe',
  Hdd: 'default',
  Cd: 'cdrom',
  BiosSetup: 'bios',
  Usb: 'default',
  UefiHttp: 'default',
};

export class QemuBackend implements MachineBackend {
  readonly spec: SimMachineSpec;
  private readonly dir: string;
  private readonly hook: string;

  constructor(dir: string, vendor: string) {
    this.dir = path.resolve(dir);
    this.spec = specFromQemuConf(this.dir, vendor);
    const own = path.join(this.dir, 'qemu-hook');
    this.hook = fs.existsSync(own) ? own : DEFAULT_HOOK;
    // A BMC starts with its virtual media ejected: a CD image left by an earlier sim must not be
    // the medium of the next VM start while Redfish reports the drive empty.
    if (!this.running()) fs.rmSync(this.cdrom, { force: true });
  }

  private get qmpSocket(): string {
    return path.join(this.dir, 'qmp.sock');
  }

  private get cdrom(): string {
    return path.join(this.dir, 'cdrom.iso');
  }

  /** Checked against the pidfile argument, as the hook does: PIDs get reused. */
  private running(): boolean {
    const pidfile = path.join(this.dir, 'qemu.pid');
    let pid: number;
    try {
      pid = Number(fs.readFileSync(pidfile, 'utf8').trim());
    } catch {
      return false;
    }
    return pid > 0 && processAlive(pid) && (processCmdline(pid)?.includes(`-pidfile ${pidfile}`) ?? false);
  }

  private async runHook(...args: string[]): Promise<void> {
    try {
      await execFileP(this.hook, [this.dir, ...args], { timeout: 60_000 });
    } catch (err) {
      const stderr = (err as { stderr?: string }).stderr ?? '';
      throw new Error(`qemu-hook.sh ${args.join(' ')} failed for ${this.dir}: ${stderr.trim() || (err as Error).message}`, { cause: err });
    }
  }

  private setBootFile(target: BootTarget | 'default'): void {
    const file = path.join(this.dir, 'boot');
    fs.writeFileSync(`${file}.tmp`, `${target === 'default' ? 'default' : HOOK_BOOT[target]}\n`);
    fs.renameSync(`${file}.tmp`, file);
  }

  /** Once: the next boot (guest reboots included) goes back to the disk. */
  private async afterBoot(once: boolean): Promise<void> {
    if (!once) return;
    this.setBootFile('default');
    await this.runHook('boot', 'default');
  }

  /** QMP needs the socket, which QEMU creates just after it daemonizes. */
  private async qmpWhenReady(execute: string, args?: Record<string, unknown>): Promise<unknown> {
    for (let i = 0; i < 100 && !fs.existsSync(this.qmpSocket); i++) await new Promise((r) => setTimeout(r, 50));
    return qmp(this.qmpSocket, execute, args);
  }

  async readPower(): Promise<PowerState> {
    return this.running() ? 'On' : 'Off';
  }

  async powerOn(boot: BootTarget, once: boolean): Promise<void> {
    this.setBootFile(boot);
    await this.runHook('power', '1');
    await this.afterBoot(once);
  }

  async powerOff(): Promise<void> {
    await this.runHook('power', '0');
  }

  async softPowerOff(): Promise<void> {
    if (this.running()) await this.qmpWhenReady('system_powerdown');
  }

  async restart(boot: BootTarget, once: boolean): Promise<void> {
    if (!this.running()) return this.powerOn(boot, once);
    this.setBootFile(boot);
    // The new bootindex order first: QEMU hands it to the firmware at the reset.
    await this.runHook('boot', HOOK_BOOT[boot]);
    await this.qmpWhenReady('system_reset');
    await this.afterBoot(once);
  }

  async nmi(): Promise<void> {
    if (this.running()) await this.qmpWhenReady('inject-nmi');
  }

  async insertMedia(image: string): Promise<number> {
    const partial = `${this.cdrom}.part`;
    let bytes: number;
    try {
      ({ bytes } = await fetchUrl(image, partial));
    } catch (err) {
      fs.rmSync(partial, { force: true });
      throw err;
    }
    fs.renameSync(partial, this.cdrom);
    if (this.running()) {
      await this.qmpWhenReady('blockdev-change-medium', {
        id: CD_DEVICE,
        filename: this.cdrom,
        format: 'raw',
        'read-only-mode': 'read-only',
      });
    }
    return bytes;
  }

  async ejectMedia(): Promise<void> {
    if (this.running()) {
      await this.qmpWhenReady('blockdev-open-tray', { id: CD_DEVICE, force: true });
      await this.qmpWhenReady('blockdev-remove-medium', { id: CD_DEVICE });
      await this.qmpWhenReady('blockdev-close-tray', { id: CD_DEVICE });
    }
    fs.rmSync(this.cdrom, { force: true });
  }

  // The VM is left as it is: a BMC going away does not cut the server's power. labDown() stops VMs.
  async close(): Promise<void> {}
}
