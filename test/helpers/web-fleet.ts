// A small fleet for the console's API tests: one node per case the overview and the search tell
// apart (states, power, maintenance, faults, traits, MACs, discovery, image-write progress).
import type { Store } from '../../core/db/store.js';
import type { Node } from '../../core/db/types.js';

export interface WebFleet {
  a1: Node;
  a2: Node;
  b1: Node;
  failed: Node;
  discovered: Node;
  deploying: Node;
  bmcDead: Node;
}

export const DEPLOY_PROGRESS = { bytes_written: 1_048_576, total_bytes: 4_194_304, mb_per_s: 12.5 };

export async function seedWebFleet(store: Store): Promise<WebFleet> {
  const n = store.nodes;
  const a1 = await n.create({
    driver: 'fake-hardware',
    name: 'web-a1',
    provision_state: 'available',
    power_state: 'power on',
    resource_class: 'gpu',
    owner: 'team-a',
  });
  const a2 = await n.create({
    driver: 'fake-hardware',
    name: 'web-a2',
    provision_state: 'available',
    power_state: 'power off',
    resource_class: 'gpu',
  });
  const b1 = await n.create({
    driver: 'ipmi',
    name: 'web-b1',
    provision_state: 'active',
    power_state: 'power on',
    conductor_group: 'rack2',
    maintenance: true,
    maintenance_reason: 'disk replacement',
  });
  const failed = await n.create({
    driver: 'fake-hardware',
    name: 'fail-1',
    provision_state: 'deploy failed',
    last_error: 'image checksum mismatch',
  });
  const discovered = await n.create({ driver: 'fake-hardware', extra: { auto_discovered: true } });
  const deploying = await n.create({
    driver: 'fake-hardware',
    name: 'deploy-1',
    provision_state: 'wait call-back',
    power_state: 'power on',
    driver_internal_info: { deploy_progress: DEPLOY_PROGRESS },
  });
  const bmcDead = await n.create({
    driver: 'ipmi',
    name: 'bmc-dead',
    provision_state: 'manageable',
    maintenance: true,
    fault: 'power failure',
    maintenance_reason: 'During sync_power_state, the BMC did not answer',
  });
  await store.traits.replace(a1.id, ['CUSTOM_GPU', 'CUSTOM_NVME']);
  await store.traits.replace(a2.id, ['CUSTOM_GPU']);
  await store.ports.create({ node_id: a1.id, address: '52:54:00:aa:bb:01' });
  await store.ports.create({ node_id: a2.id, address: '52:54:00:aa:bb:02' });
  await store.ports.create({ node_id: b1.id, address: '52:54:00:cc:00:01' });
  return { a1, a2, b1, failed, discovered, deploying, bmcDead };
}
