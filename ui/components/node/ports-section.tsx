// The node's ports (MAC, PXE, switch port) and port groups.
import { DataTable } from '../data-table.js';
import type { ApiPort, ApiPortgroup } from './node-types.js';
import { Section } from './section.js';

export function PortsSection({ ports, portgroups }: { ports: ApiPort[]; portgroups: ApiPortgroup[] }) {
  return (
    <Section id="node-ports" title="Ports and port groups">
      {ports.length === 0 ? (
        <p class="muted">No ports.</p>
      ) : (
        <DataTable
          caption="Ports"
          columns={['MAC', 'PXE', 'Port group', 'Switch', 'Physical network']}
          rows={ports}
          rowKey={(p) => p.uuid}
          row={(p) => (
            <>
              <td>{p.address}</td>
              <td>{p.pxe_enabled === false ? 'no' : 'yes'}</td>
              <td>{portgroups.find((g) => g.uuid === p.portgroup_uuid)?.name ?? p.portgroup_uuid ?? '—'}</td>
              <td>
                {Object.entries(p.local_link_connection ?? {})
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ') || '—'}
              </td>
              <td>{p.physical_network ?? '—'}</td>
            </>
          )}
        />
      )}
      {portgroups.length > 0 && (
        <DataTable
          caption="Port groups"
          columns={['Name', 'MAC', 'Mode']}
          rows={portgroups}
          rowKey={(g) => g.uuid}
          row={(g) => (
            <>
              <td>{g.name ?? g.uuid}</td>
              <td>{g.address ?? '—'}</td>
              <td>{g.mode ?? '—'}</td>
            </>
          )}
        />
      )}
    </Section>
  );
}
