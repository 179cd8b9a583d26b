// The legacy os-baremetal-nodes API (api-extension/) answered from Tyr's data, against a real
// `tyr server`: mounted in the shim at /os-baremetal-nodes, and on its own (startExtension).
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { startExtension } from '../../../api-extension/server.js';
import { availableNode, callJson, spawnBody, startNovaStack, type NovaStack, type Reply } from '../../helpers/nova-harness.js';

const LEGACY = {
  cpus: 8,
  memory_mb: 16384,
  local_gb: 200,
  pm_address: '10.0.0.9',
  pm_user: 'admin',
  pm_password: 'hunter2',
  prov_mac_address: '52:54:00:BB:00:01',
};

describe('os-baremetal-nodes (legacy Nova API)', function () {
  this.timeout(60_000);
  let s: NovaStack;
  const call = (method: string, p: string, body?: unknown): Promise<Reply> => s.call(method, `/os-baremetal-nodes${p}`, body);

  before(async () => {
    s = await startNovaStack();
  });
  after(async () => {
    await s?.stop();
  });

  it('creates an ipmi node and its port from the legacy fields, never echoing pm_password', async () => {
    const r = await call('POST', '', { node: LEGACY });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(JSON.stringify(r.body)).not.to.contain('hunter2');
    expect(r.body.node).to.deep.include({
      cpus: 8,
      memory_mb: 16384,
      local_gb: 200,
      disk_gb: 200,
      pm_address: '10.0.0.9',
      pm_user: 'admin',
      prov_mac_address: '52:54:00:bb:00:01',
      instance_uuid: null,
      task_state: null,
      terminal_port: null,
    });
    expect(r.body.node).not.to.have.property('pm_password');
    const node = await s.client.nodes.get(r.body.node.id);
    expect(node.driver).to.equal('ipmi');
    expect(node.driver_info).to.include({ ipmi_address: '10.0.0.9', ipmi_username: 'admin', ipmi_password: '******' });
    expect((await s.client.ports.listPage({ node: node.uuid })).items.map((p) => p.address)).to.deep.equal(['52:54:00:bb:00:01']);
  });

  it('lists nodes with {id, cpus, memory_mb, disk_gb, host, task_state, interfaces} and shows one in full', async () => {
    const deployed = await availableNode(s.client, 'legacy-active');
    const instance = randomUUID();
    expect((await s.call('PUT', `/instances/${instance}`, spawnBody(deployed.uuid, { network_info: [] }))).status).to.equal(201);
    const list = await call('GET', '');
    const entry = list.body.nodes.find((n: { id: string }) => n.id === deployed.uuid);
    expect(Object.keys(entry).sort()).to.deep.equal(['cpus', 'disk_gb', 'host', 'id', 'interfaces', 'memory_mb', 'task_state']);
    expect(entry).to.deep.include({ cpus: 4, memory_mb: 8192, disk_gb: 100, task_state: 'active' });
    expect(entry.interfaces).to.have.length(1);
    expect(entry.interfaces[0]).to.have.keys(['address']);
    expect(entry.host).to.be.a('string');
    const show = await call('GET', `/${deployed.uuid}`);
    expect(show.body.node).to.deep.include({ id: deployed.uuid, instance_uuid: instance, task_state: 'active', service_host: entry.host });
    expect(show.body.node.interfaces[0]).to.include({ address: entry.interfaces[0].address });
  });

  it('adds and removes interfaces through the action', async () => {
    const created = (await call('POST', '', { ...LEGACY, prov_mac_address: '52:54:00:bb:00:02' })).body.node;
    let r = await call('POST', `/${created.id}/action`, { add_interface: { address: '52:54:00:bb:00:03' } });
    expect(r.status, JSON.stringify(r.body)).to.equal(200);
    expect(r.body.interface).to.include({ address: '52:54:00:bb:00:03' });
    expect((await call('GET', `/${created.id}`)).body.node.interfaces.map((i: { address: string }) => i.address)).to.have.members([
      '52:54:00:bb:00:02',
      '52:54:00:bb:00:03',
    ]);
    r = await call('POST', `/${created.id}/action`, { remove_interface: { address: '52:54:00:BB:00:03' } });
    expect(r.status).to.equal(202);
    expect((await call('GET', `/${created.id}`)).body.node.interfaces.map((i: { address: string }) => i.address)).to.deep.equal([
      '52:54:00:bb:00:02',
    ]);
    r = await call('POST', `/${created.id}/action`, { remove_interface: { address: '52:54:00:bb:00:99' } });
    expect(r.status).to.equal(404);
    expect(r.body.itemNotFound.message).to.contain('no interface 52:54:00:bb:00:99');
    r = await call('POST', `/${created.id}/action`, { reboot: {} });
    expect(r.status).to.equal(400);
    expect(r.body.badRequest.message).to.contain('add_interface');
  });

  it('deletes a node without an instance and refuses one with an instance (409)', async () => {
    const created = (await call('POST', '', { ...LEGACY, prov_mac_address: '52:54:00:bb:00:04' })).body.node;
    expect((await call('DELETE', `/${created.id}`)).status).to.equal(202);
    expect((await call('GET', `/${created.id}`)).status).to.equal(404);
    const busy = await availableNode(s.client, 'legacy-busy');
    const instance = randomUUID();
    await s.call('PUT', `/instances/${instance}`, spawnBody(busy.uuid, { network_info: [] }));
    const r = await call('DELETE', `/${busy.uuid}`);
    expect(r.status).to.equal(409);
    expect(r.body.conflictingRequest).to.deep.equal({
      code: 409,
      message: `Baremetal node ${busy.uuid} has instance ${instance}; delete the instance first.`,
    });
    expect((await s.client.nodes.get(busy.uuid)).instance_uuid).to.equal(instance);
  });

  it('answers unknown ids with 404 and bad MACs or fields with 400, creating nothing', async () => {
    const before = (await call('GET', '')).body.nodes.length;
    const unknown = randomUUID();
    for (const [method, p, body] of [
      ['GET', `/${unknown}`],
      ['DELETE', `/${unknown}`],
      ['POST', `/${unknown}/action`, { add_interface: { address: '52:54:00:bb:00:05' } }],
    ] as const) {
      const r = await call(method, p, body);
      expect(r.status, `${method} ${p}`).to.equal(404);
      expect(r.body.itemNotFound.message).to.equal(`Baremetal node ${unknown} could not be found.`);
    }
    const cases: [unknown, RegExp][] = [
      [{ ...LEGACY, prov_mac_address: 'not-a-mac' }, /"not-a-mac" is not a MAC address/],
      [{ ...LEGACY, cpus: 'many' }, /"cpus" must be a non-negative integer/],
      [{ ...LEGACY, pm_address: undefined }, /"pm_address" .* is required/],
    ];
    for (const [body, re] of cases) {
      const r = await call('POST', '', body);
      expect(r.status).to.equal(400);
      expect(r.body.badRequest.message).to.match(re);
    }
    const anyNode = (await call('GET', '')).body.nodes[0].id;
    const bad = await call('POST', `/${anyNode}/action`, { add_interface: { address: '52:54:00:zz:00:01' } });
    expect(bad.status).to.equal(400);
    expect(bad.body.badRequest.message).to.contain('not a MAC address');
    expect((await call('GET', '')).body.nodes.length).to.equal(before);
  });

  it('runs on its own, without the shim', async () => {
    const ext = await startExtension({ host: '127.0.0.1', port: 0, coreUrl: s.core.url });
    try {
      const r = await callJson(ext.url, 'GET', '/os-baremetal-nodes');
      expect(r.status).to.equal(200);
      expect(r.body.nodes.length).to.be.greaterThan(0);
      expect((await callJson(ext.url, 'GET', '/instances')).status, 'no shim routes here').to.equal(404);
    } finally {
      await ext.stop();
    }
  });
});
