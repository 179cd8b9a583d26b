// Out-of-band inspection as pure functions: the Redfish resources of one ComputerSystem become
// the inventory the ramdisk agent sends (protocol/agent-wire.ts), so the conductor records it,
// derives the properties, creates the ports and runs the inspection rules exactly as for an
// agent's. Field choices follow Ironic's redfish inspect interface (through sushy): cpus are the
// processors' TotalThreads summed, memory is MemorySummary.TotalSystemMemoryGiB, disks come from
// Storage drives or else SimpleStorage devices, NICs from EthernetInterfaces.
import type { CpuInfo, DiskInfo, InterfaceInfo, Inventory } from '../../../protocol/agent-wire.js';
import type { JsonObject } from '../../db/types.js';
import { list, num, obj, str } from './resource-fields.js';

/** What inspection reads of one system, each resource as the BMC served it. */
export interface RedfishHardware {
  system: JsonObject;
  processors: JsonObject[];
  ethernetInterfaces: JsonObject[];
  /** Drives of every Storage subsystem (Storage/{id}/Drives). */
  drives: JsonObject[];
  /** SimpleStorage resources, read only when the system has no Storage drives. */
  simpleStorage: JsonObject[];
  /** The manager's network address, when known (IPA's bmc_address). */
  bmcAddress?: string | null;
  /** The system's SecureBoot resource, when the BMC has one. */
  secureBoot?: JsonObject | null;
}

// Redfish InstructionSet → the kernel's machine name, which the agent reports (uname -m).
const BY_INSTRUCTION_SET: Record<string, string> = {
  'x86-64': 'x86_64',
  x86: 'i686',
  'IA-64': 'ia64',
  'ARM-A64': 'aarch64',
  'ARM-A32': 'armv7l',
  MIPS64: 'mips64',
  MIPS32: 'mips',
  PowerISA: 'ppc64le',
};
// ProcessorArchitecture alone (no InstructionSet): a server's x86 or ARM CPU is 64-bit today.
const BY_ARCHITECTURE: Record<string, string> = { x86: 'x86_64', 'IA-64': 'ia64', ARM: 'aarch64', MIPS: 'mips64', Power: 'ppc64le' };

const GiB = 2 ** 30;
const MiB = 2 ** 20;

function isCpu(p: JsonObject): boolean {
  const type = str(p, 'ProcessorType');
  const state = str(obj(p, 'Status'), 'State');
  return (type === null || type === 'CPU') && state !== 'Absent';
}

export function cpuArchitecture(processors: JsonObject[]): string {
  for (const p of processors.filter(isCpu)) {
    const set = str(p, 'InstructionSet');
    if (set && BY_INSTRUCTION_SET[set]) return BY_INSTRUCTION_SET[set];
    const arch = str(p, 'ProcessorArchitecture');
    if (arch && BY_ARCHITECTURE[arch]) return BY_ARCHITECTURE[arch];
  }
  return 'unknown';
}

/** Logical CPUs: TotalThreads summed (sushy's summary), else the system's ProcessorSummary. */
export function cpuInfo(system: JsonObject, processors: JsonObject[]): CpuInfo {
  const cpus = processors.filter(isCpu);
  const threads = cpus.reduce((sum, p) => sum + (num(p, 'TotalThreads') ?? num(p, 'TotalCores') ?? 0), 0);
  const summary = obj(system, 'ProcessorSummary');
  const first = cpus[0];
  return {
    model_name: str(first, 'Model') ?? str(summary, 'Model') ?? 'unknown',
    frequency: String(num(first, 'MaxSpeedMHz') ?? 0),
    count: threads || (num(summary, 'LogicalProcessorCount') ?? num(summary, 'Count') ?? 0),
    architecture: cpuArchitecture(processors),
    flags: [],
  };
}

/** Sockets and physical cores, which the agent cannot see but Redfish reports. */
export function cpuTopology(processors: JsonObject[]): { socket_count: number; core_count: number } {
  const cpus = processors.filter(isCpu);
  return { socket_count: cpus.length, core_count: cpus.reduce((sum, p) => sum + (num(p, 'TotalCores') ?? 0), 0) };
}

export function memoryInfo(system: JsonObject): { total: number; physical_mb: number } {
  const gib = num(obj(system, 'MemorySummary'), 'TotalSystemMemoryGiB') ?? 0;
  return { total: Math.round(gib * GiB), physical_mb: Math.round((gib * GiB) / MiB) };
}

/** MediaType SSD is not rotational; HDD and SMR are; unknown media counts as rotational, as Linux reports it. */
function diskFromDrive(d: JsonObject): DiskInfo | null {
  const size = num(d, 'CapacityBytes');
  if (size === null || str(obj(d, 'Status'), 'State') === 'Absent') return null;
  return {
    name: str(d, 'Name') ?? str(d, 'Id') ?? 'unknown',
    model: str(d, 'Model'),
    size,
    rotational: str(d, 'MediaType') !== 'SSD',
    wwn: null,
    serial: str(d, 'SerialNumber'),
    vendor: str(d, 'Manufacturer'),
    by_path: str(d, '@odata.id'),
  };
}

