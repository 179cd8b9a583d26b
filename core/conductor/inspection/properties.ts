// What inspection records about a machine: the scheduling properties (cpu_arch, cpus, memory_mb,
// local_gb, capabilities.boot_mode), the node's boot mode and Secure Boot state, and which NICs
// become ports.
import type { JsonObject, Node } from '../../db/types.js';
import { withCapability } from '../../nodes/capabilities.js';
import type { Inventory, InventoryNic } from './inventory.js';

const GiB = 2 ** 30;
/** The deploy's rule (IPA, agent/image/root-device.ts): with no hints, the smallest disk of at least 4 GiB. */
const MIN_ROOT_DISK_BYTES = 4 * GiB;

export function rootDisk(inv: Inventory): Inventory['disks'][number] | undefined {
  return inv.disks.filter((d) => d.size >= MIN_ROOT_DISK_BYTES).sort((a, b) => a.size - b.size)[0];
}

/**
 * The node properties the inventory gives. local_gb is the root disk's whole GiB minus 1, the
 * room Ironic leaves for the partition table and config drive; no disk of 4 GiB gives 0. The root
 * disk is the one the ramdisk named (IPA's root_disk, as Ironic's root_device hook reads it), else
 * the deploy's rule.
 */
export function propertiesFrom(inv: Inventory, current: JsonObject = {}, rootDiskName?: string): JsonObject {
  const root = inv.disks.find((d) => d.name === rootDiskName) ?? rootDisk(inv);
  const props: JsonObject = {
    ...current,
    cpu_arch: inv.cpu.architecture,
    cpus: Math.floor(inv.cpu.count),
    ...memoryMb(inv.memory),
    local_gb: root ? Math.max(0, Math.floor(root.size / GiB) - 1) : 0,
  };
  const mode = inv.boot?.current_boot_mode;
  if (mode) props.capabilities = withCapability(current.capabilities, 'boot_mode', mode);
  return props;
}

/**
 * What the inventory says about how the machine booted: node.boot_mode from
 * boot.current_boot_mode, node.secure_boot from boot.secure_boot. Left out when not reported, so
 * an older agent does not erase what the BMC told.
 */
export function bootStateFrom(inv: Inventory): Partial<Pick<Node, 'boot_mode' | 'secure_boot'>> {
  const boot = inv.boot;
  return {
    ...(boot?.current_boot_mode ? { boot_mode: boot.current_boot_mode } : {}),
    ...(typeof boot?.secure_boot === 'boolean' ? { secure_boot: boot.secure_boot } : {}),
  };
}

/** IPA's physical_mb (dmidecode), else the kernel's total in MiB; neither: memory_mb is left as it was. */
function memoryMb(memory: Inventory['memory']): { memory_mb?: number } {
  if (memory.physical_mb !== null) return { memory_mb: Math.floor(memory.physical_mb) };
  return typeof memory.total === 'number' ? { memory_mb: Math.floor(memory.total / 2 ** 20) } : {};
}

export type PortPolicy = 'none' | 'pxe' | 'all';

/**
 * The NICs that should be ports: 'pxe' only the one the machine booted from, 'all' every NIC
 * with carrier (every NIC when `withoutCarrier`), 'none' none. The PXE NIC is always first.
 */
export function nicsForPorts(inv: Inventory, policy: PortPolicy, withoutCarrier = false): { nic: InventoryNic; pxe: boolean }[] {
  if (policy === 'none') return [];
  const pxeMac = inv.boot?.pxe_interface ?? null;
  const out: { nic: InventoryNic; pxe: boolean }[] = [];
  const seen = new Set<string>();
  for (const nic of inv.interfaces) {
    if (seen.has(nic.mac_address)) continue;
    const pxe = nic.mac_address === pxeMac;
    if (policy === 'pxe' && !pxe) continue;
    // The PXE NIC just booted the machine: it has a link whatever the kernel reports.
    if (!pxe && !withoutCarrier && nic.has_carrier === false) continue;
    seen.add(nic.mac_address);
    out.push({ nic, pxe });
  }
  return out.sort((a, b) => Number(b.pxe) - Number(a.pxe));
}
