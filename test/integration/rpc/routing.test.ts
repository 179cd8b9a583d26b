// API → conductor over the real RPC: two real conductors on one real database (SQLite, then
// PostgreSQL), each behind its own RPC listener, and a RemoteConductor on top. Every call must
// run on the node's ring owner; errors keep their class and status; an unreachable owner is a
// 503 after retries, and once it is marked offline its nodes are served by the survivor.
import { expect } from 'chai';
import type { ConductorApi } from '../../../core/conductor/conductor-api.js';
import { CallbackRefused } from '../../../core/errors.js';
import type { Node } from '../../../core/db/types.js';
import type { TyrError } from '../../../core/errors.js';
import { Conflict, NodeLocked, NotAuthorized, NotFound, ServiceUnavailable, UnsupportedDriverExtension } from '../../../core/errors.js';
import { boundPort, closeServer, listen } from '../../../core/listen.js';
import { DIALECTS } from '../../helpers/databases.js';
import { startCluster, type Cluster } from '../../helpers/cluster.js';

const HOSTS = ['cond-a', 'cond-b'];
const fail = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e as TyrError,
  );

let macSeq = 0;
const nextMac = () =>
  `52:54:00:aa:${(Math.floor(macSeq / 256) % 256).toString(16).padStart(2, '0')}:${(macSeq++ % 256).toString(16).padStart(2, '0')}`;

function inventory(macs: string[], bmc?: string) {
  return {
    inventory: {
      cpu: { count: 4, architecture: 'x86_64' },
      memory: { physical_mb: 8192 },
      disks: [{ name: '/dev/sda', size: 100 * 2 ** 30 }],
      interfaces: macs.map((mac, i) => ({ name: `eth${i}`, mac_address: mac, has_carrier: true })),
      ...(bmc ? { bmc_address: bmc } : {}),
    },
  };
}

