// Bounded names for BMC calls, the `operation` label of the BMC metrics. Arguments (boot devices,
// raw bytes, resource ids) never become label values: each would be a new series.
import type { IpmiCommand } from '../drivers/ipmitool/ipmitool-cli.js';

/** The operation an ipmitool command performs: power_status, power_on, set_boot_device, … */
export function ipmitoolOperation(command: IpmiCommand): string {
  const [verb, sub, arg] = command;
  if (verb === 'power') return 'power_status';
  if (verb === 'chassis' && sub === 'power') return `power_${arg}`;
  if (verb === 'chassis' && sub === 'bootdev') return 'set_boot_device';
  if (verb === 'chassis' && sub === 'bootparam') return 'get_boot_device';
  if (verb === 'sol') return `sol_${sub}`;
  if (verb === 'bmc') return 'bmc_reset';
  return verb;
}

// Redfish resource and collection names (DMTF schema names, a closed set in practice). Path
// segments not listed here are member ids (system "1", "System.Embedded.1", a task id) and
// are left out of the operation name.
const RESOURCE_NAMES = new Set([
  'Systems',
  'Managers',
  'Chassis',
  'Bios',
  'Settings',
  'SecureBoot',
  'SecureBootDatabases',
  'Storage',
  'Drives',
  'Volumes',
  'VirtualMedia',
  'EthernetInterfaces',
  'NetworkInterfaces',
  'Processors',
  'Memory',
  'SimpleStorage',
  'Thermal',
  'Power',
  'Sensors',
  'UpdateService',
  'FirmwareInventory',
  'SoftwareInventory',
  'TaskService',
  'Tasks',
  'SessionService',
  'Sessions',
  'AccountService',
  'Registries',
  'Oem',
]);

/**
 * The operation a Redfish request performs: an action's name ("ComputerSystem.Reset"), else the
 * method and the resource kind ("GET Systems/Bios"), e.g. from /redfish/v1/Systems/1/Bios.
 */
export function redfishOperation(method: string, path: string): string {
  const segments = path.split('?')[0]!.split('/').filter(Boolean);
  const action = segments.indexOf('Actions');
  if (action >= 0 && segments[action + 1]) return `${method} ${segments[action + 1]}`;
  const kinds = segments.filter((s) => RESOURCE_NAMES.has(s));
  return `${method} ${kinds.length ? kinds.join('/') : 'root'}`;
}
