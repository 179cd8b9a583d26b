// The instance side of the virt-driver contract: look-ups (list, exists, get_info), destroy,
// rebuild, and power, rescue and crash-dump actions on the node that runs an instance.
import type { ApiNode } from '../client/types.js';
import { STATE } from '../core/states/provision-states.js';
import { optNumber, optString, requireString, requireUuid, type Obj } from './body.js';
import { configDrive } from './configdrive.js';
import type { Shim } from './context.js';
import { instanceNotFound, invalidInput } from './errors.js';
import { deployRequest, instanceInfoPatch } from './instance-info.js';
import { NODE_FIELDS } from './node-cache.js';
import { novaPowerState } from './power-state.js';
import { undeployAndRelease } from './teardown.js';
import { waitPower, waitProvision } from './waits.js';

export interface InstanceView {
  uuid: string;
  name: string | null;
  node: string;
  power_state: number;
  power_state_name: string;
  provision_state: string;
}

export function instanceView(node: ApiNode): InstanceView {
  const ii = (node.instance_info ?? {}) as Obj;
  const p = novaPowerState(node.power_state);
  const name = typeof ii.instance_name === 'string' ? ii.instance_name : typeof ii.display_name === 'string' ? ii.display_name : null;
  return {
    uuid: node.instance_uuid!,
    name,
    node: node.uuid,
    power_state: p.state,
    power_state_name: p.name,
    provision_state: node.provision_state,
  };
}

/** The node running an instance, read fresh; 404 when no node has it. */
export async function nodeOf(shim: Shim, rawUuid: string): Promise<ApiNode> {
  const uuid = requireUuid(rawUuid, 'The instance UUID');
  const node = await shim.cache.byInstance(uuid);
  if (!node) throw instanceNotFound(uuid);
  return node;
}

/** Every instance, paging through the nodes that have one. */
export async function listInstances(shim: Shim, pageSize: number): Promise<InstanceView[]> {
  const out: InstanceView[] = [];
  for await (const n of shim.client.nodes.list({ associated: true, fields: NODE_FIELDS, limit: pageSize })) out.push(instanceView(n));
  return out;
}

/**
 * destroy: idempotent, as in Nova's ironic driver (an instance no node has is already gone).
 * Every VIF on the node goes, whatever network_info lists: a VIF left behind would hold the
 * node's physical port against the next instance.
 */
export async function destroy(shim: Shim, rawUuid: string): Promise<boolean> {
  const uuid = requireUuid(rawUuid, 'The instance UUID');
  const node = await shim.cache.byInstance(uuid);
  if (!node) return false;
  await undeployAndRelease(shim, node.uuid, uuid);
  return true;
}

export async function reboot(shim: Shim, rawUuid: string, body: Obj): Promise<ApiNode> {
  const type = (optString(body, 'reboot_type') ?? 'HARD').toUpperCase();
  if (type !== 'SOFT' && type !== 'HARD') throw invalidInput(`"reboot_type" must be SOFT or HARD, got "${type}".`);
  const node = await nodeOf(shim, rawUuid);
  // A node that cannot reboot softly still reboots: Nova's ironic driver falls back to hard.
  try {
    await shim.client.nodes.setPowerState(node.uuid, type === 'SOFT' ? 'soft rebooting' : 'rebooting');
  } catch (err) {
    if (type !== 'SOFT') throw err;
    await shim.client.nodes.setPowerState(node.uuid, 'rebooting');
  }
  return waitPower(shim, node.uuid, 'power on', 'InstanceRebootFailure');
}

