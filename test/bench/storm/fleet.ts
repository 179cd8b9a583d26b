// The storm's fleet: one `redfish` node per in-process Redfish simulator (memory mode, plain
// HTTP), iPXE boot and the agent's direct deploy, each with one port, taken through manage →
// provide → deploy until it sits in "wait call-back": its per-MAC script then boots the deploy
// ramdisk and its agent lookup answers, as after a real power-on.
import { pool } from '../../helpers/bench-util.js';
import { FleetApi } from '../../helpers/fleet-api.js';
import type { RedfishSim } from '../lab/redfish-sim/index.js';

const CLIENTS = 16;
/** The image is never fetched (the stand-in agents hold the write); the deploy only checks its fields. */
const IMAGE = {
  image_source: 'http://images.example/disk.raw',
  image_os_hash_algo: 'sha256',
  image_os_hash_value: 'ab'.repeat(32),
  image_disk_format: 'raw',
};
export const DEPLOY_KERNEL = 'tyr.kernel';
export const DEPLOY_RAMDISK = 'tyr.initramfs';

export const macOf = (i: number): string =>
  `52:54:00:${[i >> 16, (i >> 8) & 255, i & 255].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;

/** The fleet's API client, with the storm's phase driver. */
export class StormApi extends FleetApi {
  /** `verb` to every node, then waits until all are in `state` (or fails on the first in `failed`). */
  async phase(uuids: string[], verb: string, state: string, failed: string): Promise<void> {
    await pool(uuids.length, CLIENTS, async (i) => {
      await this.call('PUT', `/v1/nodes/${uuids[i]}/states/provision`, { target: verb });
    });
    for (;;) {
      if ((await this.countInState(state)) === uuids.length) return;
      const bad = await this.call('GET', `/v1/nodes?provision_state=${encodeURIComponent(failed)}&fields=uuid,last_error&limit=1`);
      if (bad.nodes.length) throw new Error(`a node ended in "${failed}" during "${verb}": ${JSON.stringify(bad.nodes[0])}`);
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Enrolls one node per simulator and deploys them all to "wait call-back"; returns the node UUIDs by index. */
export async function fleetInWaitCallBack(api: StormApi, sims: RedfishSim[]): Promise<string[]> {
  const uuids: string[] = [];
  await pool(sims.length, CLIENTS, async (i) => {
    const node = await api.call('POST', '/v1/nodes', {
      name: `storm-${i}`,
      driver: 'redfish',
      boot_interface: 'ipxe',
      deploy_interface: 'direct',
      driver_info: { ...sims[i]!.driverInfo(), deploy_kernel: DEPLOY_KERNEL, deploy_ramdisk: DEPLOY_RAMDISK },
      instance_info: IMAGE,
    });
    await api.call('POST', '/v1/ports', { node_uuid: node.uuid, address: macOf(i) });
    uuids[i] = node.uuid;
  });
  await api.phase(uuids, 'manage', 'manageable', 'enroll');
  await api.phase(uuids, 'provide', 'available', 'clean failed');
  await api.phase(uuids, 'active', 'wait call-back', 'deploy failed');
  return uuids;
}
