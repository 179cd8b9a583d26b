// VIFs (Neutron ports) attached to a node. With the `flat` network interface, as in Ironic, a VIF
// lives on one of the node's physical ports, in port.internal_info.tenant_vif_port_id, and
// attaching needs a free port. The `noop` network interface does nothing at all (Ironic's: its
// VIF list is always empty).
import type { Node } from '../db/types.js';
import { Conflict, InvalidParameterValue } from '../errors.js';
import type { ConductorContext } from './context.js';

const VIF_KEY = 'tenant_vif_port_id';

function isNoopNetwork(c: ConductorContext, node: Node): boolean {
  return c.registry.checkNode(node).network_interface === 'noop';
}

export async function vifList(c: ConductorContext, uuid: string): Promise<{ id: string }[]> {
  const node = await c.store.nodes.getByIdent(uuid);
  if (isNoopNetwork(c, node)) return [];
  const ports = await c.store.ports.listByNode(node.id);
  return ports.filter((p) => typeof p.internal_info[VIF_KEY] === 'string').map((p) => ({ id: p.internal_info[VIF_KEY] as string }));
}

export async function vifAttach(c: ConductorContext, uuid: string, vif: { id: string } & Record<string, unknown>): Promise<void> {
  if (typeof vif.id !== 'string' || vif.id === '') throw new InvalidParameterValue('A VIF needs a non-empty "id".');
  await c.tasks.withExclusive(uuid, async (task) => {
    if (isNoopNetwork(c, task.node)) return;
    const ports = await c.store.ports.listByNode(task.node.id);
    if (ports.some((p) => p.internal_info[VIF_KEY] === vif.id)) {
      throw new Conflict(`Unable to attach VIF ${vif.id}: it is already attached to node ${task.node.uuid}.`);
    }
    const requested = typeof vif.port_uuid === 'string' ? ports.find((p) => p.uuid === vif.port_uuid) : undefined;
    const free =
      requested ??
      ports.find((p) => p.internal_info[VIF_KEY] === undefined && p.pxe_enabled) ??
      ports.find((p) => p.internal_info[VIF_KEY] === undefined);
    if (!free || free.internal_info[VIF_KEY] !== undefined) {
      throw new InvalidParameterValue(
        `Unable to attach VIF ${vif.id} to node ${task.node.uuid}: no free physical port. Create a port for the node or detach another VIF first.`,
      );
    }
    await c.store.ports.update(free.id, { internal_info: { ...free.internal_info, [VIF_KEY]: vif.id } });
    await task.history(`VIF ${vif.id} attached to port ${free.address}`, 'info', 'network');
  });
}

export async function vifDetach(c: ConductorContext, uuid: string, vifId: string): Promise<void> {
  await c.tasks.withExclusive(uuid, async (task) => {
    if (isNoopNetwork(c, task.node)) return;
    const ports = await c.store.ports.listByNode(task.node.id);
    const port = ports.find((p) => p.internal_info[VIF_KEY] === vifId);
    if (!port) throw new InvalidParameterValue(`VIF ${vifId} is not attached to node ${task.node.uuid}.`);
    const { [VIF_KEY]: _gone, ...rest } = port.internal_info;
    await c.store.ports.update(port.id, { internal_info: rest });
    await task.history(`VIF ${vifId} detached from port ${port.address}`, 'info', 'network');
  });
}
