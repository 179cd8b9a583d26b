// A node as the console's lists, overview and stream show it (protocol/web-ui.ts NodeRow): the
// fields an operator scans, never driver_info (BMC credentials) or instance_info.
import type { DeployProgress, NodeRow } from '../../protocol/web-ui.js';
import type { Node } from '../db/types.js';
import { IMAGE_WRITING_STATES } from '../states/provision-states.js';

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The agent's image-write progress, only while the image may be being written. */
function deployProgress(node: Node): DeployProgress | null {
  if (!IMAGE_WRITING_STATES.has(node.provision_state)) return null;
  const p = (node.driver_internal_info as Record<string, unknown>).deploy_progress as Record<string, unknown> | undefined;
  if (!p || typeof p.bytes_written !== 'number') return null;
  return { bytes_written: p.bytes_written, total_bytes: numberOrNull(p.total_bytes), mb_per_s: numberOrNull(p.mb_per_s) };
}

export function nodeRow(node: Node): NodeRow {
  return {
    uuid: node.uuid,
    name: node.name,
    provision_state: node.provision_state,
    target_provision_state: node.target_provision_state,
    power_state: node.power_state,
    maintenance: node.maintenance,
    maintenance_reason: node.maintenance_reason,
    fault: node.fault,
    last_error: node.last_error,
    driver: node.driver,
    resource_class: node.resource_class,
    conductor_group: node.conductor_group,
    owner: node.owner,
    instance_uuid: node.instance_uuid,
    updated_at: node.updated_at,
    provision_updated_at: node.provision_updated_at,
    deploy_progress: deployProgress(node),
  };
}
