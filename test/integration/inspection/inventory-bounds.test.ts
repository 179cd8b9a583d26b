// Bounds on what the public inspection callback may store (issue #18, item 3). Before the fix each
// callback added up to 1 MB, with no pruning and no rate cap: 20 posts grew the database from 1 MB
// to 22 MB. Now a node keeps its newest inventory plus inspection.inventory_history older ones,
// callbacks are capped per node and per source address (429 with Retry-After), and plugin_data
// over inspection.max_plugin_data_bytes is refused (413). Real parts: in-process Tyr, SQLite,
// ipmitool against ipmi_sim for a node really in "inspect wait"; the test plays the ramdisk.
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { sql } from 'kysely';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { startApi, type ApiHarness, type Reply } from '../../helpers/api-harness.js';
import { inventory } from '../../helpers/inventory-fixture.js';

const MAC = '52:54:00:18:00:01';
const HISTORY = 2;
const PER_NODE = 25;
const MB = 1_000_000;

async function storedRows(api: ApiHarness, uuid: string): Promise<{ rows: number; bytes: number }> {
  const { id } = await api.server.store.nodes.getByIdent(uuid);
  const rows = await api.server.store.db.kysely
    .selectFrom('node_inventory')
    .select(['inventory_data', 'plugin_data'])
    .where('node_id', '=', id)
    .execute();
  return { rows: rows.length, bytes: rows.reduce((n, r) => n + r.inventory_data.length + (r.plugin_data?.length ?? 0), 0) };
}

/** The SQLite database file's size once its write-ahead log is checkpointed into it, in bytes. */
async function databaseBytes(api: ApiHarness): Promise<number> {
  await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(api.server.store.db.kysely);
  return fs.statSync(path.join(api.server.config.service.data_dir, 'tyr.sqlite')).size;
}

describe('stored inspection data is bounded: history pruned on write, per-node cap (ipmi_sim node in inspect wait)', function () {
  this.timeout(120_000);
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;
  let accepted = 0;
  const post = async (body: Record<string, unknown>): Promise<Reply> => {
    const res = await api.call('POST', '/v1/continue_inspection', body);
    if (res.status === 200) accepted++;
    return res;
  };

  before(async () => {
    bmc = await startBmc();
    api = await startApi({
      ...QUICK_IPMI,
      inspection: { inventory_history: HISTORY, max_callbacks_per_node_per_minute: PER_NODE, max_callbacks_per_source_per_minute: 1000 },
    });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const node = await client.nodes.create({
      driver: 'ipmi',
      name: 'bounded',
      inspect_interface: 'agent',
      driver_info: { ...bmc.driverInfo(), deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' },
    });
    uuid = node.uuid;
    await client.ports.create({ node_uuid: uuid, address: MAC });
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 30_000, pollIntervalMs: 100 });
    await client.nodes.setProvisionState(uuid, 'inspect');
    await client.nodes.waitForProvisionState(uuid, 'inspect wait', { timeoutMs: 30_000, pollIntervalMs: 100 });
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
  });

  it(`20 posts of ~0.9 MB leave the newest inventory plus ${HISTORY} older ones, and the database stays small`, async () => {
    const dbBefore = await databaseBytes(api);
    for (let i = 1; i <= 20; i++) {
      const res = await post({ inventory: { ...inventory({ mac: MAC, cpus: i }), padding: 'x'.repeat(900_000) }, plugin_data: { seq: i } });
      expect(res.status, res.message).to.equal(200);
      expect(res.body).to.deep.equal({ uuid, next: 'heartbeat' });
    }
    const stored = await storedRows(api, uuid);
    expect(stored.rows).to.equal(HISTORY + 1);
    expect(stored.bytes).to.be.below((HISTORY + 1) * MB);
    // Unpruned, 20 rows of 0.9 MB: 18 MB. Pruned pages are reused: the kept rows, the one added
    // before its prune, and page overhead.
    expect((await databaseBytes(api)) - dbBefore).to.be.below((HISTORY + 3) * MB);
    const latest = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: 'latest' });
    expect(latest.body.inventory.cpu.count).to.equal(20);
    expect(latest.body.plugin_data.seq).to.equal(20);
  });

  it('matches the node in inspect wait by its BMC address too (no port knows the MACs)', async () => {
    const res = await post({ inventory: inventory({ mac: '52:54:00:18:00:99', bmc: bmc.address, cpus: 21 }) });
    expect(res.status, res.message).to.equal(200);
    expect(res.body).to.deep.equal({ uuid, next: 'heartbeat' });
    expect((await storedRows(api, uuid)).rows).to.equal(HISTORY + 1);
  });

  it(`caps callbacks for one node at inspection.max_callbacks_per_node_per_minute (${PER_NODE}): 429 with Retry-After, nothing stored`, async () => {
    let refused: Reply | undefined;
    while (!refused && accepted <= PER_NODE) {
      const res = await post({ inventory: inventory({ mac: MAC, cpus: 30 + accepted }) });
      if (res.status !== 200) refused = res;
    }
    expect(accepted).to.equal(PER_NODE);
    expect(refused?.status).to.equal(429);
    expect(refused?.message).to.match(/inspection\.max_callbacks_per_node_per_minute/);
    expect(Number(refused?.headers.get('retry-after'))).to.be.within(1, 60);
    const latest = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: 'latest' });
    expect(latest.body.inventory.cpu.count).to.equal(30 + PER_NODE - 1);
  });

  it('refuses plugin_data over inspection.max_plugin_data_bytes with 413 naming the option, and stores nothing', async () => {
    const before = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: 'latest' });
    const res = await api.call('POST', '/v1/continue_inspection', {
      inventory: inventory({ mac: MAC, cpus: 99 }),
      plugin_data: { blob: 'y'.repeat(300 * 1024) },
    });
    expect(res.status).to.equal(413);
    expect(res.message).to.match(/plugin_data.*inspection\.max_plugin_data_bytes/);
    const after = await api.call('GET', `/v1/nodes/${uuid}/inventory`, undefined, { version: 'latest' });
    expect(after.body).to.deep.equal(before.body);
  });

  it("the inspection still finishes from the pruned store: the heartbeat's inventory is the newest, the history stays bounded", async () => {
    const lookup = await api.call('GET', `/v1/lookup?addresses=${MAC}`);
    expect(lookup.status, lookup.message).to.equal(200);
    const hb = await api.call('POST', `/v1/heartbeat/${uuid}`, {
      callback_url: 'http://127.0.0.1:9',
      agent_token: lookup.body.config.agent_token,
      agent_version: '0.1.0',
      inventory: inventory({ mac: MAC, cpus: 7 }),
    });
    expect(hb.status, hb.message).to.equal(202);
    const done = (await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 30_000, pollIntervalMs: 100 })) as Record<
      string,
      any
    >;
    expect(done.properties.cpus).to.equal(7);
    expect((await storedRows(api, uuid)).rows).to.equal(HISTORY + 1);
  });
});

