// Takeover of a dead conductor's nodes. "dead-host" is a conductor that was killed mid-operation:
// it is registered, then never heartbeats again, and nodes still carry its reservation in the
// states it left them in (what a SIGKILL leaves in the database; the process-level kill is
// test/integration/scale/). The survivors, two real Conductor instances with their own
// connections and ring views, must fail its interrupted nodes once each, free its locks, leave
// nodes merely waiting on an agent alone, and mark it offline.
import { expect } from 'chai';
import { recoverNodesOf } from '../../../core/conductor/registration.js';
import type { Node } from '../../../core/db/types.js';
import { DIALECTS } from '../../helpers/databases.js';
import { sleep, until } from '../../helpers/until.js';
import { startCluster, type Cluster } from '../../helpers/cluster.js';

const DEAD = 'dead-host';
// Heartbeat every second, dead after two silent seconds (the smallest timeout config allows).
const FAST = { TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '1', TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '2' };

interface Scene {
  deploying: Node[];
  powering: Node;
  resting: Node;
  waiting: Node[];
  liveLocked: Node;
}

/** Registers dead-host and leaves behind what its kill would. */
async function killedMidOperation(c: Cluster): Promise<Scene> {
  await c.store.conductors.register(DEAD, '', ['fake-hardware']);
  const deploying = [];
  for (let i = 0; i < 16; i++) {
    deploying.push(
      await c.createNode({ provision_state: 'deploying', target_provision_state: 'active', reservation: DEAD, power_state: 'power on' }),
    );
  }
  const powering = await c.createNode({
    provision_state: 'active',
    target_power_state: 'power off',
    reservation: DEAD,
    power_state: 'power on',
  });
  const resting = await c.createNode({ provision_state: 'manageable', reservation: DEAD, power_state: 'power off' });
  const waiting = [];
  for (let i = 0; i < 4; i++)
    waiting.push(await c.createNode({ provision_state: 'wait call-back', target_provision_state: 'active', power_state: 'power on' }));
  // A live conductor's lock is never touched.
  const liveLocked = await c.createNode({
    provision_state: 'deploying',
    target_provision_state: 'active',
    reservation: 'cond-a',
    power_state: 'power on',
  });
  return { deploying, powering, resting, waiting, liveLocked };
}

/** Waits until dead-host's heartbeat_timeout has run out, then (re)registers the survivors so they are alive. */
async function letItDie(c: Cluster): Promise<void> {
  const ring = c.members[0]!.ring;
  await until(`${DEAD} to count as dead`, 10_000, async () => {
    await ring.refresh();
    return (await ring.deadConductors()).some((d) => d.hostname === DEAD);
  });
  for (const m of c.members) await m.register();
}

async function recoveryEntries(c: Cluster, node: Node) {
  return (await c.store.history.list(node.id)).filter((e) => e.event.includes(`Conductor ${DEAD} stopped heartbeating`));
}

