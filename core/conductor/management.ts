// Boot device and NMI: short synchronous BMC calls, under the node lock when they change things.
import type { BootDevice } from '../drivers/interfaces/management.js';
import { InvalidParameterValue, UnsupportedDriverExtension } from '../errors.js';
import type { ConductorContext } from './context.js';

export async function setBootDevice(c: ConductorContext, uuid: string, device: BootDevice, persistent: boolean): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    const mgmt = task.ifaces.management;
    const supported = mgmt.supportedBootDevices(task.ctx);
    if (!supported.includes(device)) {
      throw new InvalidParameterValue(
        `Boot device "${device}" is not supported by node ${task.node.uuid}. Supported: ${supported.join(', ') || 'none'}.`,
      );
    }
    await mgmt.validate(task.ctx);
    await mgmt.setBootDevice(task.ctx, device, persistent);
    await task.history(`Boot device set to ${device}${persistent ? ' (persistent)' : ''}`, 'info', 'management');
  });
}

export async function getBootDevice(
  c: ConductorContext,
  uuid: string,
): Promise<{ boot_device: BootDevice | null; persistent: boolean | null }> {
  const task = await c.tasks.shared(uuid);
  const mgmt = task.ifaces.management;
  await mgmt.validate(task.ctx);
  return mgmt.getBootDevice(task.ctx);
}

export async function supportedBootDevices(c: ConductorContext, uuid: string): Promise<BootDevice[]> {
  const task = await c.tasks.shared(uuid);
  return task.ifaces.management.supportedBootDevices(task.ctx);
}

export async function injectNmi(c: ConductorContext, uuid: string): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    const mgmt = task.ifaces.management;
    if (!mgmt.injectNmi) {
      throw new UnsupportedDriverExtension(
        `The ${task.node.management_interface} management interface of node ${task.node.uuid} cannot inject an NMI.`,
      );
    }
    await mgmt.validate(task.ctx);
    await mgmt.injectNmi(task.ctx);
    await task.history('NMI injected', 'info', 'management');
  });
}
