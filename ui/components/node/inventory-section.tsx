// The agent's hardware inventory (GET /v1/nodes/{n}/inventory): CPUs, memory, disks, NICs (with
// the switch port inspection recorded on the matching port's local_link_connection), PCI
// devices (vendor names where the agent resolved them, ids otherwise), boot mode and Secure Boot.
import type { DiskInfo, InterfaceInfo, Inventory, PciDevice } from '../../../protocol/agent-wire.js';
import { api } from '../../api.js';
import { DataTable } from '../data-table.js';
import { useAsync } from '../use-async.js';
import { nodePath } from './node-calls.js';
import type { ApiPort } from './node-types.js';
import { Facts, Loaded, Section } from './section.js';
import { bytes } from './sizes.js';

/** What an agent (Tyr's or IPA) sent: any part may be missing. */
type Inv = Partial<Inventory>;

function Disks({ disks }: { disks: Partial<DiskInfo>[] }) {
  return (
    <DataTable
      caption="Disks"
      columns={['Device', 'Size', 'Rotational', 'Model', 'Serial']}
      rows={disks}
      rowKey={(d, i) => d.name ?? i}
      row={(d) => (
        <>
          <td>{d.name}</td>
          <td>{bytes(d.size)}</td>
          <td>{d.rotational ? 'yes (HDD)' : 'no (SSD)'}</td>
          <td>{d.model || '—'}</td>
          <td>{d.serial || '—'}</td>
        </>
      )}
    />
  );
}

function switchOf(mac: string, ports: ApiPort[]): string {
  const llc = ports.find((p) => p.address.toLowerCase() === mac.toLowerCase())?.local_link_connection ?? {};
  const parts = [llc.switch_info, llc.switch_id, llc.port_id].filter(Boolean);
  return parts.length ? parts.join(' / ') : '—';
}

function Nics({ nics, ports }: { nics: Partial<InterfaceInfo>[]; ports: ApiPort[] }) {
  return (
    <DataTable
      caption="Network interfaces"
      columns={['Name', 'MAC', 'Link', 'Speed', 'Switch (LLDP)']}
      rows={nics}
      rowKey={(n, i) => n.mac_address ?? i}
      row={(n) => (
        <>
          <td>{n.name}</td>
          <td>{n.mac_address}</td>
          <td>{n.has_carrier ? 'up' : 'down'}</td>
          <td>{n.speed_mbps ? `${n.speed_mbps} Mb/s` : '—'}</td>
          <td>{switchOf(String(n.mac_address ?? ''), ports)}</td>
        </>
      )}
    />
  );
}

function Pci({ devices }: { devices: Partial<PciDevice>[] }) {
  return (
    <DataTable
      caption="PCI devices"
      columns={['Bus', 'Vendor', 'Product', 'Class']}
      rows={devices}
      rowKey={(d, i) => d.bus ?? i}
      row={(d) => (
        <>
          <td>{d.bus ?? '—'}</td>
          <td>{d.vendor_name || d.vendor_id}</td>
          <td>{d.device_name || d.product_id}</td>
          <td>{d.class ?? '—'}</td>
        </>
      )}
    />
  );
}

function InventoryView({ inv, ports }: { inv: Inv; ports: ApiPort[] }) {
  const cpu: Partial<Inventory['cpu']> = inv.cpu ?? {};
  const boot: Partial<Inventory['boot']> = inv.boot ?? {};
  const system: Partial<Inventory['system_vendor']> = inv.system_vendor ?? {};
  return (
    <>
      <Facts
        rows={[
          ['System', [system.manufacturer, system.product_name].filter(Boolean).join(' ')],
          ['CPUs', cpu.count === undefined ? null : `${cpu.count} × ${cpu.model_name ?? '?'} (${cpu.architecture ?? '?'})`],
          ['Memory', inv.memory?.physical_mb ? bytes(inv.memory.physical_mb * 2 ** 20) : bytes(inv.memory?.total)],
          ['Boot mode', boot.current_boot_mode],
          ['Secure Boot', boot.secure_boot === undefined ? null : boot.secure_boot ? 'on' : 'off'],
          ['PXE interface', boot.pxe_interface],
          ['BMC address', inv.bmc_address],
        ]}
      />
      <Disks disks={inv.disks ?? []} />
      <Nics nics={inv.interfaces ?? []} ports={ports} />
      <Pci devices={inv.pci_devices ?? []} />
    </>
  );
}

/** `refresh` (the provision state) re-reads the inventory after an inspection. */
export function InventorySection({ ident, ports, refresh }: { ident: string; ports: ApiPort[]; refresh: string }) {
  const state = useAsync(() => api<{ inventory: Inv }>('GET', `${nodePath(ident)}/inventory`), [ident, refresh]);
  return (
    <Section id="node-inventory" title="Hardware inventory">
      <Loaded state={state} empty="No inventory yet: inspect the node." show={(v) => <InventoryView inv={v.inventory} ports={ports} />} />
    </Section>
  );
}
