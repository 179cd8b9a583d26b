// The node's ports (MAC, PXE, switch port) and port groups.
import type { ApiPort, ApiPortgroup } from './node-types.js';
import { Section } from './section.js';

export function PortsSection({ ports, portgroups }: { ports: ApiPort[]; portgroups: ApiPortgroup[] }) {
  return (
    <Section id="node-ports" title="Ports and port groups">
      {ports.length === 0 ? (
        <p class="muted">No ports.</p>
      ) : (
        <table>
          <caption>Ports</caption>
          <thead>
            <tr>
              <th scope="col">MAC</th>
              <th scope="col">PXE</th>
              <th scope="col">Port group</th>
              <th scope="col">Switch</th>
              <th scope="col">Physical network</th>
            </tr>
          </thead>
          <tbody>
            {ports.map((p) => (
              <tr key={p.uuid}>
                <td>{p.address}</td>
                <td>{p.pxe_enabled === false ? 'no' : 'yes'}</td>
                <td>{portgroups.find((g) => g.uuid === p.portgroup_uuid)?.name ?? p.portgroup_uuid ?? '—'}</td>
                <td>
                  {Object.entries(p.local_link_connection ?? {})
                    .map(([k, v]) => `${k}=${v}`)
                    .join(', ') || '—'}
                </td>
                <td>{p.physical_network ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {portgroups.length > 0 && (
        <table>
          <caption>Port groups</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">MAC</th>
              <th scope="col">Mode</th>
            </tr>
          </thead>
          <tbody>
            {portgroups.map((g) => (
              <tr key={g.uuid}>
                <td>{g.name ?? g.uuid}</td>
                <td>{g.address ?? '—'}</td>
                <td>{g.mode ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Section>
  );
}
