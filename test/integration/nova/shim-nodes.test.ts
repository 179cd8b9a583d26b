// The Nova shim's resource-tracker side against a real `tyr server`: which nodes a compute host
// reports (enroll and orphans filtered, maintenance kept with its inventory reserved, paging
// through the core), the node cache's
// TTL, get_available_resource, update_provider_tree's inventory, node_is_available, init_host.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { ApiNode } from '../../../client/types.js';
import { availableNode, spawnBody, startNovaStack, type NovaStack } from '../../helpers/nova-harness.js';

describe('Nova shim: nodes', function () {
  this.timeout(120_000);
  let s: NovaStack;
  // Filled in before(): one node per role the tests look at.
  const n = {} as Record<'free-1' | 'free-2' | 'maint' | 'mine' | 'other-host' | 'orphan' | 'enroll', ApiNode>;

  before(async () => {
    // A page size of 2 makes every listing follow `next` links; a long TTL makes the cache visible.
    s = await startNovaStack({ pageSize: 2, cacheTtlMs: 60_000 });
    for (const name of ['free-1', 'free-2', 'maint', 'mine', 'other-host', 'orphan'] as const)
      n[name] = await availableNode(s.client, name);
    n.enroll = await s.client.nodes.create({ driver: 'fake-hardware', name: 'enroll', resource_class: 'baremetal-gold' });
    await s.client.nodes.setMaintenance(n.maint.uuid, 'disk swap');
    expect((await s.call('PUT', `/instances/${randomUUID()}`, spawnBody(n.mine.uuid, { network_info: [] }))).status).to.equal(201);
    expect(
      (await s.call('PUT', `/instances/${randomUUID()}`, spawnBody(n['other-host'].uuid, { host: 'compute-2', network_info: [] }))).status,
    ).to.equal(201);
    // An instance set by hand, not through Nova: no nova_host_id.
    await s.client.nodes.patch(n.orphan.uuid, [{ op: 'add', path: '/instance_uuid', value: randomUUID() }]);
  });
  after(async () => {
    await s?.stop();
  });

  it('get_available_nodes pages through the core, filters enroll and orphans, and keeps maintenance', async () => {
    // A node in maintenance stays listed, as with Nova's ironic driver: Nova deletes the compute
    // node (and its instance's allocation) of a node that drops out of the list.
    const r = await s.call('GET', '/nodes?host=compute-1&refresh=true');
    expect(r.body.nodes).to.have.members([n['free-1'].uuid, n['free-2'].uuid, n.maint.uuid, n.mine.uuid]);
    const any = await s.call('GET', '/nodes');
    expect(any.body.nodes, 'without a host, every Nova-placed instance counts').to.have.members([
      n['free-1'].uuid,
      n['free-2'].uuid,
      n.maint.uuid,
      n.mine.uuid,
      n['other-host'].uuid,
    ]);
  });

  it('serves node data from the cache until the TTL passes or a refresh is asked for', async () => {
    // An instance set by hand makes the node an orphan, which this host stops reporting.
    await s.client.nodes.patch(n['free-2'].uuid, [{ op: 'add', path: '/instance_uuid', value: randomUUID() }]);
    expect((await s.call('GET', '/nodes?host=compute-1')).body.nodes, 'cached').to.include(n['free-2'].uuid);
    expect((await s.call('GET', '/nodes?host=compute-1&refresh=true')).body.nodes, 'refreshed').not.to.include(n['free-2'].uuid);
    await s.client.nodes.patch(n['free-2'].uuid, [{ op: 'remove', path: '/instance_uuid' }]);
    await s.call('GET', '/nodes?refresh=true');
  });

  it("get_available_resource returns Nova's resource dict for the node", async () => {
    const r = await s.call('GET', `/nodes/${n['free-1'].uuid}/resources`);
    expect(r.body).to.deep.include({
      uuid: n['free-1'].uuid,
      hypervisor_hostname: n['free-1'].uuid,
      hypervisor_type: 'ironic',
      hypervisor_version: 1,
      resource_class: 'baremetal-gold',
      vcpus: 0,
      memory_mb: 0,
      local_gb: 0,
      cpu_info: null,
      supported_instances: [['x86_64', 'baremetal', 'hvm']],
      stats: { cpu_arch: 'x86_64', boot_mode: 'uefi' },
    });
    const missing = await s.call('GET', `/nodes/${randomUUID()}/resources`);
    expect(missing.status).to.equal(404);
    expect(missing.body.error.message).to.contain('could not be found');
  });

  it('update_provider_tree: one unit of CUSTOM_<RESOURCE_CLASS>, reserved while in use or unavailable', async () => {
    const unit = (reserved: number) => ({
      CUSTOM_BAREMETAL_GOLD: { total: 1, reserved, min_unit: 1, max_unit: 1, step_size: 1, allocation_ratio: 1 },
    });
    const traits = ['CUSTOM_GOLD', 'CUSTOM_IMG']; // availableNode's
    expect((await s.call('GET', `/nodes/${n['free-1'].uuid}/provider_tree`)).body).to.deep.equal({
      inventory: unit(0),
      traits,
      reserved: false,
    });
    expect((await s.call('GET', `/nodes/${n.mine.uuid}/provider_tree`)).body.inventory).to.deep.equal(unit(1));
    expect((await s.call('GET', `/nodes/${n.maint.uuid}/provider_tree`)).body.inventory).to.deep.equal(unit(1));
    await s.client.nodes.addTrait(n['free-1'].uuid, 'CUSTOM_NEW');
    expect((await s.call('GET', `/nodes/${n['free-1'].uuid}/provider_tree`)).body.traits, 'cached').to.deep.equal(traits);
    await s.call('GET', '/nodes?refresh=true');
    expect((await s.call('GET', `/nodes/${n['free-1'].uuid}/provider_tree`)).body.traits).to.deep.equal([...traits, 'CUSTOM_NEW']);
    const bare = await s.client.nodes.create({ driver: 'fake-hardware', name: 'no-rc' });
    const r = await s.call('GET', `/nodes/${bare.uuid}/provider_tree`);
    expect(r.status).to.equal(409);
    expect(r.body.error).to.include({ type: 'NoResourceClass' });
    expect(r.body.error.message).to.contain('--resource-class');
  });

  it('node_is_available tells whether this host offers the node', async () => {
    expect((await s.call('GET', `/nodes/${n['free-1'].uuid}?host=compute-1`)).body.available).to.equal(true);
    expect((await s.call('GET', `/nodes/${n.maint.uuid}?host=compute-1`)).body.available, 'listed, inventory reserved').to.equal(true);
    expect((await s.call('GET', `/nodes/${n['other-host'].uuid}?host=compute-1`)).body.available).to.equal(false);
    expect((await s.call('GET', `/nodes/${n.enroll.uuid}`)).body.available).to.equal(false);
    expect((await s.call('GET', `/nodes/${randomUUID()}`)).status).to.equal(404);
  });

  it('init_host checks that the core answers', async () => {
    const r = await s.call('POST', '/init_host', {});
    expect(r.body.core_url).to.equal(s.core.url);
    expect(r.body.core_version).to.match(/^1\.\d+$/);
  });
});
