// The API process loads no driver: it lists what conductors registered in the database when they
// started, and sends what needs a live driver (driver vendor passthru, RAID properties) to one of
// them. Real `tyr api` and `tyr conductor` processes on PostgreSQL; the conductor is killed with
// SIGKILL, so only its missing heartbeats tell the API that its hardware types are gone.
import axios from 'axios';
import { expect } from 'chai';
import { startTyrCluster, type TyrCluster } from '../../helpers/tyr-cluster.js';
import { until } from '../../helpers/until.js';

const HEADERS = { 'X-OpenStack-Ironic-API-Version': '1.82' };

describe("scale-out: the API process's driver catalog comes from the conductors (integration)", function () {
  this.timeout(3 * 60_000);
  let cluster: TyrCluster;
  const get = (path: string) => axios.get(`${cluster.apis[0]!.url}${path}`, { headers: HEADERS, validateStatus: () => true });
  const post = (path: string, body: unknown) =>
    axios.post(`${cluster.apis[0]!.url}${path}`, body, { headers: HEADERS, validateStatus: () => true });
  const driverNames = async () => ((await get('/v1/drivers')).data.drivers as { name: string }[]).map((d) => d.name);

  before(async () => {
    cluster = await startTyrCluster({
      conductors: ['cond-a'],
      apis: 1,
      env: { TYR_CONDUCTOR_HEARTBEAT_INTERVAL: '1', TYR_CONDUCTOR_HEARTBEAT_TIMEOUT: '4', TYR_CONDUCTOR_HASH_RING_RESET_INTERVAL: '1' },
    });
  });
  after(async () => {
    await cluster?.stop();
  });

  it('lists, details and checks nodes against the hardware types the conductor registered; driver calls run on the conductor', async () => {
    expect(await driverNames()).to.include('fake-hardware');
    const detail = await get('/v1/drivers/fake-hardware');
    expect(detail.status).to.equal(200);
    expect(detail.data).to.include({ name: 'fake-hardware', default_power_interface: 'fake', default_boot_interface: 'fake' });
    expect(detail.data.hosts).to.deep.equal(['cond-a']);
    expect((await get('/v1/drivers/fake-hardware/properties')).status).to.equal(200);
    const created = await post('/v1/nodes', { driver: 'fake-hardware', name: 'catalog-1' });
    expect(created.status, JSON.stringify(created.data)).to.equal(201);
    expect(created.data.raid_interface).to.equal('fake');
    const wrong = await post('/v1/nodes', { driver: 'fake-hardware', power_interface: 'ipmitool' });
    expect(wrong.status).to.equal(400);
    expect(wrong.data.error_message).to.contain('Could not find a suitable power interface');

    const methods = await get('/v1/drivers/fake-hardware/vendor_passthru/methods');
    expect(methods.status, JSON.stringify(methods.data)).to.equal(200);
    expect(methods.data).to.have.property('first_method');
    const called = await post('/v1/drivers/fake-hardware/vendor_passthru/first_method', { echo: 'back' });
    expect(called.status, JSON.stringify(called.data)).to.equal(200);
    expect(called.data).to.deep.equal({ echo: 'back' });
    const raid = await get('/v1/drivers/fake-hardware/raid/logical_disk_properties');
    expect(raid.status, JSON.stringify(raid.data)).to.equal(200);
    expect(raid.data).to.have.property('size_gb');
  });

  it("drops a conductor's hardware types once it stops heartbeating, and lists them again when it comes back", async () => {
    await cluster.conductors.get('cond-a')!.service.kill('SIGKILL');
    await until("the killed conductor's hardware types to leave /v1/drivers", 30_000, async () => (await driverNames()).length === 0, {
      intervalMs: 500,
      diagnostics: () => cluster.output().slice(-4000),
    });
    expect((await get('/v1/drivers/fake-hardware')).status).to.equal(404);
    const refused = await post('/v1/nodes', { driver: 'fake-hardware' });
    expect(refused.status).to.equal(400);
    expect(refused.data.error_message).to.contain('No valid hardware type').and.contain('fake-hardware');

    await cluster.startConductor('cond-a');
    await until(
      "the restarted conductor's hardware types in /v1/drivers",
      30_000,
      async () => (await driverNames()).includes('fake-hardware'),
      { intervalMs: 500, diagnostics: () => cluster.output().slice(-4000) },
    );
  });
});
