// Nova shim spawn against a real `tyr server` with fake-hardware nodes: node choice (UUID, name,
// host:node, zone:host:node), the instance_info patch Nova's ironic driver would make, VIFs, the
// config drive, the wait for active, the Nova-style failure with last_error, and the cleanup.
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { availableNode, spawnBody, startNovaStack, type NovaStack } from '../../helpers/nova-harness.js';

describe('Nova shim: spawn', function () {
  this.timeout(120_000);
  let s: NovaStack;

  before(async () => {
    s = await startNovaStack();
  });
  after(async () => {
    await s?.stop();
  });

  it('deploys the chosen node to active with instance_uuid, instance_info, VIFs and a config drive', async () => {
    const node = await availableNode(s.client, 'spawn-a');
    const uuid = randomUUID();
    const r = await s.call('PUT', `/instances/${uuid}`, spawnBody(node.uuid));
    expect(r.status, JSON.stringify(r.body)).to.equal(201);
    expect(r.body).to.include({
      uuid,
      node: node.uuid,
      name: 'instance-00000001',
      provision_state: 'active',
      power_state: 1,
      power_state_name: 'RUNNING',
    });

    const after = await s.client.nodes.get(node.uuid);
    expect(after.instance_uuid).to.equal(uuid);
    const ii = after.instance_info as Record<string, unknown>;
    expect(ii).to.include({
      image_source: 'http://images.example/cirros.img',
      root_gb: '10',
      swap_mb: '512',
      display_name: 'web-1',
      vcpus: '4',
      memory_mb: '8192',
      local_gb: '100',
      nova_host_id: 'compute-1',
    });
    expect(ii).not.to.have.property('ephemeral_gb');
    expect(JSON.parse(ii.capabilities as string)).to.deep.equal({ boot_mode: 'uefi' });
    expect(ii.traits).to.deep.equal(['CUSTOM_GOLD', 'CUSTOM_IMG']);
    // The JSON config drive became a gzip+base64 ISO in the core; the API shows it masked.
    expect(ii.configdrive).to.equal('******');
    expect(await s.client.nodes.listVifs(node.uuid)).to.deep.equal([{ id: 'vif-a' }]);

    const info = await s.call('GET', `/instances/${uuid}/info`);
    expect(info.body).to.deep.equal({ state: 1, state_name: 'RUNNING' });
  });

  it('honours the force-node forms host:node and zone:host:node, and node names', async () => {
    const a = await availableNode(s.client, 'force-a');
    const b = await availableNode(s.client, 'force-b');
    const c = await availableNode(s.client, 'force-c');
    const u1 = randomUUID();
    const u2 = randomUUID();
    const u3 = randomUUID();
    expect((await s.call('PUT', `/instances/${u1}`, spawnBody(`compute-1:${a.uuid}`, { network_info: [] }))).body.node).to.equal(a.uuid);
    const az = spawnBody('', { node: undefined, availability_zone: `nova:compute-1:${b.uuid}`, network_info: [] });
    expect((await s.call('PUT', `/instances/${u2}`, az)).body.node).to.equal(b.uuid);
    expect((await s.call('PUT', `/instances/${u3}`, spawnBody('force-c', { network_info: [] }))).body.node).to.equal(c.uuid);
    expect((await s.client.nodes.get(b.uuid)).instance_uuid).to.equal(u2);
  });

  it('refuses a node that runs another instance (409) and leaves it alone', async () => {
    const node = await availableNode(s.client, 'busy');
    const first = randomUUID();
    expect((await s.call('PUT', `/instances/${first}`, spawnBody(node.uuid, { network_info: [] }))).status).to.equal(201);
    const r = await s.call('PUT', `/instances/${randomUUID()}`, spawnBody(node.uuid));
    expect(r.status).to.equal(409);
    expect(r.body.error.type).to.equal('ComputeResourcesUnavailable');
    expect(r.body.error.message).to.contain(first);
    expect((await s.client.nodes.get(node.uuid)).instance_uuid).to.equal(first);
  });

  it('lets only one of two racing spawns have a node', async () => {
    const node = await availableNode(s.client, 'race');
    const [a, b] = [randomUUID(), randomUUID()];
    const replies = await Promise.all([a, b].map((u) => s.call('PUT', `/instances/${u}`, spawnBody(node.uuid, { network_info: [] }))));
    expect(replies.map((r) => r.status).sort()).to.deep.equal([201, 409]);
    const winner = replies[0]!.status === 201 ? a : b;
    const loser = replies.find((r) => r.status === 409)!;
    expect(loser.body.error.type).to.equal('ComputeResourcesUnavailable');
    const after = await s.client.nodes.get(node.uuid);
    expect(after).to.include({ instance_uuid: winner, provision_state: 'active' });
  });

  it("fails with the node's last_error when the deploy fails, and undoes what it changed", async () => {
    const node = await availableNode(s.client, 'fails');
    const uuid = randomUUID();
    // A config drive document with a key the core does not know fails the deploy in the
    // background (the core checks the document only when it builds the ISO).
    const r = await s.call('PUT', `/instances/${uuid}`, spawnBody(node.uuid, { configdrive: { meta_data: {}, bogus: 1 } }));
    expect(r.status).to.equal(409);
    expect(r.body.error.type).to.equal('InstanceDeployFailure');
    expect(r.body.error.message).to.match(
      new RegExp(`^Failed to provision instance ${uuid}: Deploy failed: configdrive has unknown keys bogus`),
    );
    const after = await s.client.nodes.waitForProvisionState(node.uuid, 'available', { timeoutMs: 20_000, pollIntervalMs: 100 });
    expect(after.instance_uuid).to.equal(null);
    expect(after.instance_info).to.deep.equal({});
    expect(await s.client.nodes.listVifs(node.uuid)).to.deep.equal([]);
  });

  it('cleans up when the core refuses the deploy up front', async () => {
    // Without automated cleaning, provide needs no deploy interface (interfaces change only before provide).
    const node = await availableNode(s.client, 'no-deploy', { deploy_interface: 'no', automated_clean: false });
    const uuid = randomUUID();
    const r = await s.call('PUT', `/instances/${uuid}`, spawnBody(node.uuid));
    expect(r.status).to.equal(409);
    expect(r.body.error.type).to.equal('InstanceDeployFailure');
    expect(r.body.error.message).to.match(new RegExp(`^Failed to request Tyr to provision instance ${uuid}: .*deploy_interface is "no"`));
    const after = await s.client.nodes.get(node.uuid);
    expect(after).to.include({ instance_uuid: null, provision_state: 'available' });
    expect(after.instance_info).to.deep.equal({});
    expect(await s.client.nodes.listVifs(node.uuid)).to.deep.equal([]);
  });

  it('answers bad input with 4xx and a message naming the problem', async () => {
    const node = await availableNode(s.client, 'bad-input');
    const cases: [string, unknown, number, RegExp][] = [
      ['not-a-uuid', spawnBody(node.uuid), 400, /instance UUID must be a UUID/],
      [randomUUID(), { ...spawnBody(node.uuid), flavor: undefined }, 400, /needs "flavor"/],
      [randomUUID(), { ...spawnBody(node.uuid), flavor: { root_gb: 1, vcpus: 1 } }, 400, /"flavor" needs "memory_mb"/],
      [randomUUID(), { ...spawnBody(node.uuid), image: {} }, 400, /"image" needs "id"/],
      [randomUUID(), { ...spawnBody(node.uuid), node: undefined }, 400, /needs "node"/],
      [randomUUID(), { ...spawnBody(node.uuid), network_info: [{ address: 'x' }] }, 400, /network_info"\[0\] needs a non-empty "id"/],
      [randomUUID(), spawnBody('no-such-node'), 404, /Node no-such-node could not be found/],
    ];
    for (const [uuid, body, status, re] of cases) {
      const r = await s.call('PUT', `/instances/${uuid}`, body);
      expect(r.status, JSON.stringify(r.body)).to.equal(status);
      expect(r.body.error.message).to.match(re);
    }
    const raw = await fetch(`${s.shim.url}/instances/${randomUUID()}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json' },
      body: '{nope',
    });
    expect(raw.status).to.equal(400);
    expect((await raw.json()).error.message).to.contain('not valid JSON');
    expect((await s.client.nodes.get(node.uuid)).instance_uuid).to.equal(null);
  });
});
