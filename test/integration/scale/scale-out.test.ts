// Scale-out on real parts: PostgreSQL, three `tyr conductor` processes and two `tyr api`
// processes on loopback, 30 fake-hardware nodes. Every node has one owning conductor; both APIs
// reach it over the internal RPC; SIGKILL of a conductor mid-deploy hands its nodes to the
// survivors, which fail what it was doing and run the retry. A sampler watches the reservations
// the whole time, and the history is checked for two conductors working on one node at once.
import { expect } from 'chai';
import { TyrClient, type ApiNode } from '../../../client/index.js';
import { HashRing } from '../../../core/conductor/ring/hash-ring.js';
import { openDatabase } from '../../../core/db/connect.js';
import { Store } from '../../../core/db/store.js';
import { openSse } from '../../helpers/sse.js';
import { startTyrCluster, type TyrCluster } from '../../helpers/tyr-cluster.js';
import { apiError } from '../../helpers/api-error.js';
import { sleep, until } from '../../helpers/until.js';

const NODES = 30;
const CONDUCTORS = ['cond-a', 'cond-b', 'cond-c'];
const mac = (i: number) => `52:54:00:5c:00:${i.toString(16).padStart(2, '0')}`;

describe('scale-out: 2 API processes, 3 conductors, PostgreSQL (integration)', function () {
  this.timeout(6 * 60_000);
  let cluster: TyrCluster;
  let store: Store;
  let apis: TyrClient[];
  let uuids: string[];
  // Reservation changes seen by the sampler: a holder handing a node straight to another holder
  // (without the node being free in between) is what must never happen.
  const handovers: string[] = [];
  let sampling = true;
  let sampler: Promise<void>;

  const api = (i: number) => apis[i % apis.length]!;
  const diagnostics = () => cluster.output().slice(-6000);
  const nodesNow = () => Promise.all(uuids.map((u, i) => api(i).nodes.get(u)));

  async function waitAll(what: string, done: (n: ApiNode) => boolean, timeoutMs = 120_000): Promise<ApiNode[]> {
    return until(
      what,
      timeoutMs,
      async () => {
        const nodes = await nodesNow();
        return nodes.every(done) && nodes;
      },
      { intervalMs: 1000, diagnostics },
    );
  }

  async function everyNode(verb: Parameters<TyrClient['nodes']['setProvisionState']>[1], only = uuids): Promise<void> {
    // Alternate the API process, so each is used for every kind of call.
    await Promise.all(only.map((u, i) => api(i).nodes.setProvisionState(u, verb)));
  }

  before(async () => {
    cluster = await startTyrCluster({
      conductors: CONDUCTORS,
      apis: 2,
      env: {
        TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '1',
        TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '5',
        TYR_CONDUCTOR_HASH_RING_RESET_INTERVAL: '1',
        // Long enough to catch a deploy in progress; power sync runs throughout, on every conductor.
        TYR_CONDUCTOR_FAKE_ACTION_DELAY_MS: '700',
        TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '3',
        TYR_DISCOVERY_ENABLED: 'true',
        TYR_DISCOVERY_DEFAULT_DRIVER: 'fake-hardware',
      },
    });
    store = new Store(await openDatabase(cluster.dbUrl));
    apis = cluster.apis.map((a) => new TyrClient({ url: a.url, apiVersion: 'latest' }));
    uuids = [];
    for (let i = 0; i < NODES; i++) {
      const node = await api(i).nodes.create({ driver: 'fake-hardware', name: `scale-${i}` });
      await api(i + 1).ports.create({ node_uuid: node.uuid, address: mac(i), pxe_enabled: true });
      uuids.push(node.uuid);
    }
    const holders = new Map<string, string | null>();
    sampler = (async () => {
      while (sampling) {
        for (const n of await store.nodes.list({}, { limit: 1000 })) {
          const before = holders.get(n.uuid) ?? null;
          if (before && n.reservation && before !== n.reservation) handovers.push(`${n.uuid}: ${before} -> ${n.reservation}`);
          holders.set(n.uuid, n.reservation);
        }
        await sleep(50);
      }
    })();
  });

  after(async () => {
    sampling = false;
    await sampler?.catch(() => undefined);
    await store?.close();
    await cluster?.stop();
  });

  it('gives every node one owner, the same through both API processes, spread over all three conductors', async () => {
    const owners = new Map<string, number>();
    for (const u of uuids) {
      const [a, b] = await Promise.all(apis.map((c) => c.nodes.get(u)));
      expect(a!.conductor).to.be.oneOf(CONDUCTORS);
      expect(b!.conductor, `both APIs name the same owner for ${u}`).to.equal(a!.conductor);
      owners.set(a!.conductor as string, (owners.get(a!.conductor as string) ?? 0) + 1);
    }
    expect([...owners.keys()].sort()).to.deep.equal(CONDUCTORS);
  });

  it('manages, provides, deploys and undeploys all 30 nodes through either API, each on its owner', async () => {
    await everyNode('manage');
    await waitAll('all nodes manageable', (n) => n.provision_state === 'manageable');
    await everyNode('provide');
    await waitAll('all nodes available', (n) => n.provision_state === 'available');
    await everyNode('active');
    const active = await waitAll('all nodes active', (n) => n.provision_state === 'active');
    expect(active.every((n) => n.reservation === null && n.last_error === null)).to.equal(true);
    await everyNode('deleted');
    const back = await waitAll('all nodes available again', (n) => n.provision_state === 'available');

    // Each node's deploy and undeploy ran on the conductor that owns it.
    for (const node of back) {
      const row = await store.nodes.getByIdent(node.uuid);
      const history = await store.history.list(row.id);
      const deployers = new Set(history.filter((h) => /-> deploying|-> deleting/.test(h.event)).map((h) => h.conductor));
      expect([...deployers], `history of ${node.uuid}`).to.deep.equal([node.conductor]);
    }
  });

  it("serves each machine's boot script from its own conductor; the others chain to it", async () => {
    const conductors = await store.conductors.list();
    const bootUrl = new Map(conductors.map((c) => [c.hostname, c.boot_url!]));
    for (let i = 0; i < 6; i++) {
      const node = await api(i).nodes.get(uuids[i]!);
      const owner = node.conductor as string;
      const other = CONDUCTORS.find((c) => c !== owner)!;
      const fromOwner = await (await fetch(`${bootUrl.get(owner)}/boot/${mac(i)}.ipxe`)).text();
      const fromOther = await (await fetch(`${bootUrl.get(other)}/boot/${mac(i)}.ipxe`)).text();
      expect(fromOwner)
        .to.match(/^#!ipxe/)
        .and.not.include('chain ');
      expect(fromOther).to.include(`chain ${bootUrl.get(owner)}/boot/${mac(i)}.ipxe`);
    }
  });

  it('takes over a conductor killed with SIGKILL mid-deploy: its interrupted nodes fail clearly and a retry succeeds', async () => {
    const victim = 'cond-b';
    const ownedByVictim = (await nodesNow()).filter((n) => n.conductor === victim).map((n) => n.uuid);
    expect(ownedByVictim.length).to.be.greaterThan(0);
    await everyNode('active');
    // Kill while the victim holds at least one node in "deploying".
    await until(
      'the victim to be deploying a node',
      30_000,
      async () => (await store.nodes.list({ reservation: victim }, { limit: 100 })).some((n) => n.provision_state === 'deploying'),
      { intervalMs: 50 },
    );
    const interrupted = (await store.nodes.list({ reservation: victim }, { limit: 100 })).map((n) => n.uuid);
    const killedAt = new Date().toISOString();
    await cluster.conductors.get(victim)!.service.kill('SIGKILL');

    // Within heartbeat_timeout (5 s) plus a takeover pass, no node is left with the dead conductor.
    const settled = await waitAll(
      'every node active or deploy failed, none held by the dead conductor',
      (n) => (n.provision_state === 'active' || n.provision_state === 'deploy failed') && n.reservation === null && n.conductor !== victim,
    );
    for (const n of settled) {
      if (!interrupted.includes(n.uuid)) continue;
      expect(n.provision_state, `${n.uuid} was deploying on ${victim}`).to.equal('deploy failed');
      expect(n.last_error)
        .to.include(victim)
        .and.match(/[Rr]etry the deploy/);
    }
    const failed = settled.filter((n) => n.provision_state === 'deploy failed').map((n) => n.uuid);
    expect(failed.length).to.be.greaterThan(0);
    expect(
      failed.every((u) => interrupted.includes(u)),
      'only interrupted nodes failed',
    ).to.equal(true);

    // The dead conductor is shown as such, and the retry runs on the new owners.
    const dead = await store.conductors.findByHostname(victim);
    expect(dead?.online).to.equal(false);
    await everyNode('active', failed);
    const retried = await waitAll('the retried deploys to finish', (n) => n.provision_state === 'active');
    for (const n of retried) expect(n.conductor).to.be.oneOf(CONDUCTORS.filter((c) => c !== victim));

    // History: the survivor's recovery comes after the kill, and while the dead conductor was
    // deploying a node, no other conductor wrote to it.
    for (const uuid of failed) {
      const row = await store.nodes.getByIdent(uuid);
      const history = await store.history.list(row.id);
      const start = history.map((h) => h.event).lastIndexOf('available -> deploying (deploy)');
      const lastVictim = history.map((h) => h.conductor).lastIndexOf(victim);
      const between = history.slice(start, lastVictim + 1).filter((h) => h.conductor !== victim);
      expect(between, `entries of other conductors inside ${victim}'s deploy of ${uuid}`).to.deep.equal([]);
      const recovery = history.slice(lastVictim + 1).find((h) => h.severity === 'error' && h.event.includes(victim));
      expect(recovery, `recovery entry for ${uuid}`).to.not.equal(undefined);
      expect(recovery!.created_at >= killedAt).to.equal(true);
      expect(recovery!.conductor).to.be.oneOf(CONDUCTORS.filter((c) => c !== victim));
    }
    expect((await store.nodes.list({ reservation: victim }, { limit: 10 })).length).to.equal(0);
  });

  it("routes a ramdisk's inspection callback through either API process to the conductor the ring names", async () => {
    const macs = ['52:54:00:5d:00:01', '52:54:00:5d:00:02'];
    const body = {
      inventory: {
        cpu: { count: 2, architecture: 'x86_64' },
        memory: { physical_mb: 2048 },
        disks: [{ name: '/dev/vda', size: 10 * 2 ** 30 }],
        interfaces: macs.map((mac, i) => ({ name: `eth${i}`, mac_address: mac, has_carrier: true })),
      },
    };
    const inspect = (i: number) => new TyrClient({ url: cluster.apis[i]!.url }).inspection.continueInspection(body);
    // An unknown machine: the API sends it to the ring owner of its first MAC, which creates the node.
    const created = await inspect(1);
    const live = (await store.conductors.list()).filter((c) => c.online);
    const expected = new HashRing(live).owner({ uuid: macs[0]!, driver: 'fake-hardware', conductor_group: '' });
    const row = await store.nodes.getByIdent(created.uuid);
    const discovery = (await store.history.list(row.id)).find((h) => h.event_type === 'discovery');
    expect(discovery?.conductor).to.equal(expected);
    expect(row).to.include({ provision_state: 'enroll', driver: 'fake-hardware' });
    expect(row.extra.auto_discovered).to.equal(true);
    // The same machine again, through the other API: matched by MAC, its node (in enroll, not
    // waiting for inspection) refuses it, and discovery does not make it a second node.
    expect((await apiError(inspect(0))).status).to.equal(404);
    expect((await store.nodes.list({}, { limit: 1000 })).filter((n) => n.extra.auto_discovered)).to.have.length(1);
  });

  it('streams to a console on one API process what the other API process and the conductors write, and deletions', async () => {
    const [writer, watched] = [cluster.apis[0]!.url, cluster.apis[1]!.url];
    const call = async (method: string, path: string, body?: unknown) => {
      const headers = { 'X-OpenStack-Ironic-API-Version': 'latest', 'Content-Type': 'application/json' };
      const res = await fetch(`${writer}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    };
    const client = await openSse(`${watched}/ui/api/stream`);
    try {
      expect(client.status).to.equal(200);
      await until('hello', 10_000, () => client.events[0]?.event === 'hello');
      const seen = (event: string, match: (d: any) => boolean) => () => client.events.find((e) => e.event === event && match(e.data));
      const created = await call('POST', '/v1/nodes', { driver: 'fake-hardware', name: 'streamed-far' });
      expect(created.status, JSON.stringify(created.body)).to.equal(201);
      const uuid = created.body.uuid as string;
      await until(
        'the node created through the other API process',
        15_000,
        seen('node', (d) => d.uuid === uuid),
        { diagnostics },
      );
      // The owning conductor process writes the power state.
      expect((await call('PUT', `/v1/nodes/${uuid}/states/power`, { target: 'power on' })).status).to.equal(202);
      await until(
        'the power state a conductor wrote',
        15_000,
        seen('node', (d) => d.uuid === uuid && d.power_state === 'power on'),
        {
          diagnostics,
        },
      );
      // Deleted through the other API process: its in-process hook cannot reach this one, polling finds it.
      expect((await call('DELETE', `/v1/nodes/${uuid}`)).status).to.equal(204);
      await until(
        'the deletion through the other API process',
        20_000,
        seen('node-deleted', (d) => d.uuid === uuid),
        { diagnostics },
      );
    } finally {
      client.close();
    }
  });

  it("never saw a node pass from one conductor's reservation straight to another's", () => {
    expect(handovers).to.deep.equal([]);
  });
});
