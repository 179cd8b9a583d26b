// The shape of an inspection callback (POST /v1/continue_inspection): IPA's inventory, and plugin
// data beside it (inspection-plugin-data.ts splits the body as Ironic does). The endpoint is
// public, so every field the core reads is checked here, with the failing field named in the 400;
// fields the core does not read are kept as sent (they are stored). A stock IPA and Tyr's agent
// (agent-wire.ts) send this shape; the conductor reads it (core/conductor/inspection/).
import { splitCallbackBody } from './inspection-plugin-data.js';
import { ShapeError } from './shape-error.js';

type JsonObject = Record<string, unknown>;

/** plugin_data over inspection.max_plugin_data_bytes: the core answers 413 rather than 400. */
export class PluginDataTooLarge extends ShapeError {}

export interface InventoryDisk {
  name: string;
  size: number;
  [k: string]: unknown;
}
export interface InventoryNic {
  name: string;
  mac_address: string;
  has_carrier?: boolean;
  [k: string]: unknown;
}
export interface PciDevice {
  vendor_id: string;
  product_id: string;
  [k: string]: unknown;
}

export interface Inventory {
  cpu: { count: number; architecture: string; [k: string]: unknown };
  /** physical_mb is null when IPA's dmidecode failed (hardware.py get_memory); total is in bytes. */
  memory: { physical_mb: number | null; total?: number; [k: string]: unknown };
  disks: InventoryDisk[];
  interfaces: InventoryNic[];
  boot?: { current_boot_mode?: string; pxe_interface?: string | null; secure_boot?: boolean; [k: string]: unknown };
  bmc_address?: string | null;
  bmc_v6address?: string | null;
  /** IPA sends them beside the inventory (plugin data); they are kept here so that rules read one place. */
  pci_devices: PciDevice[];
  [k: string]: unknown;
}

export interface InspectionCallback {
  inventory: Inventory;
  plugin_data: JsonObject;
  node_uuid?: string;
  /** The ramdisk reported that its inspection failed (IPA's `error`). */
  ramdisk_error?: string;
  /** The disk the ramdisk chose as root (IPA's `root_disk`), when it is one of the inventory's disks. */
  root_disk_name?: string;
}

const LIMITS = { disks: 256, interfaces: 128, pci_devices: 1024 };
const MAC_RE = /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i;
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX4_RE = /^(0x)?[0-9a-f]{4}$/i;

function bad(field: string, want: string, got: unknown): never {
  const shown = got === undefined ? 'nothing' : JSON.stringify(got)?.slice(0, 80);
  throw new ShapeError(`Inspection data field "${field}" must be ${want}; got ${shown}.`);
}

function obj(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) bad(field, 'an object', value);
  return value as Record<string, unknown>;
}

function list(value: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(value)) bad(field, 'a list', value);
  if (value.length > max) bad(field, `a list of at most ${max} entries`, `${value.length} entries`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) bad(field, 'a non-negative number', value);
  return value;
}

function text(value: unknown, field: string, max = 255): string {
  if (typeof value !== 'string' || value.length > max) bad(field, `a string of at most ${max} characters`, value);
  return value;
}

function mac(value: unknown, field: string): string {
  if (typeof value !== 'string' || !MAC_RE.test(value)) bad(field, 'a MAC address like 52:54:00:12:34:56', value);
  return value.toLowerCase();
}

/** A PCI id, kept as four lower-case hex digits ("0x10DE" → "10de"), so rules compare one form. */
function pciId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !HEX4_RE.test(value)) bad(field, 'four hex digits like "10de"', value);
  return value.toLowerCase().replace(/^0x/, '');
}

const BOOTIF_RE = /^01-([0-9a-f]{2}(-[0-9a-f]{2}){5})$/i;

/** The PXE NIC as IPA reports it: the kernel's BOOTIF, which PXELINUX and iPXE write as 01-aa-bb-cc-dd-ee-ff. */
function pxeMac(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const bootif = typeof value === 'string' ? BOOTIF_RE.exec(value) : null;
  return mac(bootif ? bootif[1]!.replace(/-/g, ':') : value, 'inventory.boot.pxe_interface');
}

/**
 * A BMC address, or null when the machine has none: IPA reports "0.0.0.0" for IPv4 and "::/0"
 * for IPv6 when ipmitool finds no address (hardware.py get_bmc_address / get_bmc_v6address).
 */
function bmcAddress(value: unknown, field: string): string | null {
  if (value === undefined || value === null || value === '' || value === '0.0.0.0' || value === '::/0' || value === '::') return null;
  const addr = text(value, field, 64);
  if (!/^[0-9a-f.:]+$/i.test(addr)) bad(field, 'an IPv4 or IPv6 address', addr);
  return addr;
}

function checkPciDevices(raw: unknown, field: string): PciDevice[] {
  return list(raw ?? [], field, LIMITS.pci_devices).map((p, i) => {
    const dev = obj(p, `${field}[${i}]`);
    return {
      ...dev,
      vendor_id: pciId(dev.vendor_id, `${field}[${i}].vendor_id`),
      product_id: pciId(dev.product_id, `${field}[${i}].product_id`),
    };
  });
}

