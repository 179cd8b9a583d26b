// The agent token across processes: two conductors, each with its own database connection (as
// two `tyr conductor` processes would have), answer lookups for the same node at the same time
// (an agent retrying through two API processes while the ring is changing). Exactly one lookup
// may get the token. Lookups are no longer queued in process (a queue cannot see another
// process), so here too only the database's compare-and-set decides; a plain read-then-write
// hands out two or three tokens per round.
import { expect } from 'chai';
import { DIALECTS } from '../../helpers/databases.js';
import { startCluster, type Cluster } from '../../helpers/cluster.js';

for (const dialect of DIALECTS) {
  describe(`scale-out: agent token issued once across conductors [${dialect}]`, function () {
    this.timeout(60_000);
    let c: Cluster;
    afterEach(async () => {
      await c?.close();
    });

    it('two conductors looking the same node up at once: exactly one gets the token, and it is the stored one', async () => {
      c = await startCluster(dialect, ['cond-a', 'cond-b']);
      const [a, b] = c.members.map((m) => m.conductor);
      for (let round = 0; round < 10; round++) {
        const node = await c.createNode({
          provision_state: 'wait call-back',
          target_provision_state: 'active',
          driver_internal_info: { agent_url: null },
        });
        const results = await Promise.all([a!.agentLookup([], node.uuid), b!.agentLookup([], node.uuid), a!.agentLookup([], node.uuid)]);
        const tokens = results.map((r) => r.token).filter((t): t is string => t !== null);
        expect(tokens, `round ${round}`).to.have.length(1);
        const stored = (await c.store.nodes.getById(node.id)).driver_internal_info;
        expect(stored.agent_secret_token).to.equal(tokens[0]);
        // Other keys written before survive the compare-and-set.
        expect(stored).to.have.property('agent_url', null);
      }
    });

    it('once issued, neither conductor issues another until the node starts a new ramdisk boot', async () => {
      c = await startCluster(dialect, ['cond-a', 'cond-b']);
      const [a, b] = c.members.map((m) => m.conductor);
      const node = await c.createNode({ provision_state: 'deploying', target_provision_state: 'active' });
      const first = await a!.agentLookup([], node.uuid);
      expect(first.token).to.be.a('string');
      expect((await b!.agentLookup([], node.uuid)).token).to.equal(null);
      expect((await a!.agentLookup([], node.uuid)).token).to.equal(null);
      expect((await c.store.nodes.getById(node.id)).driver_internal_info.agent_secret_token).to.equal(first.token);
    });
  });
}