/** SimpleStorage devices carry only a name, a size and a status: rotational is unknown (true, as Ironic). */
function disksFromSimpleStorage(storage: JsonObject[]): DiskInfo[] {
  return storage.flatMap((s) =>
    list(s, 'Devices')
      .filter((d): d is JsonObject => typeof d === 'object' && d !== null)
      .filter((d) => num(d, 'CapacityBytes') !== null && str(obj(d, 'Status'), 'State') !== 'Absent')
      .map((d) => ({
        name: str(d, 'Name') ?? 'unknown',
        model: str(d, 'Model'),
        size: num(d, 'CapacityBytes')!,
        rotational: true,
        wwn: null,
        serial: null,
        vendor: str(d, 'Manufacturer'),
        by_path: null,
      })),
  );
}

export function disks(hw: Pick<RedfishHardware, 'drives' | 'simpleStorage'>): DiskInfo[] {
  const fromDrives = hw.drives.map(diskFromDrive).filter((d): d is DiskInfo => d !== null);
  return fromDrives.length > 0 ? fromDrives : disksFromSimpleStorage(hw.simpleStorage);
}

const MAC_RE = /^([0-9a-f]{2}[:-]){5}[0-9a-f]{2}$/i;

/** The NICs with a usable MAC (MACAddress, else PermanentMACAddress), disabled ones left out. */
export function interfaces(ethernet: JsonObject[]): InterfaceInfo[] {
  const out: InterfaceInfo[] = [];
  for (const e of ethernet) {
    if (str(obj(e, 'Status'), 'State') === 'Disabled' || e.InterfaceEnabled === false) continue;
    const mac = [str(e, 'MACAddress'), str(e, 'PermanentMACAddress')].find((m) => m !== null && MAC_RE.test(m));
    if (!mac) continue;
    const ipv4 = list(e, 'IPv4Addresses').find((a): a is JsonObject => typeof a === 'object' && a !== null);
    out.push({
      name: str(e, 'Id') ?? str(e, 'Name') ?? mac,
      mac_address: mac.toLowerCase().replace(/-/g, ':'),
      ipv4_address: str(ipv4, 'Address'),
      ipv6_address: null,
      // A powered-off machine reports LinkDown on every NIC: only LinkUp is a known carrier.
      has_carrier: str(e, 'LinkStatus') === 'LinkUp',
      speed_mbps: num(e, 'SpeedMbps'),
      driver: null,
      pci_address: null,
      product: null,
      vendor: null,
    });
  }
  return out;
}

/** Boot.BootSourceOverrideMode: UEFI → uefi, Legacy → bios; unset means the firmware default, UEFI today. */
export function bootMode(system: JsonObject): 'uefi' | 'bios' {
  return str(obj(system, 'Boot'), 'BootSourceOverrideMode') === 'Legacy' ? 'bios' : 'uefi';
}

/**
 * SecureBoot.SecureBootCurrentBoot: whether the machine booted with Secure Boot on (what the agent
 * reports as boot.secure_boot); SecureBootEnable is only what the next boot will do.
 */
export function secureBootOf(secureBoot: JsonObject | null | undefined): { secure_boot?: boolean } {
  const current = secureBoot ? str(secureBoot, 'SecureBootCurrentBoot') : null;
  return current === 'Enabled' ? { secure_boot: true } : current === 'Disabled' ? { secure_boot: false } : {};
}

export function inventoryFrom(hw: RedfishHardware): Inventory & { cpu: CpuInfo & ReturnType<typeof cpuTopology> } {
  const { system } = hw;
  return {
    cpu: { ...cpuInfo(system, hw.processors), ...cpuTopology(hw.processors) },
    memory: memoryInfo(system),
    disks: disks(hw),
    interfaces: interfaces(hw.ethernetInterfaces),
    system_vendor: {
      product_name: str(system, 'Model'),
      serial_number: str(system, 'SerialNumber'),
      manufacturer: str(system, 'Manufacturer'),
      firmware: { vendor: null, version: str(system, 'BiosVersion'), build_date: null },
    },
    boot: { current_boot_mode: bootMode(system), pxe_interface: null, ...secureBootOf(hw.secureBoot) },
    bmc_address: hw.bmcAddress ?? null,
    pci_devices: [],
  };
}

/**
 * What scheduling needs that the BMC did not report (Ironic's redfish inspection fails on the
 * same): some BMCs only know CPUs and memory once the machine has gone through POST.
 */
export function missingEssentials(inv: Inventory): string[] {
  const missing: string[] = [];
  if (!(inv.cpu.count > 0)) missing.push('cpus (Processors TotalThreads, ProcessorSummary)');
  if (inv.cpu.architecture === 'unknown') missing.push('cpu_arch (Processors InstructionSet, ProcessorArchitecture)');
  if (!(inv.memory.physical_mb > 0)) missing.push('memory_mb (MemorySummary.TotalSystemMemoryGiB)');
  if (inv.interfaces.length === 0) missing.push('NICs with a MAC address (EthernetInterfaces)');
  return missing;
}
