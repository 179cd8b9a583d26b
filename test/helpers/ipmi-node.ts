// The usual start of a conductor test on a real BMC: an `ipmi` node with a PXE port, taken
// through manage and provide to `available`, and service options that keep ipmi_sim tests quick.
import type { TyrClient } from '../../client/index.js';
import type { ApiNode } from '../../client/types.js';

/** startApi() overrides for ipmi_sim: short IPMI timeouts, no periodic power sync. */
export const QUICK_IPMI = {
  ipmi: { command_timeout: 5, command_retry_timeout: 5, min_command_interval_ms: 20 },
  conductor: { sync_power_state_interval: 0, power_state_change_timeout: 15 },
};

/** QUICK_IPMI for flows through an agent: commands polled often, no wait for the agent's own power off. */
export const QUICK_AGENT_FLOWS = {
  ...QUICK_IPMI,
  conductor: { ...QUICK_IPMI.conductor, agent_command_poll_interval_ms: 50, agent_power_off_wait: 0 },
};

/** Adds (or replaces) each field under the node's instance_info. */
export function setInstanceInfo(client: TyrClient, uuid: string, fields: Record<string, unknown>): Promise<ApiNode> {
  return client.nodes.patch(
    uuid,
    Object.entries(fields).map(([k, value]) => ({ op: 'add' as const, path: `/instance_info/${k}`, value })),
  );
}

/** Creates the node and its port, then manage → provide; resolves with the available node. */
export async function availableIpmiNode(client: TyrClient, fields: Record<string, unknown>, mac: string): Promise<ApiNode> {
  // Rescue and inspection through the agent, which Ironic's ipmi defaults leave off.
  const node = await client.nodes.create({
    driver: 'ipmi',
    automated_clean: false,
    rescue_interface: 'agent',
    inspect_interface: 'agent',
    ...fields,
  });
  const uuid = node.uuid;
  await client.ports.create({ node_uuid: uuid, address: mac });
  await client.nodes.setProvisionState(uuid, 'manage');
  await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 20_000 });
  await client.nodes.setProvisionState(uuid, 'provide');
  return client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: 20_000 });
}
