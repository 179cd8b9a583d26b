// Discovery: a machine no node knows reported its inventory. It becomes a node in `enroll`
// (extra.auto_discovered = true), which nothing schedules until an operator (or
// discovery.auto_enroll) manages it. Managing verifies the power interface: a discovered node
// whose driver_info has no BMC credentials fails verification and stays in enroll with
// last_error saying what is missing, until the operator adds them and manages it again.
import { setTimeout as sleep } from 'node:timers/promises';
import { Conflict } from '../../errors.js';
import type { Node } from '../../db/types.js';
import { STATE } from '../../states/provision-states.js';
import type { ConductorContext } from '../context.js';
import { doProvisionAction } from '../provision.js';
import { inventoryMacs, type InspectionCallback } from '../inspection/inventory.js';
import type { RateCap } from '../../rate-cap.js';
import { recordInspection } from '../inspection/record.js';
import { bmcOf } from '../inspection/match.js';
import { ramdiskErrorMessage } from '../inspection/ramdisk-error.js';

function nameFor(pattern: string, firstMac: string): string {
  return pattern.replace(/\{mac\}/g, firstMac.replace(/:/g, ''));
}

async function createNode(c: ConductorContext, cb: InspectionCallback): Promise<Node> {
  const { discovery } = c.config;
  const bmc = bmcOf(cb);
  // A machine that found Tyr through its ramdisk is inspected again the same way, when the type allows.
  const agentInspect = c.registry.hardwareType(discovery.default_driver).interfaces.inspect.includes('agent');
  const values = c.registry.checkNode({
    driver: discovery.default_driver,
    ...(agentInspect ? { inspect_interface: 'agent' } : {}),
    name: nameFor(discovery.name_pattern, inventoryMacs(cb.inventory)[0]!),
    driver_info: bmc ? { ipmi_address: bmc } : {},
    extra: { auto_discovered: true },
    provision_state: STATE.ENROLL,
    power_state: 'power off',
  });
  try {
    return await c.store.nodes.create({ ...values, driver: discovery.default_driver });
  } catch (err) {
    // The generated name is taken by a node without these MACs: keep the node, drop the name.
    if (err instanceof Conflict && /name/.test(err.message))
      return c.store.nodes.create({ ...values, driver: discovery.default_driver, name: null });
    throw err;
  }
}

/** Polls until the node leaves `state` (manage/provide run in the background). */
async function settled(c: ConductorContext, id: number, state: string, timeoutMs = 120_000): Promise<Node> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const node = await c.store.nodes.getById(id);
    if ((node.provision_state !== state && !node.reservation) || Date.now() > end) return node;
    await sleep(200);
  }
}

/** discovery.auto_enroll (manage) and auto_provide (then provide); logged, never thrown. */
async function autoEnroll(c: ConductorContext, node: Node): Promise<void> {
  const { auto_enroll, auto_provide } = c.config.discovery;
  if (!auto_enroll && !auto_provide) return;
  try {
    await doProvisionAction(c, node.uuid, 'manage', {});
    const managed = await settled(c, node.id, STATE.VERIFYING);
    if (managed.provision_state !== STATE.MANAGEABLE) {
      c.log.warn(
        { node_uuid: node.uuid, last_error: managed.last_error },
        'discovery: auto_enroll could not verify the node; it stays in enroll',
      );
      return;
    }
    if (auto_provide) await doProvisionAction(c, node.uuid, 'provide', {});
  } catch (err) {
    c.log.warn({ err, node_uuid: node.uuid }, 'discovery: auto_enroll failed');
  }
}

export async function discoverNode(c: ConductorContext, cb: InspectionCallback, cap: RateCap): Promise<Node> {
  cap.take();
  let node: Node;
  try {
    node = await createNode(c, cb);
  } catch (err) {
    cap.giveBack();
    throw err;
  }
  const { node: recorded } = await recordInspection(c, node, cb.inventory, {
    ports: 'all',
    portsWithoutCarrier: c.config.discovery.ports_without_carrier,
    pluginData: cb.plugin_data,
    rootDiskName: cb.root_disk_name,
  })
    .then(async (r) =>
      cb.ramdisk_error ? { node: await c.store.nodes.update(node.id, { last_error: ramdiskErrorMessage(cb.ramdisk_error) }) } : r,
    )
    .catch(async (err: unknown) => {
      // A rule's `fail` on a discovered node: it stays in enroll with the reason.
      const message = err instanceof Error ? err.message : String(err);
      return { node: await c.store.nodes.update(node.id, { last_error: message }) };
    });
  await c.store.history.add({
    node_id: node.id,
    event: `Node discovered from inventory (MACs ${inventoryMacs(cb.inventory).join(', ')})`,
    event_type: 'discovery',
    conductor: c.host,
  });
  void autoEnroll(c, recorded);
  return recorded;
}
