// Whole-node operations: update, delete, maintenance, validate.
import { checkBootModeInputs } from '../boot/boot-mode-checks.js';
import { checkBootValues } from '../boot/boot-refs.js';
import type { Node } from '../db/types.js';
import { INTERFACE_KINDS } from '../drivers/interfaces/kinds.js';
import { Conflict, Forbidden, InvalidParameterValue, UnsupportedDriverExtension } from '../errors.js';
import type { InterfaceValidation } from './conductor-api.js';
import { releaseOnInstanceRemoval } from './allocations.js';
import type { ConductorContext } from './context.js';
import { DELETABLE_STATES, INTERFACE_UPDATE_STATES, PROTECTABLE_STATES, STATE, UPDATE_ALLOWED_STATES } from '../states/provision-states.js';

/** Columns only the conductor itself writes; an update never carries them. */
const CONDUCTOR_OWNED = [
  'id',
  'uuid',
  'created_at',
  'updated_at',
  'provision_state',
  'target_provision_state',
  'provision_updated_at',
  'reservation',
  'target_power_state',
] as const;

export async function updateNode(c: ConductorContext, uuid: string, changes: Partial<Node>): Promise<Node> {
  const clean: Partial<Node> = { ...changes };
  for (const key of CONDUCTOR_OWNED) delete clean[key];
  // Checked again here, where every writer of a node ends up (the API, API processes over RPC).
  if (clean.driver_info) checkBootValues('driver_info', clean.driver_info);
  if (clean.instance_info) checkBootValues('instance_info', clean.instance_info);
  return c.tasks.withExclusive(uuid, async (task) => {
    const current = task.node.instance_uuid;
    // Under the node lock, so that two schedulers racing for one node cannot both win.
    if (clean.instance_uuid && current && clean.instance_uuid !== current) {
      throw new Conflict(
        `Node ${uuid} is already associated with instance ${current}; unset its instance_uuid (or undeploy it) before giving it to instance ${clean.instance_uuid}.`,
      );
    }
    checkUpdateAllowed(task.node, clean);
    if ('instance_uuid' in clean && !clean.instance_uuid) await releaseOnInstanceRemoval(task);
    const merged = { ...task.node, ...clean };
    const touchesDriver = clean.driver !== undefined || INTERFACE_KINDS.some((k) => `${k}_interface` in clean);
    if (touchesDriver) Object.assign(clean, pickDriverFields(c.registry.checkNode(merged)));
    return task.save(clean);
  });
}

/** Ironic's rules for a node update: what may change in which state, and the flags' reasons. */
function checkUpdateAllowed(node: Node, changes: Partial<Node>): void {
  if (node.target_provision_state && !UPDATE_ALLOWED_STATES.has(node.provision_state)) {
    throw new Conflict(
      `Node ${node.uuid} can not be updated while a state transition is in progress (${node.provision_state} → ${node.target_provision_state}); wait for it to finish or abort it.`,
    );
  }
  const changedInterfaces = INTERFACE_KINDS.filter(
    (k) => `${k}_interface` in changes && changes[`${k}_interface`] !== node[`${k}_interface`],
  );
  if (changedInterfaces.length && !INTERFACE_UPDATE_STATES.has(node.provision_state)) {
    throw new Conflict(
      `Cannot change the ${changedInterfaces.map((k) => `${k}_interface`).join(', ')} of node ${node.uuid} in provision state "${node.provision_state}"; interfaces can be changed in ${[...INTERFACE_UPDATE_STATES].join(', ')}.`,
    );
  }
  if ('resource_class' in changes && changes.resource_class !== node.resource_class && node.provision_state === STATE.ACTIVE) {
    throw new Conflict(
      `Cannot change the resource_class of node ${node.uuid} while it is active: the instance on it was scheduled by the old class. Undeploy it first.`,
    );
  }
  checkFlagWithReason(node, changes, 'retired', 'retired_reason');
  checkFlagWithReason(node, changes, 'protected', 'protected_reason');
  if (changes.retired === true && !node.retired && node.provision_state === STATE.AVAILABLE) {
    throw new Conflict(
      `Node ${node.uuid} can not be retired in provision state "available"; move it to manageable first (baremetal node manage ${node.uuid}).`,
    );
  }
  if (changes.protected === true && !PROTECTABLE_STATES.has(node.provision_state)) {
    throw new Conflict(
      `Node ${node.uuid} can only be protected in the ${PROTECTABLE_STATES.members.join(' and ')} states; it is ${node.provision_state}.`,
    );
  }
  // Leaving maintenance forgets why the node was put there.
  if (changes.maintenance === false && node.fault !== null) changes.fault = null;
}

/** Unsetting a flag clears its reason; a reason needs its flag. */
function checkFlagWithReason(
  node: Node,
  changes: Partial<Node>,
  flag: 'retired' | 'protected',
  reason: 'retired_reason' | 'protected_reason',
): void {
  const flagAfter = changes[flag] ?? node[flag];
  if (changes[flag] === false) changes[reason] = null;
  else if (changes[reason] && !flagAfter) {
    throw new InvalidParameterValue(`The ${reason} field can only be set when ${flag} is true (node ${node.uuid}).`);
  }
}

function pickDriverFields(node: Partial<Node>): Partial<Node> {
  const out: Record<string, unknown> = { driver: node.driver };
  for (const k of INTERFACE_KINDS) out[`${k}_interface`] = node[`${k}_interface`];
  return out;
}

export async function destroyNode(c: ConductorContext, uuid: string): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    const node = task.node;
    if (node.protected) {
      throw new Forbidden(
        `Node ${node.uuid} is protected (${node.protected_reason ?? 'no reason given'}); unset "protected" before deleting it.`,
      );
    }
    // Maintenance lets a hopelessly broken node go, instance (and allocation) and all, as in Ironic.
    if (node.instance_uuid && !node.maintenance) {
      throw new Conflict(
        `Node ${node.uuid} is associated with instance ${node.instance_uuid}; undeploy it (or set maintenance mode) before deleting it.`,
      );
    }
    if (!node.maintenance && !DELETABLE_STATES.has(node.provision_state)) {
      throw new Conflict(
        `Can not delete node ${node.uuid} while it is in provision state "${node.provision_state}". Valid provision states to start deletion are: ${[...DELETABLE_STATES].join(', ')}, or set maintenance mode first.`,
      );
    }
    // A deleted node's console session would otherwise run on, holding its port and the BMC's SOL.
    if (node.console_enabled) {
      await task.ifaces.console
        .stop(task.ctx)
        .catch((err: Error) => task.ctx.log.warn({ err: err.message }, 'stopping the console of a deleted node failed'));
    }
    await c.store.nodes.delete(node.id);
  });
}

export async function setMaintenance(c: ConductorContext, uuid: string, on: boolean, reason?: string): Promise<Node> {
  return c.tasks.withExclusive(uuid, async (task) => {
    const node = await task.save(
      on ? { maintenance: true, maintenance_reason: reason ?? null } : { maintenance: false, maintenance_reason: null, fault: null },
    );
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
      // As Ironic's validate_capabilities: the boot and deploy interfaces both depend on the boot mode.
      if (kind === 'boot' || kind === 'deploy') checkBootModeInputs(task.node);
      out[kind] = { result: true };
    } catch (err) {
      if (err instanceof UnsupportedDriverExtension) out[kind] = { result: null, reason: err.message };
      else if (err instanceof InvalidParameterValue) out[kind] = { result: false, reason: err.message };
      else out[kind] = { result: false, reason: (err as Error).message };
    }
  }
  return out;
}
