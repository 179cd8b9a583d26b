// Who the node is and where it stands: identity, interfaces, ownership and every state field.
import { Facts, Section } from './section.js';
import { interfaceOf, type ApiNode } from './node-types.js';

const INTERFACES = ['boot', 'deploy', 'power', 'management', 'console', 'inspect', 'bios', 'raid', 'rescue', 'network'];

function onOff(v: boolean | null): string | null {
  return v === null ? null : v ? 'on' : 'off';
}

export function NodeSummary({ node }: { node: ApiNode }) {
  return (
    <Section id="node-summary" title="Summary">
      <Facts
        rows={[
          ['Name', node.name],
          ['UUID', node.uuid],
          ['Driver', node.driver],
          ['Resource class', node.resource_class],
          ['Conductor group', node.conductor_group],
          ['Owner', node.owner],
          ['Instance', node.instance_uuid],
          ['Provision state', node.provision_state],
          ['Target provision state', node.target_provision_state],
          ['Power state', node.power_state],
          ['Target power state', node.target_power_state],
          ['Maintenance', node.maintenance ? `yes${node.maintenance_reason ? ` — ${node.maintenance_reason}` : ''}` : 'no'],
          ['Fault', node.fault],
          ['Boot mode', node.boot_mode],
          ['Secure Boot', onOff(node.secure_boot)],
        ]}
      />
      <details>
        <summary>Interfaces</summary>
        <Facts rows={INTERFACES.map((k) => [k, interfaceOf(node, k)])} />
      </details>
    </Section>
  );
}

/** last_error, where an operator cannot miss it. */
export function LastError({ node }: { node: ApiNode }) {
  if (!node.last_error) return null;
  return (
    <div class="last-error" role="alert" data-testid="last-error">
      <strong>Last error</strong>
      <p>{node.last_error}</p>
    </div>
  );
}

/** The provision state as a badge, with the target while it moves. */
export function StateBadge({ node }: { node: Pick<ApiNode, 'provision_state' | 'target_provision_state'> }) {
  const kind = /fail|error/.test(node.provision_state) ? 'bad' : node.target_provision_state ? 'busy' : 'ok';
  return (
    <span class={`state-badge ${kind}`} data-testid="state-badge" aria-live="polite">
      {node.provision_state}
      {node.target_provision_state && <span class="target"> → {node.target_provision_state}</span>}
    </span>
  );
}