function checkInventory(raw: unknown, pciRaw: unknown, pciField: string): Inventory {
  const inv = obj(raw, 'inventory');
  const cpu = obj(inv.cpu, 'inventory.cpu');
  count(cpu.count, 'inventory.cpu.count');
  text(cpu.architecture, 'inventory.cpu.architecture', 32);
  const memory = obj(inv.memory, 'inventory.memory');
  if (memory.physical_mb !== null) count(memory.physical_mb, 'inventory.memory.physical_mb');
  if (memory.total !== undefined && memory.total !== null) count(memory.total, 'inventory.memory.total');
  const disks = list(inv.disks ?? [], 'inventory.disks', LIMITS.disks).map((d, i) => {
    const disk = obj(d, `inventory.disks[${i}]`);
    return { ...disk, name: text(disk.name, `inventory.disks[${i}].name`), size: count(disk.size, `inventory.disks[${i}].size`) };
  });
  const interfaces = list(inv.interfaces, 'inventory.interfaces', LIMITS.interfaces).map((n, i) => {
    const nic = obj(n, `inventory.interfaces[${i}]`);
    if (nic.has_carrier !== undefined && typeof nic.has_carrier !== 'boolean')
      bad(`inventory.interfaces[${i}].has_carrier`, 'true or false', nic.has_carrier);
    return {
      ...nic,
      name: text(nic.name ?? '', `inventory.interfaces[${i}].name`),
      mac_address: mac(nic.mac_address, `inventory.interfaces[${i}].mac_address`),
    };
  });
  if (interfaces.length === 0) bad('inventory.interfaces', 'a list with at least one NIC (the machine is matched by its MACs)', []);
  let boot: Inventory['boot'];
  if (inv.boot !== undefined && inv.boot !== null) {
    const b = obj(inv.boot, 'inventory.boot');
    if (b.current_boot_mode !== undefined && b.current_boot_mode !== 'bios' && b.current_boot_mode !== 'uefi') {
      bad('inventory.boot.current_boot_mode', '"bios" or "uefi"', b.current_boot_mode);
    }
    if (b.secure_boot !== undefined && typeof b.secure_boot !== 'boolean')
      bad('inventory.boot.secure_boot', 'true or false', b.secure_boot);
    boot = { ...b, pxe_interface: pxeMac(b.pxe_interface) };
  }
  const v6 = bmcAddress(inv.bmc_v6address, 'inventory.bmc_v6address');
  return {
    ...inv,
    cpu: cpu as Inventory['cpu'],
    memory: memory as Inventory['memory'],
    disks,
    interfaces,
    boot,
    bmc_address: bmcAddress(inv.bmc_address, 'inventory.bmc_address'),
    ...(inv.bmc_v6address !== undefined ? { bmc_v6address: v6 } : {}),
    pci_devices: checkPciDevices(pciRaw, pciField),
  };
}

/** plugin_data is stored as sent: its size is capped (inspection.max_plugin_data_bytes), or 413. */
function checkPluginDataSize(plugin: JsonObject, maxBytes: number): void {
  const bytes = Buffer.byteLength(JSON.stringify(plugin));
  if (bytes > maxBytes) {
    throw new PluginDataTooLarge(
      `Inspection data field "plugin_data" is ${bytes} bytes; at most ${maxBytes} are accepted (inspection.max_plugin_data_bytes). Send less plugin data, or raise the option.`,
    );
  }
}

export interface CallbackLimits {
  /** inspection.max_plugin_data_bytes; unchecked when absent (an inventory re-read from the database). */
  maxPluginDataBytes?: number;
}

function checkNodeUuid(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !UUID_RE.test(value)) bad(field, 'a UUID', value);
  return value.toLowerCase();
}

/**
 * Checks a callback body; the ShapeError names the first bad field (PluginDataTooLarge for
 * oversized plugin_data). `nodeUuid` is the query's node_uuid (Ironic's place for it).
 */
export function parseInspectionCallback(body: unknown, limits: CallbackLimits = {}, nodeUuid?: string): InspectionCallback {
  const parts = splitCallbackBody(body);
  // The field named in a 400 is the one the caller sent: IPA's top-level list, or an older Tyr agent's nested one.
  const pciField = parts.pluginData.pci_devices != null ? 'pci_devices' : 'inventory.pci_devices';
  const inventory = checkInventory(parts.inventory, parts.pciDevices, pciField);
  if (limits.maxPluginDataBytes !== undefined) checkPluginDataSize(parts.pluginData, limits.maxPluginDataBytes);
  const uuid = checkNodeUuid(nodeUuid, 'node_uuid') ?? checkNodeUuid(parts.legacyNodeUuid, 'node_uuid');
  const root = parts.rootDiskName && inventory.disks.some((d) => d.name === parts.rootDiskName) ? parts.rootDiskName : undefined;
  return {
    inventory,
    plugin_data: parts.pluginData,
    ...(uuid ? { node_uuid: uuid } : {}),
    ...(parts.ramdiskError ? { ramdisk_error: parts.ramdiskError } : {}),
    ...(root ? { root_disk_name: root } : {}),
  };
}

/** Every MAC the machine reported, the PXE one first. */
export function inventoryMacs(inv: Inventory): string[] {
  const macs = inv.interfaces.map((n) => n.mac_address);
  const pxe = inv.boot?.pxe_interface;
  return [...new Set(pxe ? [pxe, ...macs] : macs)];
}
