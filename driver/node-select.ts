// Which node a spawn lands on. Nova passes the scheduler's choice as `node` (the
// hypervisor_hostname, i.e. the node UUID); a forced placement arrives as `host:node` (from
// `--availability-zone zone:host:node`, in `node` or in `availability_zone`).
import type { ApiNode } from '../client/types.js';
import { TyrApiError } from '../client/errors.js';
import { optString, type Obj } from './body.js';
import { invalidInput, nodeNotFound, resourcesUnavailable } from './errors.js';
import { isUnavailable } from './resources.js';
import type { Shim } from './context.js';

/** The node named by a spawn request, as written: UUID or name. */
export function requestedNode(body: Obj): { node: string; forcedHost?: string } {
  const node = optString(body, 'node');
  const az = optString(body, 'availability_zone');
  if (node) {
    const i = node.indexOf(':');
    return i < 0 ? { node } : { forcedHost: node.slice(0, i) || undefined, node: node.slice(i + 1) };
  }
  // zone:host:node; an empty host (zone::node) leaves the host to the scheduler.
  const parts = az?.split(':') ?? [];
  if (parts.length === 3 && parts[2]) return { forcedHost: parts[1] || undefined, node: parts[2] };
  throw invalidInput(
    'A spawn needs "node" (the node UUID or name, or host:node to force one), or "availability_zone" in the zone:host:node form.',
  );
}

/** The node, checked free for this instance (Nova's prepare_for_spawn). */
export async function selectNode(shim: Shim, body: Obj, instanceUuid: string): Promise<ApiNode> {
  const { node: ident } = requestedNode(body);
  if (!ident) throw invalidInput('The node part of host:node is empty.');
  let node: ApiNode;
  try {
    node = await shim.cache.fetch(ident);
  } catch (err) {
    if (err instanceof TyrApiError && err.status === 404) throw nodeNotFound(ident);
    throw err;
  }
  if (node.instance_uuid && node.instance_uuid !== instanceUuid) {
    throw resourcesUnavailable(`Chosen node ${node.uuid} is not available: it already runs instance ${node.instance_uuid}.`);
  }
  if (!node.instance_uuid && isUnavailable(node)) {
    throw resourcesUnavailable(
      `Chosen node ${node.uuid} is not available: provision state "${node.provision_state}", power state "${node.power_state}"${node.maintenance ? ', in maintenance' : ''}.`,
    );
  }
  return node;
}
