// POST /v1/continue_inspection against the real in-process Tyr (API, conductor, SQLite): discovery
// of an unknown machine and the callback's defences (schema, size, rate cap, state). The test plays
// the ramdisk: the agent cannot run here (e2e covers it). What a forged callback may touch is in
// callback-trust.test.ts, the bounds on stored inventories in inventory-bounds.test.ts.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { inventory } from '../../helpers/inventory-fixture.js';

const V = 'latest';
const CAP = 6;

describe('POST /v1/continue_inspection (discovery on, default driver fake-hardware)', function () {
  this.timeout(60_000);
  let api: ApiHarness;
  let client: TyrClient;
  const post = (body: unknown, raw?: string) => api.call('POST', '/v1/continue_inspection', body, { raw });
  const nodeCount = async () => (await api.call('GET', '/v1/nodes?limit=1000')).body.nodes.length as number;

  before(async () => {
    api = await startApi({
      discovery: { enabled: true, default_driver: 'fake-hardware', max_new_nodes_per_minute: CAP },
      inspection: { max_callback_bytes: 1024 * 1024 },
    });
    client = new TyrClient({ url: api.url, apiVersion: V });
  });
  after(async () => {
    await api?.stop();
  });

  it('creates a node in enroll for an unknown machine, with properties, ports and inventory', async () => {
    const inv = inventory({ mac: '52:54:00:d1:00:01', second: { mac: '52:54:00:d1:00:02', carrier: false }, bmc: '192.0.2.50' });
    const res = await post({ inventory: inv, plugin_data: { source: 'test' } });
    expect(res.status, res.message).to.equal(200);
    expect(res.body.next).to.equal('poweroff');
    const node = (await client.nodes.get(res.body.uuid)) as Record<string, any>;
    expect(node).to.include({ provision_state: 'enroll', name: 'discovered-525400d10001', driver: 'fake-hardware' });
    expect(node.extra).to.deep.equal({ auto_discovered: true });
    expect(node.driver_info).to.deep.equal({ ipmi_address: '192.0.2.50' });
    expect(node.properties).to.deep.equal({ cpu_arch: 'x86_64', cpus: 2, memory_mb: 2048, local_gb: 9, capabilities: 'boot_mode:bios' });
    // Only the NIC with carrier (the PXE one) became a port, pxe_enabled.
    const ports = await api.call('GET', `/v1/ports/detail?node=${node.uuid}`, undefined, { version: V });
    expect(ports.body.ports.map((p: any) => [p.address, p.pxe_enabled])).to.deep.equal([['52:54:00:d1:00:01', true]]);
    const stored = await api.call('GET', `/v1/nodes/${node.uuid}/inventory`, undefined, { version: V });
    expect(stored.status).to.equal(200);
    expect(stored.body.inventory.cpu.count).to.equal(2);
    expect(stored.body.plugin_data.source).to.equal('test');
    expect(stored.body.plugin_data.pci_devices.map((d: any) => d.vendor_id)).to.include('1af4');
    const discovered = await api.call('GET', '/v1/nodes?detail=true', undefined, { version: V });
    expect(discovered.body.nodes.filter((n: any) => n.extra.auto_discovered)).to.have.length(1);
  });

  it('refuses the same machine the second time (its node is in enroll, not inspect wait): 404, no new node, nothing changed', async () => {
    const before = await nodeCount();
    const res = await post({ inventory: inventory({ mac: '52:54:00:d1:00:01', cpus: 4 }) });
    expect(res.status).to.equal(404);
    expect(await nodeCount()).to.equal(before);
    const node = (await api.call('GET', '/v1/nodes/discovered-525400d10001', undefined, { version: V })).body;
    expect(node.properties.cpus).to.equal(2);
  });

  it("refuses a known active node's MAC (404, the same answer as for any refusal) and changes nothing", async () => {
    const node = await client.nodes.create({ driver: 'fake-hardware', name: 'busy', properties: { cpus: 64 } });
    const uuid = node.uuid;
    await client.ports.create({ node_uuid: uuid, address: '52:54:00:d1:00:aa' });
    for (const [verb, state] of [
      ['manage', 'manageable'],
      ['provide', 'available'],
      ['active', 'active'],
    ] as const) {
      await client.nodes.setProvisionState(uuid, verb);
      await client.nodes.waitForProvisionState(uuid, state, { timeoutMs: 10_000, pollIntervalMs: 50 });
    }
    const before = (await client.nodes.get(uuid)) as Record<string, any>;
    const res = await post({
      inventory: inventory({ mac: '52:54:00:d1:00:aa', cpus: 1, second: { mac: '52:54:00:d1:00:ab', carrier: true } }),
    });
    expect(res.status).to.equal(404);
    // Neither the node nor its state is disclosed to the unauthenticated caller.
    expect(res.message)
      .to.match(/inspect wait/)
      .and.not.contain(uuid)
      .and.not.match(/"active"/);
    const after = (await client.nodes.get(uuid)) as Record<string, any>;
    expect(after.properties).to.deep.equal({ cpus: 64 });
    expect(after.updated_at).to.equal(before.updated_at);
    expect((await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: V })).status).to.equal(404);
    expect((await api.call('GET', '/v1/ports?address=52:54:00:d1:00:ab')).body.ports).to.have.length(0);
  });

  it("keeps every top-level key but inventory as plugin data (Ironic's rule), and an older Tyr agent's nested plugin_data", async () => {
    const { pci_devices, ...inv } = inventory({ mac: '52:54:00:d1:00:30' });
    const res = await post({ inventory: inv, pci_devices, numa_topology: { ram: [] }, error: null, plugin_data: { agent: 'tyr' } });
    expect(res.status, res.message).to.equal(200);
    const stored = await api.call('GET', `/v1/nodes/${res.body.uuid}/inventory`, undefined, { version: V });
    expect(stored.body.plugin_data).to.include({ agent: 'tyr', error: null });
    expect(stored.body.plugin_data.numa_topology).to.deep.equal({ ram: [] });
    expect(stored.body.plugin_data.pci_devices.map((d: any) => d.vendor_id)).to.deep.equal(['8086', '1af4']);
  });

  it("enrols a machine whose ramdisk reported an error (IPA's error key) with Ironic's message as last_error", async () => {
    const res = await post({ inventory: inventory({ mac: '52:54:00:d1:00:31' }), error: 'collector lldp failed: timed out' });
    expect(res.status, res.message).to.equal(200);
    const node = (await client.nodes.get(res.body.uuid)) as Record<string, any>;
    expect(node.provision_state).to.equal('enroll');
    expect(node.last_error).to.equal('Ramdisk reported error: collector lldp failed: timed out');
  });

  it('refuses malformed bodies with 400 naming the field, and creates nothing', async () => {
    const before = await nodeCount();
    const bad = inventory({ mac: '52:54:00:d1:00:10' });
    const cases: [unknown, RegExp][] = [
      [{ inventory: { ...bad, cpu: { count: 'two', architecture: 'x86_64' } } }, /inventory\.cpu\.count/],
      [{ inventory: { ...bad, interfaces: [{ name: 'eth0', mac_address: 'not-a-mac' }] } }, /inventory\.interfaces\[0\]\.mac_address/],
      [{ inventory: { ...bad, memory: undefined } }, /inventory\.memory/],
      [{ inventory: { ...bad, pci_devices: [{ vendor_id: 'zz', product_id: '0001' }] } }, /pci_devices\[0\]\.vendor_id/],
      [{ inventory: bad, node_uuid: 'x' }, /node_uuid/],
      [{ inventory: bad, pci_devices: 'none' }, /"pci_devices" must be a list/],
      [{ inventory: bad, plugin_data: 'x' }, /plugin_data/],
      [[1, 2], /JSON object with an "inventory" key/],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).to.equal(400);
      expect(res.message).to.match(field);
    }
    const notJson = await post(undefined, '{"inventory": ');
    expect(notJson.status).to.equal(400);
    expect(await nodeCount()).to.equal(before);
  });

  it('refuses a body over inspection.max_callback_bytes (1 MiB here) with 413 and creates nothing', async () => {
    const before = await nodeCount();
    const inv = inventory({ mac: '52:54:00:d1:00:20' });
    const res = await post({ inventory: { ...inv, padding: 'x'.repeat(1024 * 1024) } });
    expect(res.status).to.equal(413);
    expect(await nodeCount()).to.equal(before);
  });

  it(`caps new nodes at discovery.max_new_nodes_per_minute (${CAP}): 429 with Retry-After, known machines still answered`, async () => {
    const before = await nodeCount();
    let created = 0;
    let refused: Awaited<ReturnType<typeof post>> | undefined;
    for (let i = 0; i < CAP + 2 && !refused; i++) {
      const res = await post({ inventory: inventory({ mac: `52:54:00:d2:00:${(0x10 + i).toString(16)}` }) });
      if (res.status === 200) created++;
      else refused = res;
    }
    // The earlier tests' three nodes count too: CAP in the minute in all.
    expect(created).to.equal(CAP - 3);
    expect(refused?.status).to.equal(429);
    expect(Number(refused?.headers.get('retry-after'))).to.be.within(1, 60);
    expect(await nodeCount()).to.equal(before + created);
    // A known machine is not counted as a new one: it gets its own answer (refused: not waiting).
    const known = await post({ inventory: inventory({ mac: '52:54:00:d1:00:01' }) });
    expect(known.status).to.equal(404);
  });
});
