// GET /v1/nodes/{node}/management/sensors: a redfish node reads its BMC's (the lab simulator's)
// Thermal and Power resources and its drives; nodes whose management interface has no sensor data
// get a 400 that names the node and the interface.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { ok, startTyr, type CliHarness } from '../../helpers/cli-harness.js';
import { useSimAndApi } from './helpers.js';

type Sensors = Record<string, Record<string, Record<string, unknown>>>;
/** What Tyr's own clients send to reach its extensions. */
const TYR = { headers: { 'X-Tyr-Extensions': '1' } };

describe('node sensor data through the API (tyr-redfish-sim)', function () {
  this.timeout(60000);
  const env = useSimAndApi();

  it("returns the BMC's temperatures, fans, power supplies and drives in Ironic's shape", async () => {
    const node = await env.client.nodes.create({ driver: 'redfish', name: 'rf-sensors', driver_info: env.sim.driverInfo() });
    env.sim.state.powerState = 'On';
    // By name, which the API resolves from microversion 1.5.
    const res = await env.api.call('GET', '/v1/nodes/rf-sensors/management/sensors', undefined, { version: '1.82', ...TYR });
    expect(res.status).to.equal(200);
    const body = res.body as Sensors;
    expect(body.Temperature!['0@1']).to.include({ identity: '0', name: 'CPU1 Temp', reading_celsius: 48, physical_context: 'CPU' });
    expect(body.Temperature!['0@1']).to.include({ state: 'Enabled', health: 'OK' });
    expect(body.Temperature!['1@1']).to.include({ name: 'Inlet Temp', reading_celsius: 21 });
    expect(body.Fan!['0@1']).to.include({ name: 'Fan1', reading: 5200, reading_units: 'RPM', health: 'OK' });
    expect(body.Power!['0:Power@1']).to.include({ name: 'PSU1', power_capacity_watts: 750, state: 'Enabled' });
    const drives = Object.entries(body.Drive ?? {});
    expect(drives.length).to.be.greaterThan(0);
    for (const [id, drive] of drives) {
      expect(id).to.match(/^[^:]+:[^@]+@1$/);
      expect(drive.capacity_bytes).to.be.a('number');
    }
    // Readings are live: with the machine off the sim's CPU cools and its fan stops.
    env.sim.state.powerState = 'Off';
    const off = (await env.api.call('GET', `/v1/nodes/${node.uuid}/management/sensors`, undefined, TYR)).body as Sensors;
    expect(off.Fan!['0@1']!.reading).to.equal(0);
    expect(off.Temperature!['0@1']!.reading_celsius).to.equal(22);
    expect(JSON.stringify(off)).not.to.contain(env.sim.password);
  });

  for (const [driver, iface] of [
    ['fake-hardware', 'fake'],
    ['ipmi', 'ipmitool'],
  ] as const) {
    it(`answers 400 for a ${driver} node, naming the node and its ${iface} management interface`, async () => {
      const node = await env.client.nodes.create({
        driver,
        ...(driver === 'ipmi' ? { driver_info: { ipmi_address: '127.0.0.1' } } : {}),
      });
      const res = await env.api.call('GET', `/v1/nodes/${node.uuid}/management/sensors`, undefined, TYR);
      expect(res.status).to.equal(400);
      const message = JSON.stringify(res.body);
      expect(message).to.contain(node.uuid).and.contain(`${iface} management interface`).and.contain('no sensor data');
    });
  }

  it('answers 404 for an unknown node, and to Ironic clients (no X-Tyr-Extensions), as Ironic would', async () => {
    const res = await env.api.call('GET', '/v1/nodes/no-such-node/management/sensors', undefined, { version: '1.82', ...TYR });
    expect(res.status).to.equal(404);
    expect(JSON.stringify(res.body)).to.contain('no-such-node');
    const node = await env.client.nodes.create({ driver: 'redfish', driver_info: env.sim.driverInfo() });
    const ironic = await env.api.call('GET', `/v1/nodes/${node.uuid}/management/sensors`, undefined, { version: '1.82' });
    expect(ironic.status).to.equal(404);
    expect(JSON.stringify(ironic.body)).to.contain('X-Tyr-Extensions');
  });
});

describe('tyr node sensors (CLI against tyr-redfish-sim)', function () {
  this.timeout(120000);
  let sim: RedfishSim;
  let tyr: CliHarness;

  before(async () => {
    sim = await startRedfishSim();
    tyr = await startTyr();
    await new TyrClient({ url: tyr.url, apiVersion: 'latest' }).nodes.create({
      driver: 'redfish',
      name: 'rf-cli-sensors',
      driver_info: sim.driverInfo(),
    });
    sim.state.powerState = 'On';
  });
  after(async () => {
    await tyr?.stop();
    await sim?.stop();
  });

  it('prints one row per sensor, and the API answer with --json', async () => {
    const table = ok(await tyr.tyr('node', 'sensors', 'rf-cli-sensors'));
    expect(table).to.match(/Temperature\s*│\s*0@1\s*│\s*CPU1 Temp\s*│\s*48\s*│\s*Cel/);
    expect(table).to.match(/Fan\s*│\s*0@1\s*│\s*Fan1\s*│\s*5200\s*│\s*RPM/);
    expect(table).to.contain('0:Power@1').and.contain('PSU1');
    const json = JSON.parse(ok(await tyr.tyr('node', 'sensors', 'rf-cli-sensors', '--json'))) as Sensors;
    expect(json.Temperature!['1@1']).to.include({ name: 'Inlet Temp', reading_celsius: 21 });
    const values = ok(await tyr.tyr('node', 'sensors', 'rf-cli-sensors', '-f', 'value', '-c', 'sensor', '-c', 'reading'));
    expect(values.split('\n')).to.include('0@1 5200');
  });

  it('exits 1 with the 400 for a node without sensor data', async () => {
    await new TyrClient({ url: tyr.url, apiVersion: 'latest' }).nodes.create({ driver: 'fake-hardware', name: 'fake-sensors' });
    const r = await tyr.tyr('node', 'sensors', 'fake-sensors');
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('fake management interface').and.contain('no sensor data');
  });
});
