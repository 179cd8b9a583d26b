// Network interfaces backed by a device: MAC and carrier from sysfs, driver and PCI function
// from the device links, addresses and speed from systeminformation.
import si from 'systeminformation';
import type { InterfaceInfo } from '../../protocol/agent-wire.js';
import { macOf, physicalInterfaces } from '../network.js';
import { linkBasename, pciAddressOf, readText } from './sysfs.js';

const SYS_NET = '/sys/class/net';

export async function collectInterfaces(): Promise<InterfaceInfo[]> {
  const siIfaces = await si.networkInterfaces().catch(() => []);
  const list = Array.isArray(siIfaces) ? siIfaces : [siIfaces];
  const result: InterfaceInfo[] = [];
  for (const name of physicalInterfaces(SYS_NET)) {
    const mac = macOf(name, SYS_NET);
    if (!mac) continue;
    const s = list.find((i) => i.iface === name);
    const pci = pciAddressOf(`${SYS_NET}/${name}/device`);
    // IDs of the PCI function itself, not of an intermediate bus device such as virtioN.
    const idDir = pci ? `/sys/bus/pci/devices/${pci}` : `${SYS_NET}/${name}/device`;
    const speed = Number(readText(`${SYS_NET}/${name}/speed`) ?? s?.speed ?? NaN);
    result.push({
      name,
      mac_address: mac,
      ipv4_address: s?.ip4 || null,
      ipv6_address: s?.ip6 || null,
      has_carrier: readText(`${SYS_NET}/${name}/carrier`) === '1',
      speed_mbps: Number.isFinite(speed) && speed > 0 ? speed : null,
      driver: linkBasename(`${SYS_NET}/${name}/device/driver`),
      pci_address: pci,
      product: readText(`${idDir}/device`),
      vendor: readText(`${idDir}/vendor`),
    });
  }
  return result;
}
