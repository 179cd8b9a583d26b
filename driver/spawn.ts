// spawn: reserve the node for the instance, describe the deploy in instance_info, attach the
// VIFs, deploy with the config drive and wait for `active`. A failure undoes what this spawn
// changed (Nova's failed_spawn_cleanup), so the node goes back to the pool.
import type { ApiNode } from '../client/types.js';
import { STATE } from '../core/states/provision-states.js';
import { optNumber, optString, requireUuid, vifIds, type Obj } from './body.js';
import { configDrive } from './configdrive.js';
import type { Shim } from './context.js';
import { deployFailure, resourcesUnavailable, ShimError } from './errors.js';
import { deployRequest, instanceInfoPatch } from './instance-info.js';
import { selectNode } from './node-select.js';
import { undeployAndRelease } from './teardown.js';
import { waitProvision } from './waits.js';

export async function spawn(shim: Shim, rawUuid: string, body: Obj): Promise<ApiNode> {
  const uuid = requireUuid(rawUuid, 'The instance UUID');
  const req = deployRequest(body, 'A spawn');
  const vifs = vifIds(body.network_info);
  const drive = configDrive(body, uuid);
  const timeoutS = optNumber(body, 'timeout');
  const node = await reserve(shim, body, uuid);
  const { nodes } = shim.client;
  const attached: string[] = [];
  try {
    const name = optString(body, 'name');
    await nodes.patch(node.uuid, [
      ...instanceInfoPatch(node, req),
      ...(name ? [{ op: 'add' as const, path: '/instance_info/instance_name', value: name }] : []),
    ]);
    for (const vif of vifs) {
      await nodes.attachVif(node.uuid, vif);
      attached.push(vif);
    }
    await nodes.setProvisionState(node.uuid, 'active', drive === undefined ? {} : { configdrive: drive as string }).catch((err: Error) => {
      throw deployFailure(`Failed to request Tyr to provision instance ${uuid}: ${err.message}`);
    });
    return await waitProvision(
      shim,
      node.uuid,
      [STATE.ACTIVE],
      { type: 'InstanceDeployFailure', what: `Failed to provision instance ${uuid}` },
      timeoutS !== undefined ? timeoutS * 1000 : shim.opts.deployTimeoutMs,
    );
  } catch (err) {
    await undeployAndRelease(shim, node.uuid, uuid, attached).catch((cleanupErr: Error) => {
      // The spawn's own error is what Nova must see; the cleanup's goes along in the message.
      if (err instanceof ShimError) err.message += ` (cleaning up node ${node.uuid} also failed: ${cleanupErr.message})`;
    });
    throw err;
  } finally {
    shim.cache.forget(node.uuid);
  }
}

/** Sets instance_uuid on the chosen node, refusing a node another spawn holds or just took. */
async function reserve(shim: Shim, body: Obj, uuid: string): Promise<ApiNode> {
  const node = await selectNode(shim, body, uuid);
  if (shim.reserving.has(node.uuid))
    throw resourcesUnavailable(`Chosen node ${node.uuid} is not available: another spawn is reserving it.`);
  shim.reserving.add(node.uuid);
  try {
    const after = await shim.client.nodes.patch(node.uuid, [{ op: 'add', path: '/instance_uuid', value: uuid }]).catch((err: Error) => {
      throw deployFailure(`Failed to reserve node ${node.uuid} for instance ${uuid}: ${err.message}`);
    });
    if (after.instance_uuid !== uuid)
      throw resourcesUnavailable(`Chosen node ${node.uuid} is not available: instance ${after.instance_uuid} took it first.`);
    return node;
  } finally {
    shim.reserving.delete(node.uuid);
  }
}
