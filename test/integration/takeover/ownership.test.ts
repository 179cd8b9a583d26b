// Periodic work on the conductor's own nodes only: three conductors over one database, each with
// its own ring view, split the nodes between them; every node is power-synced by exactly one of
// them (its ring owner), and the same holds for wait-timeout checks.
import { expect } from 'chai';
import { DIALECTS } from '../../helpers/databases.js';
import { startCluster, type Cluster } from '../../helpers/cluster.js';

const HOSTS = ['cond-a', 'cond-b', 'cond-c'];

/**
 * Starts every conductor, then has each re-read the ring: a ring view is cached for
 * hash_ring_reset_interval, so the first conductor to start still sees itself alone until then
 * (in that window two conductors may both sync a node; every write goes under the node lock).
 */
async function startAll(c: Cluster): Promise<void> {
  for (const m of c.members) await m.conductor.start();
  for (const m of c.members) await m.ring.refresh();
}

for (const dialect of DIALECTS) {
  describe(`scale-out: periodic tasks touch only owned nodes [${dialect}]`, function () {
    this.timeout(60_000);
    let c: Cluster;
    afterEach(async () => {
      await c?.close();
    });

    it('power sync: each of 3 conductors asks the BMCs of its own nodes only, and together all 30 exactly once', async () => {
      c = await startCluster(dialect, HOSTS);
      const nodes = [];
      for (let i = 0; i < 30; i++) nodes.push(await c.createNode({ provision_state: 'available', power_state: 'power off' }));
      await startAll(c);
      const looked = await Promise.all(c.members.map((m) => m.conductor.syncPowerStates()));

      const askedBy = new Map<string, string[]>();
      for (const m of c.members) for (const uuid of m.power.asked) askedBy.set(uuid, [...(askedBy.get(uuid) ?? []), m.host]);
      expect([...askedBy.keys()].sort()).to.deep.equal(nodes.map((n) => n.uuid).sort());
      const ring = await c.members[0]!.ring.current();
      for (const n of nodes) expect(askedBy.get(n.uuid), n.uuid).to.deep.equal([ring.owner(n)]);
      // Every conductor did a share of the work, and reported only its own share.
      c.members.forEach((m, i) => {
        expect(m.power.asked.length, m.host).to.be.greaterThan(0);
        expect(looked[i], m.host).to.equal(m.power.asked.length);
      });
    });

    it('a conductor that leaves: the others take its nodes over at the next ring rebuild', async () => {
      c = await startCluster(dialect, HOSTS);
      for (let i = 0; i < 12; i++) await c.createNode({ provision_state: 'available', power_state: 'power off' });
      await startAll(c);
      await c.members[2]!.conductor.stop(); // clean stop: offline at once
      for (const m of c.members.slice(0, 2)) await m.ring.refresh();
      await Promise.all(c.members.slice(0, 2).map((m) => m.conductor.syncPowerStates()));
      const asked = c.members.slice(0, 2).flatMap((m) => m.power.asked);
      expect(asked).to.have.length(12);
      expect(new Set(asked).size).to.equal(12);
      expect(c.members[2]!.power.asked).to.have.length(0);
    });

    it('wait timeouts: each conductor fails only the timed-out nodes it owns', async () => {
      c = await startCluster(dialect, HOSTS, { env: { TYR_CONDUCTOR_DEPLOY_CALLBACK_TIMEOUT: '1' } });
      const nodes = [];
      for (let i = 0; i < 12; i++) nodes.push(await c.createNode({ provision_state: 'wait call-back', target_provision_state: 'active' }));
      await startAll(c);
      const ring = await c.members[0]!.ring.current();
      const later = Date.now() + 5000;
      const failedBy = [];
      for (const m of c.members) {
        failedBy.push(await m.conductor.checkWaitTimeouts(later));
        for (const n of nodes) {
          const now = await c.store.nodes.getById(n.id);
          // Owned nodes of the conductors that ran so far have failed; the others still wait.
          const ranAlready = c.members.slice(0, c.members.indexOf(m) + 1).map((x) => x.host);
          expect(now.provision_state, n.uuid).to.equal(ranAlready.includes(ring.owner(n)!) ? 'deploy failed' : 'wait call-back');
        }
      }
      expect(failedBy.reduce((a, b) => a + b, 0)).to.equal(12);
      for (const n of nodes) {
        const history = await c.store.history.list(n.id);
        expect(history.filter((e) => e.event.includes('Timeout reached')).map((e) => e.conductor)).to.deep.equal([ring.owner(n)]);
      }
    });
  });
}