for (const dialect of DIALECTS) {
  describe(`scale-out: takeover of a dead conductor [${dialect}]`, function () {
    this.timeout(60_000);
    let c: Cluster;
    afterEach(async () => {
      await c?.close();
    });

    it('survivors fail its interrupted nodes once each, free its locks, leave waiting nodes, mark it offline', async () => {
      c = await startCluster(dialect, ['cond-a', 'cond-b'], { env: FAST });
      const s = await killedMidOperation(c);
      await letItDie(c);
      const counts = await Promise.all(c.members.map((m) => m.conductor.takeOverDeadConductors()));
      expect(counts[0]! + counts[1]!).to.equal(17);

      const ring = await c.members[0]!.ring.refresh();
      for (const n of s.deploying) {
        const now = await c.store.nodes.getById(n.id);
        expect(now).to.include({ provision_state: 'deploy failed', target_provision_state: 'active', reservation: null });
        expect(now.last_error).to.equal(
          `Conductor ${DEAD} stopped heartbeating (presumed dead) and conductor ${ring.owner(n)} took the node over while the node was deploying; the operation was aborted. Retry the deploy.`,
        );
        const entries = await recoveryEntries(c, n);
        expect(entries.map((e) => [e.conductor, e.severity])).to.deep.equal([[ring.owner(n), 'error']]);
      }
      const p = await c.store.nodes.getById(s.powering.id);
      expect(p).to.include({ provision_state: 'active', target_power_state: null, reservation: null });
      expect(p.last_error).to.contain(`Conductor ${DEAD} stopped heartbeating`).and.contain('Check the power state and retry');
      expect(await c.store.nodes.getById(s.resting.id)).to.include({ provision_state: 'manageable', reservation: null, last_error: null });
      for (const n of s.waiting) {
        expect(await c.store.nodes.getById(n.id)).to.include({ provision_state: 'wait call-back', reservation: null, last_error: null });
        expect(await c.store.history.list(n.id)).to.have.length(0);
      }
      expect(await c.store.nodes.getById(s.liveLocked.id)).to.include({ provision_state: 'deploying', reservation: 'cond-a' });
      expect((await c.store.conductors.findByHostname(DEAD))!.online).to.equal(false);

      // A second pass finds nothing left to do.
      expect(await Promise.all(c.members.map((m) => m.conductor.takeOverDeadConductors()))).to.deep.equal([0, 0]);
    });

    it('a live conductor takes nothing over, and a dead one keeps its locks until a pass sees it dead', async () => {
      c = await startCluster(dialect, ['cond-a', 'cond-b'], { env: FAST });
      const s = await killedMidOperation(c);
      for (const m of c.members) await m.register();
      expect(await Promise.all(c.members.map((m) => m.conductor.takeOverDeadConductors()))).to.deep.equal([0, 0]);
      expect(await c.store.nodes.getById(s.deploying[0]!.id)).to.include({ provision_state: 'deploying', reservation: DEAD });
      expect((await c.store.conductors.findByHostname(DEAD))!.online).to.equal(true);
    });

    it('a conductor that heartbeats again before being marked offline stays online (a quick restart)', async () => {
      c = await startCluster(dialect, ['cond-a'], { env: FAST });
      await c.store.conductors.register(DEAD, '', ['fake-hardware']);
      await letItDie(c);
      const judged = (await c.members[0]!.ring.refresh(), await c.members[0]!.ring.deadConductors()).find((d) => d.hostname === DEAD)!;
      await sleep(5); // timestamps have millisecond resolution
      await c.store.conductors.heartbeat(DEAD); // it came back between the judgement and the write
      expect(await c.store.conductors.markOfflineIfSilentSince(DEAD, judged.updated_at)).to.equal(false);
      expect((await c.store.conductors.findByHostname(DEAD))!.online).to.equal(true);
      expect(await c.store.conductors.markOfflineIfSilentSince(DEAD, (await c.store.conductors.findByHostname(DEAD))!.updated_at)).to.equal(
        true,
      );
    });

    it('two survivors that both think they own every node still recover each node once', async () => {
      // Ring views can disagree for up to hash_ring_reset_interval; the conditional write is
      // what keeps the recovery single. Both run the recovery over every node at once.
      c = await startCluster(dialect, ['cond-a', 'cond-b'], { env: FAST });
      const s = await killedMidOperation(c);
      const counts = await Promise.all(c.members.map((m) => recoverNodesOf(m.conductor.ctx, DEAD, 'died')));
      expect(counts[0]! + counts[1]!).to.equal(17);
      for (const n of [...s.deploying, s.powering]) {
        expect(await recoveryEntries(c, n), n.uuid).to.have.length(1);
        expect((await c.store.nodes.getById(n.id)).reservation).to.equal(null);
      }
    });

    it('running conductors do it on their own timers, and a retried deploy succeeds on the new owner', async () => {
      c = await startCluster(dialect, ['cond-a', 'cond-b'], { env: FAST });
      const s = await killedMidOperation(c);
      await c.store.nodes.update(s.liveLocked.id, { reservation: null, provision_state: 'active', target_provision_state: null });
      for (const m of c.members) await m.conductor.start();
      await until('dead-host to be taken over and marked offline', 15_000, async () => {
        const row = await c.store.conductors.findByHostname(DEAD);
        return row && !row.online;
      });
      const n = s.deploying[0]!;
      expect(await c.store.nodes.getById(n.id)).to.include({ provision_state: 'deploy failed', reservation: null });
      expect(await recoveryEntries(c, n)).to.have.length(1);
      const ownerHost = await c.members[0]!.ring.ownerOf(n);
      const newOwner = c.members.find((m) => m.host === ownerHost)!;
      expect(newOwner, 'a survivor owns the node').to.not.equal(undefined);
      await newOwner.conductor.doProvisionAction(n.uuid, 'active', {});
      await newOwner.conductor.idle();
      expect(await c.store.nodes.getById(n.id)).to.include({ provision_state: 'active', reservation: null, last_error: null });
    });
  });
}