export async function powerOff(shim: Shim, rawUuid: string, body: Obj): Promise<ApiNode> {
  const timeout = optNumber(body, 'timeout') ?? 0;
  const node = await nodeOf(shim, rawUuid);
  if (timeout > 0) {
    // Soft first; a machine that ignores ACPI is then cut off, as Nova's ironic driver does.
    try {
      await shim.client.nodes.setPowerState(node.uuid, 'soft power off', Math.ceil(timeout));
      return await waitPower(shim, node.uuid, 'power off', 'InstancePowerOffFailure');
    } catch {
      // fall through to the hard power off
    }
  }
  await shim.client.nodes.setPowerState(node.uuid, 'power off');
  return waitPower(shim, node.uuid, 'power off', 'InstancePowerOffFailure');
}

export async function powerOn(shim: Shim, rawUuid: string): Promise<ApiNode> {
  const node = await nodeOf(shim, rawUuid);
  await shim.client.nodes.setPowerState(node.uuid, 'power on');
  return waitPower(shim, node.uuid, 'power on', 'InstancePowerOnFailure');
}

export async function rescue(shim: Shim, rawUuid: string, body: Obj): Promise<ApiNode> {
  const password = requireString(body, 'rescue_password', 'A rescue');
  const node = await nodeOf(shim, rawUuid);
  await shim.client.nodes.setProvisionState(node.uuid, 'rescue', { rescue_password: password });
  return waitProvision(shim, node.uuid, ['rescue'], { type: 'InstanceRescueFailure', what: `Failed to rescue instance ${rawUuid}` });
}

/** unrescue of an instance that is not rescued has nothing to do. */
export async function unrescue(shim: Shim, rawUuid: string): Promise<ApiNode> {
  const node = await nodeOf(shim, rawUuid);
  if (node.provision_state === STATE.ACTIVE) return node;
  await shim.client.nodes.setProvisionState(node.uuid, 'unrescue');
  return waitProvision(shim, node.uuid, [STATE.ACTIVE], {
    type: 'InstanceUnRescueFailure',
    what: `Failed to unrescue instance ${rawUuid}`,
  });
}

/** rebuild: new instance_info from the (new) image, then the core's rebuild with a config drive. */
export async function rebuild(shim: Shim, rawUuid: string, body: Obj): Promise<ApiNode> {
  const req = deployRequest(body, 'A rebuild');
  const node = await nodeOf(shim, rawUuid);
  await shim.client.nodes.patch(
    node.uuid,
    instanceInfoPatch(node, { ...req, host: req.host ?? ((node.instance_info as Obj)?.nova_host_id as string | undefined) }),
  );
  const drive = configDrive(body, node.instance_uuid!);
  await shim.client.nodes.setProvisionState(node.uuid, 'rebuild', drive === undefined ? {} : { configdrive: drive as string });
  return waitProvision(
    shim,
    node.uuid,
    [STATE.ACTIVE],
    { type: 'InstanceDeployFailure', what: `Failed to rebuild instance ${rawUuid}` },
    shim.opts.deployTimeoutMs,
  );
}

export async function triggerCrashDump(shim: Shim, rawUuid: string): Promise<void> {
  const node = await nodeOf(shim, rawUuid);
  await shim.client.nodes.injectNmi(node.uuid);
}

/**
 * power_update_event: the core reported a power change. The node needs nothing; the answer is
 * the Nova instance state the adapter saves (Nova's ironic driver writes the same fields).
 */
export async function powerUpdateEvent(shim: Shim, rawUuid: string, body: Obj): Promise<Obj> {
  const target = requireString(body, 'target_power_state', 'A power update event');
  if (target !== 'POWER_ON' && target !== 'POWER_OFF')
    throw invalidInput(`"target_power_state" must be POWER_ON or POWER_OFF, got "${target}".`);
  const node = await nodeOf(shim, rawUuid);
  shim.cache.forget(node.uuid);
  const on = target === 'POWER_ON';
  return {
    power_state: novaPowerState(on ? 'power on' : 'power off').state,
    vm_state: on ? 'active' : 'stopped',
    task_state: null,
    expected_task_state: on ? 'powering-on' : 'powering-off',
    node_power_state: node.power_state,
  };
}