for (const dialect of DIALECTS) {
  describe(`rpc: API → conductor routing over the hash ring [${dialect}]`, function () {
    this.timeout(60_000);
    let c: Cluster;
    afterEach(async () => {
      await c?.close();
    });

    const start = (env: Record<string, string> = {}) =>
      startCluster(dialect, HOSTS, {
        rpc: true,
        start: true,
        env: { TYR_DISCOVERY_ENABLED: 'true', TYR_DISCOVERY_DEFAULT_DRIVER: 'fake-hardware', ...env },
      }).then((cluster) => {
        c = cluster;
        return cluster;
      });
    const ownerOf = async (node: Node) => (await c.apiRing.ownerOf(node))!;

    /** Nodes until each conductor owns at least `each` (the ring decides; UUIDs are random). */
    async function spreadNodes(each: number, values: Partial<Node> = {}): Promise<{ nodes: Node[]; owner: Map<string, string> }> {
      const nodes: Node[] = [];
      const owner = new Map<string, string>();
      while (nodes.length < 60 && !HOSTS.every((h) => [...owner.values()].filter((o) => o === h).length >= each)) {
        const node = await c.createNode(values);
        nodes.push(node);
        owner.set(node.uuid, await ownerOf(node));
      }
      expect(new Set(owner.values()), 'both conductors own nodes').to.have.property('size', 2);
      return { nodes, owner };
    }

    const historyBy = async (node: Node, match: string) =>
      (await c.store.history.list(node.id)).filter((e) => e.event.includes(match)).map((e) => e.conductor);

    it("power and provision calls run on each node's ring owner, and the nodes end reservation-free", async () => {
      await start();
      const { nodes, owner } = await spreadNodes(4, { provision_state: 'available' });
      for (const node of nodes) await c.remote.changePowerState(node.uuid, 'power on');
      await c.idle();
      for (const node of nodes) {
        expect(await historyBy(node, 'Power state changed'), node.uuid).to.deep.equal([owner.get(node.uuid)]);
      }
      const named = await c.remote.conductorOf();
      for (const node of nodes) expect(named(node)).to.equal(owner.get(node.uuid));
      const expected = Object.fromEntries(HOSTS.map((h) => [h, [...owner.values()].filter((o) => o === h).length]));
      expect(c.callsSeen('changePowerState')).to.deep.equal(expected);

      await Promise.all(nodes.map((node) => c.remote.doProvisionAction(node.uuid, 'active', {})));
      await c.idle();
      for (const node of nodes) {
        const done = await c.store.nodes.getById(node.id);
        expect(done, node.uuid).to.include({ provision_state: 'active', reservation: null, power_state: 'power on' });
        expect(await historyBy(node, '(deploy)'), node.uuid).to.deep.equal([owner.get(node.uuid)]);
      }
      expect(c.callsSeen('doProvisionAction')).to.deep.equal(expected);
    });

    it("allocations: a search runs on a live conductor; a backfill and a delete on the node's owner, errors intact", async () => {
      await start();
      const node = await c.createNode({ provision_state: 'available', power_state: 'power off', resource_class: 'rpc-rc' });
      const created = await c.remote.createAllocation({ resource_class: 'rpc-rc' });
      expect(created.state).to.equal('allocating');
      await c.idle();
      const active = await c.store.allocations.getById(created.id);
      expect(active).to.include({ state: 'active', node_id: node.id });
      expect(c.callsSeen('createAllocation')[active.conductor_affinity!]).to.equal(1);
      await c.store.nodes.update(node.id, { provision_state: 'active' });
      const refused = await fail(c.remote.destroyAllocation(created.uuid));
      expect(refused).to.be.instanceOf(Conflict);
      const owner = await ownerOf(node);
      expect(c.callsSeen('destroyAllocation')).to.deep.equal(Object.fromEntries(HOSTS.map((h) => [h, h === owner ? 1 : 0])));

      const deployed = await c.createNode({ provision_state: 'active', resource_class: 'rpc-rc' });
      const before = c.callsSeen('createAllocation');
      const backfilled = await c.remote.createAllocation({ node_id: deployed.id });
      expect(backfilled).to.include({ state: 'active', node_id: deployed.id, backfilled: true });
      const after = c.callsSeen('createAllocation');
      const deployedOwner = await ownerOf(deployed);
      for (const h of HOSTS) expect(after[h]! - before[h]!, h).to.equal(h === deployedOwner ? 1 : 0);
    });

    it('results cross as plain JSON: a Node row, boot devices, validation and VIFs come back intact', async () => {
      await start();
      const node = await c.createNode({ provision_state: 'manageable', driver_info: { deploy_kernel: 'k' }, extra: { rack: 7 } });
      const updated = await c.remote.setMaintenance(node.uuid, true, 'disk swap');
      const stored = await c.store.nodes.getById(node.id);
      // The conductor answers with the row as it wrote it, under its own lock.
      const { reservation, updated_at: _u, ...rest } = updated;
      expect(reservation).to.equal(await ownerOf(node));
      const { reservation: _r, updated_at: _s, ...storedRest } = stored;
      expect(rest).to.deep.equal(storedRest);
      expect(updated).to.include({ maintenance: true, maintenance_reason: 'disk swap', created_at: node.created_at });
      expect(updated.extra).to.deep.equal({ rack: 7 });
      await c.remote.setBootDevice(node.uuid, 'pxe', true);
      expect(await c.remote.getBootDevice(node.uuid)).to.deep.equal({ boot_device: 'pxe', persistent: true });
      expect(await c.remote.supportedBootDevices(node.uuid)).to.include('pxe');
      expect((await c.remote.validate(node.uuid)).power).to.deep.include({ result: true });
      await c.store.ports.create({ node_id: node.id, address: nextMac() });
      await c.remote.vifAttach(node.uuid, { id: 'vif-1' });
      expect(await c.remote.vifList(node.uuid)).to.deep.equal([{ id: 'vif-1' }]);
      await c.remote.vifDetach(node.uuid, 'vif-1');
      expect(await c.remote.vifList(node.uuid)).to.deep.equal([]);
      // Hardware types come from the catalog the conductors registered in the database, with no RPC.
      expect((await c.remote.hardwareTypes()).map((h) => h.name)).to.include('fake-hardware');
      expect(c.callsSeen('hardwareTypes')).to.deep.equal({ 'cond-a': 0, 'cond-b': 0 });
      const owner = await ownerOf(node);
      expect(c.callsSeen('vifList')[owner]).to.equal(2);
    });

    it("sensor data is asked of the node's owner; a management interface without it is UnsupportedDriverExtension (400)", async () => {
      await start();
      const node = await c.createNode();
      const err = await fail(c.remote.getSensorsData(node.uuid));
      expect(err).to.be.instanceOf(UnsupportedDriverExtension);
      expect(err.status).to.equal(400);
      expect(err.message).to.contain(node.uuid).and.contain('fake management interface');
      expect(c.callsSeen('getSensorsData')[await ownerOf(node)]).to.equal(1);
    });

    it('a NodeLocked from the owner arrives as NodeLocked (409) naming the owner; the first deploy finishes', async () => {
      await start({ TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '800' });
      const node = await c.createNode({ provision_state: 'available' });
      await c.remote.doProvisionAction(node.uuid, 'active', {});
      const err = await fail(c.remote.doProvisionAction(node.uuid, 'active', {}));
      expect(err).to.be.instanceOf(NodeLocked);
      expect(err.status).to.equal(409);
      expect(err.message).to.contain(await ownerOf(node));
      const bad = await fail(c.remote.changePowerState(node.uuid, 'sideways' as never));
      expect(bad.status).to.equal(400);
      expect(bad.message).to.contain('"sideways" is not a valid power state target');
      await c.idle();
      expect(await c.store.nodes.getById(node.id)).to.include({ provision_state: 'active', reservation: null });
    });

    it('an unknown node is 404 without any RPC; a node no live conductor serves is 503 saying what to start', async () => {
      await start();
      const missing = await fail(c.remote.changePowerState('5f1c7d5e-1111-4222-8333-944455556666', 'power on'));
      expect(missing).to.be.instanceOf(NotFound);
      expect(missing.message).to.equal('Node 5f1c7d5e-1111-4222-8333-944455556666 could not be found.');
      const orphan = await c.createNode({ conductor_group: 'rack-9' });
      const err = await fail(c.remote.changePowerState(orphan.uuid, 'power on'));
      expect(err).to.be.instanceOf(ServiceUnavailable);
      expect(err.status).to.equal(503);
      expect(err.message).to.contain(orphan.uuid).and.contain('"rack-9"').and.contain('fake-hardware').and.contain('start a conductor');
      expect({ ...c.callsSeen('changePowerState') }).to.deep.equal({ 'cond-a': 0, 'cond-b': 0 });
      // With every conductor offline, even a new machine's inspection data has nowhere to go.
      for (const host of HOSTS) await c.store.conductors.markOffline(host);
      await c.apiRing.refresh();
      const lonely = await fail(c.remote.continueInspection(inventory(['52:54:00:ff:ff:01'])));
      expect(lonely).to.be.instanceOf(ServiceUnavailable);
      expect(lonely.message).to.contain('52:54:00:ff:ff:01').and.contain('start a conductor');
    });

    it('driver vendor passthru and RAID properties run on a conductor serving the type; 503 saying what to start when none is alive', async () => {
      await start();
      expect(await c.remote.driverVendorMethods('fake-hardware')).to.have.property('first_method');
      expect(await c.remote.driverVendorPassthru('fake-hardware', 'first_method', 'POST', { echo: 'back' })).to.deep.include({
        return: { echo: 'back' },
        async: false,
      });
      expect(await c.remote.raidLogicalDiskProperties('fake-hardware')).to.have.property('size_gb');
      const ran = (method: string) => Object.values(c.callsSeen(method)).reduce((a, b) => a + b, 0);
      expect([ran('driverVendorMethods'), ran('driverVendorPassthru'), ran('raidLogicalDiskProperties')]).to.deep.equal([1, 1, 1]);
      for (const host of HOSTS) await c.store.conductors.markOffline(host);
      await c.apiRing.refresh();
      expect(await c.remote.hardwareTypes()).to.deep.equal([]);
      const none = await fail(c.remote.driverVendorMethods('fake-hardware'));
      expect(none).to.be.instanceOf(ServiceUnavailable);
      expect(none.message).to.contain('fake-hardware').and.contain('start a conductor');
    });

    it('an unreachable owner is 503 after retries; marked offline and the ring re-read, the survivor serves its nodes', async () => {
      await start();
      const { nodes, owner } = await spreadNodes(2, { provision_state: 'available' });
      const onB = nodes.filter((n) => owner.get(n.uuid) === 'cond-b');
      const onA = nodes.filter((n) => owner.get(n.uuid) === 'cond-a');
      const b = c.member('cond-b');
      await closeServer(b.rpc!.server);
      b.rpc!.listening = false;

      const err = await fail(c.remote.changePowerState(onB[0]!.uuid, 'power on'));
      expect(err).to.be.instanceOf(ServiceUnavailable);
      expect(err.status).to.equal(503);
      expect(err.message).to.contain(onB[0]!.uuid).and.contain('cond-b').and.contain('retry').and.contain('3 attempts');
      const warnings = c.apiLog.lines().filter((l) => l.msg === 'conductor unreachable; re-reading the ring');
      expect(warnings.map((w) => w.conductor)).to.deep.equal(['cond-b', 'cond-b', 'cond-b']);
      // Nodes of the live conductor are not affected.
      await c.remote.changePowerState(onA[0]!.uuid, 'power on');

      await c.store.conductors.markOffline('cond-b');
      await Promise.all([c.apiRing.refresh(), c.member('cond-a').ring.refresh()]);
      for (const node of onB) {
        expect(await ownerOf(node)).to.equal('cond-a');
        await c.remote.changePowerState(node.uuid, 'power on');
      }
      await c.idle();
      for (const node of onB) {
        expect(await historyBy(node, 'Power state changed'), node.uuid).to.deep.equal(['cond-a']);
        expect(await c.store.nodes.getById(node.id)).to.include({ power_state: 'power on', reservation: null });
      }
    });

    it('a retry after an unreachable owner re-reads the ring and lands on the new owner in the same call', async () => {
      await start();
      const { nodes, owner } = await spreadNodes(1, { provision_state: 'available' });
      const node = nodes.find((n) => owner.get(n.uuid) === 'cond-b')!;
      await c.apiRing.current(); // the API's cached ring still names cond-b
      const b = c.member('cond-b');
      await closeServer(b.rpc!.server);
      b.rpc!.listening = false;
      await c.store.conductors.markOffline('cond-b');
      await c.member('cond-a').ring.refresh();
      await c.remote.changePowerState(node.uuid, 'power on');
      await c.idle();
      expect(await historyBy(node, 'Power state changed')).to.deep.equal(['cond-a']);
      const warnings = c.apiLog.lines().filter((l) => l.msg === 'conductor unreachable; re-reading the ring');
      expect(warnings.map((w) => [w.conductor, w.attempt])).to.deep.equal([['cond-b', 1]]);
    });

    it('an owner that takes the call but never answers is a 503 at once, not retried: the change may be running there', async () => {
      await start({ TYR_RPC_TIMEOUT_MS: '400' });
      const { nodes, owner } = await spreadNodes(1, { provision_state: 'available' });
      const node = nodes.find((n) => owner.get(n.uuid) === 'cond-b')!;
      // cond-b's endpoint now accepts connections and never replies (a hung process).
      const b = c.member('cond-b');
      await closeServer(b.rpc!.server);
      const silent = await listen(
        () => {
          /* never answers */
        },
        '127.0.0.1',
        0,
        'silent',
        'x',
      );
      b.rpc!.listening = false;
      await c.store.conductors.register('cond-b', '', ['fake-hardware'], { rpc_url: `http://127.0.0.1:${boundPort(silent)}` });
      await c.apiRing.refresh();
      try {
        const err = await fail(c.remote.changePowerState(node.uuid, 'power on'));
        expect(err).to.be.instanceOf(ServiceUnavailable);
        expect(err.message).to.contain('cond-b').and.contain(node.uuid).and.contain('may still be running');
        expect(
          c.apiLog.lines().filter((l) => l.msg === 'conductor unreachable; re-reading the ring'),
          'no retry',
        ).to.deep.equal([]);
      } finally {
        await closeServer(silent);
      }
    });

    it("agent lookup and heartbeat reach the node's owner; errors keep their class", async () => {
      await start();
      const { nodes, owner } = await spreadNodes(1, { provision_state: 'wait call-back' });
      for (const node of nodes) {
        const mac = nextMac();
        await c.store.ports.create({ node_id: node.id, address: mac });
        const found = await c.remote.agentLookup([mac]);
        expect(found.node.uuid).to.equal(node.uuid);
        expect(found.token).to.be.a('string').with.length.greaterThan(20);
        const again = await c.remote.agentLookup(['11:22:33:44:55:66'], node.uuid);
        expect(again.token).to.equal(null);
        const hb = await fail(c.remote.agentHeartbeat(node.uuid, { callback_url: 'http://127.0.0.1:9999', agent_token: 'forged' }));
        expect(hb).to.be.instanceOf(NotAuthorized);
        expect(hb.status).to.equal(401);
      }
      const count = (h: string) => [...owner.values()].filter((o) => o === h).length;
      expect(c.callsSeen('agentLookup')).to.deep.equal({ 'cond-a': 2 * count('cond-a'), 'cond-b': 2 * count('cond-b') });
      expect(c.callsSeen('agentHeartbeat')).to.deep.equal({ 'cond-a': count('cond-a'), 'cond-b': count('cond-b') });
      const unknown = await fail(c.remote.agentLookup(['de:ad:be:ef:00:01']));
      expect(unknown).to.be.instanceOf(NotFound);
      expect(unknown.message).to.contain('de:ad:be:ef:00:01').and.contain('baremetal port create');
    });

    it("inspection data goes to the matched node's owner (by MAC, by BMC address); a new machine to the owner of its MAC", async () => {
      await start();
      const { nodes, owner } = await spreadNodes(1, { provision_state: 'inspect wait' });
      const byMac = nodes[0]!;
      const mac = nextMac();
      await c.store.ports.create({ node_id: byMac.id, address: mac });
      expect(await c.remote.continueInspection(inventory([mac]))).to.include({ uuid: byMac.uuid, how: 'mac' });

      const byBmc = nodes.find((n) => owner.get(n.uuid) !== owner.get(byMac.uuid))!;
      await c.store.nodes.update(byBmc.id, { driver_info: { ipmi_address: '10.9.8.7' } });
      expect(await c.remote.continueInspection(inventory([nextMac()], '10.9.8.7'))).to.include({ uuid: byBmc.uuid, how: 'bmc_address' });
      expect(c.callsSeen('continueInspection')).to.deep.equal({ [owner.get(byMac.uuid)!]: 1, [owner.get(byBmc.uuid)!]: 1 });

      const fresh = nextMac();
      const created = await c.remote.continueInspection(inventory([fresh]));
      expect(created.how).to.equal('created');
      const discoverer = await c.apiRing.ownerOf({ uuid: fresh, driver: 'fake-hardware', conductor_group: '' });
      const node = await c.store.nodes.getByIdent(created.uuid);
      expect(await historyBy(node, 'Node discovered')).to.deep.equal([discoverer]);

      const bad = await fail(c.remote.continueInspection({ inventory: { cpu: {} } }));
      expect(bad.status).to.equal(400);
      // A machine whose MACs name one node but whose body names another: refused before routing.
      const clash = await fail(c.remote.continueInspection({ ...inventory([mac]), node_uuid: byBmc.uuid }));
      expect(clash).to.be.instanceOf(CallbackRefused);
      expect(clash.status).to.equal(404);
      // The same with the UUID in the query, where IPA and Ironic put it: it travels as its own argument.
      const queried = (await fail(c.remote.continueInspection(inventory([mac]), byBmc.uuid))) as CallbackRefused;
      expect(queried).to.be.instanceOf(CallbackRefused);
      expect(queried.detail).to.contain(`names node ${byBmc.uuid}`);
      // A node not waiting for inspection: its owner refuses, and the reason travels for the API's log.
      await c.store.nodes.update(byMac.id, { provision_state: 'enroll' });
      const notWaiting = (await fail(c.remote.continueInspection(inventory([mac])))) as CallbackRefused;
      expect(notWaiting).to.be.instanceOf(CallbackRefused);
      expect(notWaiting.message).to.not.contain(byMac.uuid);
      expect(notWaiting.detail).to.contain(byMac.uuid).and.contain('"enroll"');
      expect(c.callsSeen('continueInspection')[owner.get(byMac.uuid)!]).to.be.at.least(2);
    });

    it('the RemoteConductor is a ConductorApi named after the API process', async () => {
      await start();
      const api: ConductorApi = c.remote;
      expect(api.hostname).to.equal('api-1');
    });
  });
}
