// The one map of hardware interface implementations (framework fakes plus real hardware), and the
// registry built from it and the vendor modules. Processes with a conductor (`tyr server`,
// `tyr conductor`) build it; a scale-out API process reads what conductors registered instead
// (core/drivers/catalog.ts). State the implementations share (the ipmitool queues and password
// files) belongs to the registry's service and is released when the service stops.
import type { BootNetwork } from '../boot/boot-network.js';
import type { Config } from '../config.js';
import type { ConsoleSupervisor } from '../console/supervisor.js';
import { AgentBios } from '../drivers/ramdisk-agent/bios.js';
import { DirectDeploy } from '../drivers/ramdisk-agent/direct-deploy.js';
import { AgentFirmware } from '../drivers/ramdisk-agent/firmware.js';
import { AgentInspect } from '../drivers/ramdisk-agent/inspect.js';
import { AgentRaid } from '../drivers/ramdisk-agent/raid.js';
import { AgentRescue } from '../drivers/ramdisk-agent/rescue.js';
import { builtinImplementations } from '../drivers/builtin.js';
import { BUILTIN_HARDWARE_TYPES } from '../drivers/hardware-types.js';
import { IpmitoolSocatConsole } from '../drivers/ipmitool/console.js';
import { IpmitoolManagement } from '../drivers/ipmitool/management.js';
import { IpmitoolPower } from '../drivers/ipmitool/power.js';
import { nativeIpmiFactory } from '../drivers/ipmitool/native.js';
import { IpmitoolResources } from '../drivers/ipmitool/resources.js';
import { IpmitoolVendor } from '../drivers/ipmitool/vendor.js';
import { IpxeBoot } from '../drivers/ipxe/boot.js';
import { loadDriverModules } from '../drivers/modules.js';
import { RedfishBios } from '../drivers/redfish/bios.js';
import { RedfishFirmware } from '../drivers/redfish/firmware.js';
import { RedfishInspect } from '../drivers/redfish/inspect.js';
import { RedfishManagement } from '../drivers/redfish/management.js';
import { RedfishPower } from '../drivers/redfish/power.js';
import { RedfishRaid } from '../drivers/redfish/raid.js';
import { RedfishResources } from '../drivers/redfish/resources.js';
import { RedfishVirtualMediaBoot } from '../drivers/redfish/virtual-media-boot.js';
import { DriverRegistry, type ImplementationMap } from '../drivers/registry.js';
import type { BmcMetrics } from '../metrics/bmc-metrics.js';
import type { Lifecycle } from './lifecycle.js';

export function driverImplementations(
  consoles: ConsoleSupervisor,
  ipmitool: IpmitoolResources,
  redfish: RedfishResources,
  bootNetwork?: BootNetwork,
): ImplementationMap {
  const builtin = builtinImplementations();
  return {
    ...builtin,
    power: {
      ...builtin.power,
      ipmitool: (config) => new IpmitoolPower(config, ipmitool.client(config)),
      redfish: (config) => new RedfishPower(config, redfish),
    },
    management: {
      ...builtin.management,
      ipmitool: (config) => new IpmitoolManagement(ipmitool.client(config)),
      redfish: () => new RedfishManagement(redfish),
    },
    boot: { ...builtin.boot, ipxe: () => new IpxeBoot(bootNetwork), 'redfish-virtual-media': () => new RedfishVirtualMediaBoot(redfish) },
    deploy: { ...builtin.deploy, direct: () => new DirectDeploy() },
    rescue: { ...builtin.rescue, agent: () => new AgentRescue() },
    inspect: { ...builtin.inspect, agent: () => new AgentInspect(), redfish: () => new RedfishInspect(redfish) },
    bios: { ...builtin.bios, agent: () => new AgentBios(), redfish: () => new RedfishBios(redfish) },
    raid: { ...builtin.raid, agent: () => new AgentRaid(), redfish: () => new RedfishRaid(redfish) },
    firmware: { ...builtin.firmware, agent: () => new AgentFirmware(), redfish: () => new RedfishFirmware(redfish) },
    vendor: { ...builtin.vendor, ipmitool: (config) => new IpmitoolVendor(ipmitool.client(config)) },
    console: { ...builtin.console, 'ipmitool-socat': (config) => new IpmitoolSocatConsole(config, consoles, ipmitool) },
  };
}

export async function buildDriverRegistry(
  config: Config,
  consoles: ConsoleSupervisor,
  life: Lifecycle,
  bootNetwork?: BootNetwork,
  bmcMetrics?: BmcMetrics,
): Promise<DriverRegistry> {
  const ipmitool = new IpmitoolResources(config, bmcMetrics, nativeIpmiFactory);
  life.add('ipmitool', () => ipmitool.close());
  const redfish = new RedfishResources(config, bmcMetrics);
  life.add('redfish', () => redfish.close());
  const drivers = await loadDriverModules(config, driverImplementations(consoles, ipmitool, redfish, bootNetwork), BUILTIN_HARDWARE_TYPES);
  return new DriverRegistry(config, drivers.implementations, drivers.hardwareTypes);
}