describe('inspection callbacks are capped per source address, and oversized plugin_data never creates a node (discovery on)', function () {
  this.timeout(60_000);
  const PER_SOURCE = 5;
  let api: ApiHarness;
  const post = (body: unknown) => api.call('POST', '/v1/continue_inspection', body);
  const nodeCount = async () => (await api.call('GET', '/v1/nodes?limit=1000')).body.nodes.length as number;

  before(async () => {
    api = await startApi({
      discovery: { enabled: true, default_driver: 'fake-hardware' },
      inspection: { max_callbacks_per_source_per_minute: PER_SOURCE },
    });
  });
  after(async () => {
    await api?.stop();
  });

  it("refuses an unknown machine's oversized plugin_data with 413 and creates no node", async () => {
    const res = await post({ inventory: inventory({ mac: '52:54:00:18:10:01' }), plugin_data: { blob: 'y'.repeat(300 * 1024) } });
    expect(res.status).to.equal(413);
    expect(res.message).to.match(/inspection\.max_plugin_data_bytes/);
    expect(await nodeCount()).to.equal(0);
  });

  it(`answers 429 with Retry-After past ${PER_SOURCE} callbacks a minute from one address, refused ones included`, async () => {
    // The oversized post above counted: it reached the endpoint. One new node, then refusals (known, not waiting).
    const statuses: number[] = [];
    for (let i = 0; i < PER_SOURCE; i++) statuses.push((await post({ inventory: inventory({ mac: '52:54:00:18:10:02' }) })).status);
    expect(statuses).to.deep.equal([200, 404, 404, 404, 429]);
    const limited = await post({ inventory: inventory({ mac: '52:54:00:18:10:03' }) });
    expect(limited.status).to.equal(429);
    expect(limited.message).to.match(/inspection\.max_callbacks_per_source_per_minute/);
    expect(Number(limited.headers.get('retry-after'))).to.be.within(1, 60);
    expect(await nodeCount()).to.equal(1);
  });
});
