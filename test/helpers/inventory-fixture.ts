// An IPA-shaped inventory as the Tyr agent sends it (agent/inventory/*), for tests that play the
// ramdisk: 2 vCPUs, 2048 MiB, one 10 GiB and one 1 GiB disk, a virtio NIC with carrier (the PXE
// one), an optional second NIC, and QEMU's PCI devices (virtio 1af4).
const GiB = 2 ** 30;

export interface FixtureOptions {
  mac: string;
  /** A second NIC; has_carrier as given. */
  second?: { mac: string; carrier: boolean };
  bmc?: string | null;
  cpus?: number;
  memoryMb?: number;
  pci?: { vendor_id: string; product_id: string }[];
  /** How the machine booted: BIOS without Secure Boot unless given. */
  boot?: { current_boot_mode: 'bios' | 'uefi'; secure_boot?: boolean };
}

export function inventory(o: FixtureOptions): Record<string, any> {
  const nics = [
    {
      name: 'ens3',
      mac_address: o.mac,
      ipv4_address: '10.0.2.15',
      has_carrier: true,
      speed_mbps: 1000,
      driver: 'virtio_net',
      vendor: '0x1af4',
      product: '0x0001',
    },
  ];
  if (o.second)
    nics.push({
      name: 'ens4',
      mac_address: o.second.mac,
      ipv4_address: '',
      has_carrier: o.second.carrier,
      speed_mbps: 1000,
      driver: 'virtio_net',
      vendor: '0x1af4',
      product: '0x0001',
    });
  return {
    cpu: { model_name: 'QEMU Virtual CPU', frequency: '2000', count: o.cpus ?? 2, architecture: 'x86_64', flags: ['fpu', 'sse2'] },
    memory: { total: (o.memoryMb ?? 2048) * 2 ** 20 - 1000, physical_mb: o.memoryMb ?? 2048 },
    disks: [
      { name: '/dev/vdb', model: '', size: 1 * GiB, rotational: true, wwn: null, serial: 'small', vendor: '0x1af4', by_path: null },
      { name: '/dev/vda', model: '', size: 10 * GiB, rotational: true, wwn: null, serial: 'root', vendor: '0x1af4', by_path: null },
    ],
    interfaces: nics,
    system_vendor: { product_name: 'Standard PC (i440FX + PIIX, 1996)', serial_number: '', manufacturer: 'QEMU' },
    boot: { current_boot_mode: 'bios', ...o.boot, pxe_interface: o.mac },
    bmc_address: o.bmc ?? null,
    pci_devices: o.pci ?? [
      { vendor_id: '8086', product_id: '1237', class: '0600', revision: '02', bus: '0000:00:00.0' },
      { vendor_id: '1af4', product_id: '1000', class: '0200', revision: '00', bus: '0000:00:03.0' },
    ],
  };
}
