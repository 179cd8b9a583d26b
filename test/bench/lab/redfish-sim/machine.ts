// The machine behind the BMC. What every backend shares lives here: the ResetType semantics, the
// one-time boot override being used up by a boot, and pending BIOS settings applied at the next
// power-on or restart. A backend (memory, qemu) only does the physical part.
import type { BootTarget, PowerState, ResetType, SimMachineSpec, SimMachineState } from './types.js';

export interface MachineBackend {
  readonly spec: SimMachineSpec;
  /** The machine's real power state when it can change on its own (a guest powering off), else null. */
  readPower(): Promise<PowerState | null>;
  /** `once`: the target is for this boot only (BootSourceOverrideEnabled Once). */
  powerOn(boot: BootTarget, once: boolean): Promise<void>;
  /** A hard cut. */
  powerOff(): Promise<void>;
  /** ACPI power button: the OS decides (the memory machine obeys at once). */
  softPowerOff(): Promise<void>;
  restart(boot: BootTarget, once: boolean): Promise<void>;
  nmi(): Promise<void>;
  /** Fetches `image` and makes it the CD's medium; resolves to its size in bytes. */
  insertMedia(image: string): Promise<number>;
  ejectMedia(): Promise<void>;
  close(): Promise<void>;
}

export class SimMachine {
  // Machine operations run one at a time, as a BMC serialises them: two resets at once must not
  // interleave their hook runs and QMP commands.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly backend: MachineBackend,
    readonly state: SimMachineState,
  ) {}

  private serial<T>(op: () => Promise<T>): Promise<T> {
    const run = this.queue.then(op, op);
    this.queue = run.catch(() => undefined);
    return run;
  }

  get spec(): SimMachineSpec {
    return this.backend.spec;
  }

  /** The power state, refreshed from the backend when the machine can change it itself. */
  async power(): Promise<PowerState> {
    const real = await this.backend.readPower();
    if (real) this.state.powerState = real;
    return this.state.powerState;
  }

  reset(type: ResetType): Promise<void> {
    return this.serial(() => this.doReset(type));
  }

  private async doReset(type: ResetType): Promise<void> {
    const on = (await this.power()) === 'On';
    switch (type) {
      case 'On':
        if (!on) await this.boot(false);
        return;
      case 'ForceOff':
        if (on) await this.backend.powerOff();
        this.state.powerState = 'Off';
        return;
      case 'GracefulShutdown':
        if (on) await this.softOff();
        return;
      case 'GracefulRestart':
      case 'ForceRestart':
        // A restart of a machine that is off powers it on, as most BMCs do.
        await this.boot(on);
        return;
      case 'Nmi':
        if (on) await this.backend.nmi();
        this.state.nmis++;
        return;
      case 'PushPowerButton':
        if (on) await this.softOff();
        else await this.boot(false);
        return;
    }
  }

  insertMedia(image: string, writeProtected: boolean): Promise<void> {
    return this.serial(async () => {
      const bytes = await this.backend.insertMedia(image);
      this.state.media = { inserted: true, image, writeProtected, bytes };
    });
  }

  ejectMedia(): Promise<void> {
    return this.serial(async () => {
      await this.backend.ejectMedia();
      this.state.media = { inserted: false, image: null, writeProtected: true, bytes: 0 };
    });
  }

  /** Lets a machine operation under way finish first, so that stopping never leaves it half done. */
  async close(): Promise<void> {
    await this.queue;
    await this.backend.close();
  }

  private async softOff(): Promise<void> {
    await this.backend.softPowerOff();
    this.state.powerState = (await this.backend.readPower()) ?? 'Off';
  }

  /** A power-on or restart: what the firmware does at POST. */
  private async boot(restart: boolean): Promise<void> {
    const { bios, bootOverride } = this.state;
    Object.assign(bios.attributes, bios.pending);
    bios.pending = {};
    const target: BootTarget = bootOverride.enabled === 'Disabled' || bootOverride.target === 'None' ? 'Hdd' : bootOverride.target;
    const once = bootOverride.enabled === 'Once';
    if (once) bootOverride.enabled = 'Disabled';
    this.state.lastBoot = { target, mode: bootOverride.mode };
    this.state.secureBootCurrentBoot = this.state.secureBootEnable;
    this.state.boots++;
    if (restart) await this.backend.restart(target, once);
    else await this.backend.powerOn(target, once);
    this.state.powerState = 'On';
  }
}
