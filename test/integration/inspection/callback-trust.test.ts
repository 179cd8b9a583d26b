// What an unauthenticated POST /v1/continue_inspection may change (issue #18, item 2). Before the
// fix, a forged inventory naming an enrolled node's BMC address or MACs added the caller's MACs as
// ports to that node and overwrote its properties, with discovery off as well as on. Now data is
// accepted only for a node in "inspect wait" (inspect-flow.test.ts, inventory-bounds.test.ts);
// every other match is the same 404 and changes nothing, and discovery never turns a known machine
// into a second node. Real in-process Tyr and SQLite; the test plays the forger.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { inventory } from '../../helpers/inventory-fixture.js';

const V = 'latest';
const ATTACKER_MAC = '52:54:00:66:00:01';
const ATTACKER_SECOND = '52:54:00:66:00:02';

for (const discovery of [false, true]) {
  describe(`a forged continue_inspection changes no existing node (discovery ${discovery ? 'on' : 'off'})`, function () {
    this.timeout(60_000);
    let api: ApiHarness;
    let client: TyrClient;
    const post = (body: unknown) => api.call('POST', '/v1/continue_inspection', body);

    /** Everything the callback could have written about a node, and how many nodes and ports exist. */
    async function snapshot(uuid: string) {
      const node = (await client.nodes.get(uuid)) as Record<string, any>;
      const ports = (await api.call('GET', `/v1/ports?node=${uuid}`, undefined, { version: V })).body.ports
        .map((p: any) => p.address)
        .sort();
      const inv = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: V });
      const nodes = (await api.call('GET', '/v1/nodes?limit=1000')).body.nodes.length;
      const attackerPorts =
        (await api.call('GET', `/v1/ports?address=${ATTACKER_MAC}`)).body.ports.length +
        (await api.call('GET', `/v1/ports?address=${ATTACKER_SECOND}`)).body.ports.length;
      return {
        properties: node.properties,
        driver_info: node.driver_info,
        extra: node.extra,
        provision_state: node.provision_state,
        updated_at: node.updated_at,
        last_error: node.last_error,
        ports,
        inventory: [inv.status, inv.body],
        nodes,
        attackerPorts,
      };
    }

    /** A node as an operator enrolled it, with an inventory from an earlier inspection. */
    async function enrolled(name: string, fields: Record<string, unknown>, mac?: string): Promise<string> {
      const node = await client.nodes.create({ driver: 'fake-hardware', name, properties: { cpus: 64, memory_mb: 262144 }, ...fields });
      const uuid = node.uuid;
      if (mac) await client.ports.create({ node_uuid: uuid, address: mac });
      const id = (await api.server.store.nodes.getByIdent(uuid)).id;
      await api.server.store.inventory.add(id, { cpu: { count: 64, architecture: 'x86_64' }, genuine: true }, { from: 'operator' }, 2);
      return uuid;
    }

    before(async () => {
      api = await startApi({ discovery: { enabled: discovery, default_driver: 'fake-hardware' } });
      client = new TyrClient({ url: api.url, apiVersion: V });
    });
    after(async () => {
      await api?.stop();
    });

    it("refuses a forger naming an enrolled node's BMC address: 404, no port, properties and inventory unchanged, no new node", async () => {
      const uuid = await enrolled('bmc-victim', { driver_info: { ipmi_address: '192.0.2.77' } });
      const before = await snapshot(uuid);
      const res = await post({
        inventory: inventory({ mac: ATTACKER_MAC, second: { mac: ATTACKER_SECOND, carrier: true }, bmc: '192.0.2.77', cpus: 1 }),
        plugin_data: { evil: true },
      });
      expect(res.status, res.message).to.equal(404);
      expect(await snapshot(uuid)).to.deep.equal(before);
    });

    it("refuses a forger presenting an enrolled node's MAC: 404, nothing changed", async () => {
      const uuid = await enrolled('mac-victim', {}, '52:54:00:66:10:01');
      const before = await snapshot(uuid);
      const res = await post({
        inventory: inventory({ mac: '52:54:00:66:10:01', second: { mac: ATTACKER_SECOND, carrier: true }, cpus: 1 }),
      });
      expect(res.status, res.message).to.equal(404);
      expect(await snapshot(uuid)).to.deep.equal(before);
    });

    it('refuses a match to a manageable node, with or without its node_uuid: 404, nothing changed', async () => {
      const uuid = await enrolled('managed-victim', {}, '52:54:00:66:20:01');
      await client.nodes.setProvisionState(uuid, 'manage');
      await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 10_000, pollIntervalMs: 50 });
      const before = await snapshot(uuid);
      for (const nodeUuid of [undefined, uuid]) {
        const res = await post({
          inventory: inventory({ mac: '52:54:00:66:20:01', second: { mac: ATTACKER_SECOND, carrier: true }, cpus: 1 }),
          node_uuid: nodeUuid,
        });
        expect(res.status, res.message).to.equal(404);
      }
      expect(await snapshot(uuid)).to.deep.equal(before);
    });

    it('answers every refusal alike, disclosing neither the node nor its state', async () => {
      const victim = (await client.nodes.get('mac-victim')) as Record<string, any>;
      const known = await post({ inventory: inventory({ mac: '52:54:00:66:10:01' }) });
      const conflicting = await post({ inventory: inventory({ mac: '52:54:00:66:10:01', bmc: '192.0.2.77' }) });
      expect(known.status).to.equal(404);
      expect(conflicting.status).to.equal(404);
      expect(conflicting.message).to.equal(known.message);
      expect(known.message).to.not.contain(victim.uuid).and.not.contain('enroll');
    });
  });
}
