// TEST-ONLY vendor driver module, loaded by `tyr server` through drivers.modules
// (TYR_DRIVERS_MODULES). It plays a vendor's package: a hardware type "acme-test" with its own
// power, management and deploy (clean step) implementations. The "BMC" is a directory named by
// driver_info.acme_state_dir, where power state, boot device and clean-step results are files, so
// the test can check that Tyr really called these implementations.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../core/config.js';
import type { DriverModule } from '../../../core/drivers/modules.js';
import type { DeployInterface } from '../../../core/drivers/interfaces/deploy.js';
import type { BootDevice, ManagementInterface } from '../../../core/drivers/interfaces/management.js';
import type { PowerInterface, PowerState, PowerTarget } from '../../../core/drivers/interfaces/power.js';
import type { NodeContext } from '../../../core/drivers/interfaces/task.js';
import { InvalidParameterValue } from '../../../core/errors.js';

const PROPERTIES = { acme_state_dir: { description: 'Directory the Acme test BMC keeps its state in.', required: true } };

function stateDir(ctx: NodeContext): string {
  const dir = ctx.node.driver_info.acme_state_dir;
  if (typeof dir !== 'string' || !dir) throw new InvalidParameterValue('Acme driver_info needs acme_state_dir (a directory).');
  if (!fs.existsSync(dir)) throw new InvalidParameterValue(`Acme driver_info acme_state_dir ${dir} does not exist.`);
  return dir;
}
const read = (ctx: NodeContext, f: string, def: string) => {
  try {
    return fs.readFileSync(path.join(stateDir(ctx), f), 'utf8');
  } catch {
    return def;
  }
};
const write = (ctx: NodeContext, f: string, v: string) => fs.writeFileSync(path.join(stateDir(ctx), f), v);

class AcmePower implements PowerInterface {
  readonly properties = PROPERTIES;
  async validate(ctx: NodeContext): Promise<void> {
    stateDir(ctx);
  }
  async getPowerState(ctx: NodeContext): Promise<PowerState> {
    return read(ctx, 'power', 'off') === 'on' ? 'power on' : 'power off';
  }
  async setPowerState(ctx: NodeContext, target: 'power on' | 'power off' | 'soft power off'): Promise<void> {
    write(ctx, 'power', target === 'power on' ? 'on' : 'off');
  }
  async reboot(ctx: NodeContext): Promise<void> {
    write(ctx, 'power', 'on');
  }
  supportedPowerStates(): PowerTarget[] {
    return ['power on', 'power off', 'rebooting'];
  }
}

class AcmeManagement implements ManagementInterface {
  readonly properties = PROPERTIES;
  async validate(ctx: NodeContext): Promise<void> {
    stateDir(ctx);
  }
  supportedBootDevices(): BootDevice[] {
    return ['pxe', 'disk'];
  }
  async setBootDevice(ctx: NodeContext, device: BootDevice): Promise<void> {
    write(ctx, 'boot', device);
  }
  async getBootDevice(ctx: NodeContext) {
    return { boot_device: read(ctx, 'boot', 'disk') as BootDevice, persistent: true };
  }
}

/** Cleaning without a ramdisk: the Acme BMC runs its steps itself (here: writes them down). */
class AcmeDeploy implements DeployInterface {
  readonly properties = {};
  async validate(): Promise<void> {}
  async deploy(): Promise<'done'> {
    return 'done';
  }
  async tearDown(): Promise<void> {}
  async clean(ctx: NodeContext, steps?: Record<string, unknown>[]): Promise<'done'> {
    for (const step of steps ?? []) {
      if (step.interface !== 'management' || step.step !== 'acme_reset_bmc') {
        throw new InvalidParameterValue(
          `Acme cleaning knows only management.acme_reset_bmc, not ${String(step.interface)}.${String(step.step)}.`,
        );
      }
      write(ctx, 'bmc-reset', JSON.stringify(step.args ?? {}));
    }
    return 'done';
  }
}

export const tyrDrivers = (config: Config): DriverModule => {
  if (!config.service.data_dir) throw new Error('unexpected: no data_dir'); // the config reaches the module
  return {
    implementations: {
      power: { 'acme-power': () => new AcmePower() },
      management: { 'acme-management': () => new AcmeManagement() },
      deploy: { 'acme-local': () => new AcmeDeploy() },
    },
    hardwareTypes: [
      {
        name: 'acme-test',
        interfaces: {
          power: ['acme-power'],
          management: ['acme-management'],
          deploy: ['acme-local', 'fake'],
          boot: ['fake'],
          inspect: ['no'],
          console: ['no'],
          rescue: ['no'],
          bios: ['no', 'fake'],
          raid: ['no', 'fake'],
          firmware: ['no', 'fake'],
          vendor: ['no'],
          network: ['noop'],
          storage: ['noop'],
        },
      },
    ],
  };
};
