// Whole-node operations: update, delete, maintenance, validate.
import type { Node } from '../db/types.js';
import { INTERFACE_KINDS } from '../drivers/interfaces/kinds.js';
import { Conflict, Forbidden, InvalidParameterValue, UnsupportedDriverExtension } from '../errors.js';
import type { InterfaceValidation } from './conductor-api.js';
import { releaseOnInstanceRemoval } from './allocations.js';
import type { ConductorContext } from './context.js';

/** Columns only the conductor itself writes; an update never carries them. */
const CONDUCTOR_OWNED = ['id', 'uuid', 'created_at', 'updated_at', 'provision_state', 'target_provision_state',
  'provision_updated_at', 'reservation', 'target_power_state'] as const;

const DELETABLE = new Set(['enroll', 'manageable', 'available', 'adopt failed']);

export async function updateNode(c: ConductorContext, uuid: string, changes: Partial<Node>): Promise<Node> {
  const clean: Partial<Node> = { ...changes };
  for (const key of CONDUCTOR_OWNED) delete clean[key];
  return c.tasks.withExclusive(uuid, async (task) => {
    const current = task.node.instance_uuid;
    // Under the node lock, so that two schedulers racing for one node cannot both win.
    if (clean.instance_uuid && current && clean.instance_uuid !== current) {
      throw new Conflict(`Node ${uuid} is already associated with instance ${current}; unset its instance_uuid (or undeploy it) before giving it to instance ${clean.instance_uuid}.`);
    }
    if ('instance_uuid' in clean && !clean.instance_uuid) await releaseOnInstanceRemoval(task);
    const merged = { ...task.node, ...clean };
    const touchesDriver = clean.driver !== undefined || INTERFACE_KINDS.some((k) => `${k}_interface` in clean);
    if (touchesDriver) Object.assign(clean, pickDriverFields(c.registry.checkNode(merged)));
    return task.save(clean);
  });
}

function pickDriverFields(node: Partial<Node>): Partial<Node> {
  const out: Record<string, unknown> = { driver: node.driver };
  for (const k of INTERFACE_KINDS) out[`${k}_interface`] = node[`${k}_interface`];
  return out as Partial<Node>;
}

export async function destroyNode(c: ConductorContext, uuid: string): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    const node = task.node;
    if (node.protected) {
      throw new Forbidden(`Node ${node.uuid} is protected (${node.protected_reason ?? 'no reason given'}); unset "protected" before deleting it.`);
    }
    // Maintenance lets a hopelessly broken node go, instance (and allocation) and all, as in Ironic.
    if (node.instance_uuid && !node.maintenance) {
      throw new Conflict(`Node ${node.uuid} is associated with instance ${node.instance_uuid}; undeploy it (or set maintenance mode) before deleting it.`);
    }
    if (!node.maintenance && !DELETABLE.has(node.provision_state)) {
      throw new Conflict(`Can not delete node ${node.uuid} while it is in provision state "${node.provision_state}". Valid provision states to start deletion are: ${[...DELETABLE].join(', ')}, or set maintenance mode first.`);
    }
    // A deleted node's console session would otherwise run on, holding its port and the BMC's SOL.
    if (node.console_enabled) {
      await task.ifaces.console.stop(task.ctx).catch((err: Error) => task.ctx.log.warn({ err: err.message }, 'stopping the console of a deleted node failed'));
    }
    await c.store.nodes.delete(node.id);
  });
}

export async function setMaintenance(c: ConductorContext, uuid: string, on: boolean, reason?: string): Promise<Node> {
  return c.tasks.withExclusive(uuid, async (task) => {
    const node = await task.save(on
      ? { maintenance: true, maintenance_reason: reason ?? null }
      : { maintenance: false, maintenance_reason: null, fault: null });
    await task.history(on ? `Maintenance set${reason ? `: ${reason}` : ''}` : 'Maintenance cleared', 'info', 'maintenance');
    return node;
  });
}

/** Each interface's validate(): true, false with the reason, or null when the kind is unsupported. */
export async function validate(c: ConductorContext, uuid: string): Promise<Record<string, InterfaceValidation>> {
  const task = await c.tasks.shared(uuid);
  const ifaces = task.ifaces;
  const out: Record<string, InterfaceValidation> = {};
  for (const kind of INTERFACE_KINDS) {
    try {
      await ifaces[kind].validate(task.ctx);
      out[kind] = { result: true };
    } catch (err) {
      if (err instanceof UnsupportedDriverExtension) out[kind] = { result: null, reason: err.message };
      else if (err instanceof InvalidParameterValue) out[kind] = { result: false, reason: err.message };
      else out[kind] = { result: false, reason: (err as Error).message };
    }
  }
  return out;
}
