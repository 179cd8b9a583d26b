// The one map of hardware interface implementations (framework fakes plus real hardware), and the
// registry built from it and the vendor modules. Processes with a conductor (`tyr server`,
// `tyr conductor`) build it; a scale-out API process reads what conductors registered instead
// (core/drivers/catalog.ts).
import type { Config } from '../config.js';
import type { ConsoleSupervisor } from '../console/supervisor.js';
import { AgentBios } from '../drivers/agent/bios.js';
import { DirectDeploy } from '../drivers/agent/direct-deploy.js';
import { AgentFirmware } from '../drivers/agent/firmware.js';
import { AgentInspect } from '../drivers/agent/inspect.js';
import { AgentRaid } from '../drivers/agent/raid.js';
import { AgentRescue } from '../drivers/agent/rescue.js';
import { builtinImplementations } from '../drivers/builtin.js';
import { BUILTIN_HARDWARE_TYPES } from '../drivers/hardware-types.js';
import { IpmitoolSocatConsole } from '../drivers/ipmitool/console.js';
import { IpmitoolManagement } from '../drivers/ipmitool/management.js';
import { IpmitoolPower } from '../drivers/ipmitool/power.js';
import { IpmitoolVendor } from '../drivers/ipmitool/vendor.js';
import { IpxeBoot } from '../drivers/ipxe/boot.js';
import { loadDriverModules } from '../drivers/modules.js';
import { DriverRegistry, type ImplementationMap } from '../drivers/registry.js';

export function driverImplementations(consoles: ConsoleSupervisor): ImplementationMap {
  const builtin = builtinImplementations();
  return {
    ...builtin,
    power: { ...builtin.power, ipmitool: (config) => new IpmitoolPower(config) },
    management: { ...builtin.management, ipmitool: (config) => new IpmitoolManagement(config) },
    boot: { ...builtin.boot, ipxe: () => new IpxeBoot() },
    deploy: { ...builtin.deploy, direct: () => new DirectDeploy() },
    rescue: { ...builtin.rescue, agent: () => new AgentRescue() },
    inspect: { ...builtin.inspect, agent: () => new AgentInspect() },
    bios: { ...builtin.bios, agent: () => new AgentBios() },
    raid: { ...builtin.raid, agent: () => new AgentRaid() },
    firmware: { ...builtin.firmware, agent: () => new AgentFirmware() },
    vendor: { ...builtin.vendor, ipmitool: (config) => new IpmitoolVendor(config) },
    console: { ...builtin.console, 'ipmitool-socat': (config) => new IpmitoolSocatConsole(config, consoles) },
  };
}

export async function buildDriverRegistry(config: Config, consoles: ConsoleSupervisor): Promise<DriverRegistry> {
  const drivers = await loadDriverModules(config, driverImplementations(consoles), BUILTIN_HARDWARE_TYPES);
  return new DriverRegistry(config, drivers.implementations, drivers.hardwareTypes);
}
