// The sim's memory-mode core over HTTPS: service root, sessions and basic auth, the system's power
// and boot override, ETags, and Redfish error bodies.
import { expect } from 'chai';
import { type RedfishSim, startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { sessionClient, simClient } from './http.js';

describe('redfish-sim core (memory mode)', () => {
  let sim: RedfishSim;
  beforeEach(async () => {
    sim = await startRedfishSim({ vendor: 'Acme' });
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('serves a public ServiceRoot over HTTPS with OData headers, verified by its CA file', async () => {
    expect(sim.url).to.match(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await simClient(sim).get('/redfish/v1/');
    expect(res.status).to.equal(200);
    expect(res.headers['odata-version']).to.equal('4.0');
    expect(res.data['@odata.id']).to.equal('/redfish/v1');
    expect(res.data['@odata.type']).to.match(/^#ServiceRoot\./);
    expect(res.data.Vendor).to.equal('Acme');
    expect(res.data.Links.Sessions['@odata.id']).to.equal('/redfish/v1/SessionService/Sessions');
  });

  it('answers 401 with a Redfish error without credentials, and accepts basic auth', async () => {
    const anonymous = await simClient(sim).get('/redfish/v1/Systems/1');
    expect(anonymous.status).to.equal(401);
    expect((await simClient(sim).get('/redfish/v1/NoSuchThing')).status).to.equal(401);
    expect(anonymous.data.error['@Message.ExtendedInfo'][0].MessageId).to.match(/^Base\.1\.\d+\.NoValidSession$/);
    const basic = await simClient(sim, { basic: { username: sim.username, password: sim.password } }).get('/redfish/v1/Systems/1');
    expect(basic.status).to.equal(200);
    expect(basic.data.Manufacturer).to.equal('Acme');
    const wrong = await simClient(sim, { basic: { username: sim.username, password: 'not-it' } }).get('/redfish/v1/Systems/1');
    expect(wrong.status).to.equal(401);
  });

  it('opens and closes sessions and counts them', async () => {
    const { client, location } = await sessionClient(sim);
    expect(location).to.match(/^\/redfish\/v1\/SessionService\/Sessions\/\d+$/);
    expect((await client.get('/redfish/v1/SessionService/Sessions')).data.Members).to.deep.equal([{ '@odata.id': location }]);
    expect((await client.delete(location)).status).to.equal(204);
    expect(sim.stats).to.include({ sessionsOpened: 1, sessionsClosed: 1 });
    expect((await client.get('/redfish/v1/Systems/1')).status).to.equal(401);
  });

  it('refuses a login with a wrong password', async () => {
    const res = await simClient(sim).post('/redfish/v1/SessionService/Sessions', { UserName: sim.username, Password: 'nope' });
    expect(res.status).to.equal(401);
    expect(res.headers['x-auth-token']).to.equal(undefined);
    expect(sim.stats.sessionsOpened).to.equal(0);
  });

  it('powers the system through Reset types advertised in ResetActionInfo', async () => {
    const { client } = await sessionClient(sim);
    const system = (await client.get('/redfish/v1/Systems/1')).data;
    expect(system.PowerState).to.equal('Off');
    const info = (await client.get(system.Actions['#ComputerSystem.Reset']['@Redfish.ActionInfo'])).data;
    expect(info.Parameters[0].AllowableValues).to.include.members([
      'On',
      'ForceOff',
      'GracefulShutdown',
      'ForceRestart',
      'Nmi',
      'PushPowerButton',
    ]);
    const target = system.Actions['#ComputerSystem.Reset'].target;
    expect((await client.post(target, { ResetType: 'On' })).status).to.equal(204);
    expect(sim.state.powerState).to.equal('On');
    expect((await client.get('/redfish/v1/Systems/1')).data.PowerState).to.equal('On');
    expect((await client.post(target, { ResetType: 'ForceOff' })).status).to.equal(204);
    expect(sim.state.powerState).to.equal('Off');
    const bad = await client.post(target, { ResetType: 'Explode' });
    expect(bad.status).to.equal(400);
    expect(bad.data.error.message).to.contain('ForceRestart');
  });

  it('uses a one-time boot override at the next boot, and checks If-Match', async () => {
    const { client } = await sessionClient(sim);
    const first = await client.get('/redfish/v1/Systems/1');
    const etag = String(first.headers.etag);
    expect(first.data.Boot['BootSourceOverrideTarget@Redfish.AllowableValues']).to.include.members([
      'Pxe',
      'Hdd',
      'Cd',
      'BiosSetup',
      'UefiHttp',
    ]);
    const patch = { Boot: { BootSourceOverrideTarget: 'Pxe', BootSourceOverrideEnabled: 'Once', BootSourceOverrideMode: 'UEFI' } };
    expect((await client.patch('/redfish/v1/Systems/1', patch, { 'If-Match': etag })).status).to.equal(204);
    const stale = await client.patch('/redfish/v1/Systems/1', { IndicatorLED: 'Lit' }, { 'If-Match': etag });
    expect(stale.status).to.equal(412);
    expect(sim.state.indicatorLed).to.equal('Off');
    expect(sim.state.bootOverride).to.deep.equal({ target: 'Pxe', enabled: 'Once', mode: 'UEFI' });
    await client.post('/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { ResetType: 'On' });
    expect(sim.state.lastBoot).to.deep.equal({ target: 'Pxe', mode: 'UEFI' });
    expect(sim.state.bootOverride.enabled).to.equal('Disabled');
    const invalid = await client.patch('/redfish/v1/Systems/1', { Boot: { BootSourceOverrideTarget: 'Floppy' } });
    expect(invalid.status).to.equal(400);
    expect(invalid.data.error['@Message.ExtendedInfo'][0].MessageId).to.match(/PropertyValueNotInList$/);
  });

  it('answers 404 and 405 with Redfish error bodies', async () => {
    const { client } = await sessionClient(sim);
    const missing = await client.get('/redfish/v1/Systems/2');
    expect(missing.status).to.equal(404);
    expect(missing.data.error['@Message.ExtendedInfo'][0].MessageId).to.match(/ResourceMissingAtURI$/);
    const notAllowed = await client.delete('/redfish/v1/Systems/1');
    expect(notAllowed.status).to.equal(405);
    expect(notAllowed.headers.allow).to.equal('GET, PATCH');
  });

  it('serves Managers/1 and Chassis/1 linked from the system', async () => {
    const { client } = await sessionClient(sim);
    const system = (await client.get('/redfish/v1/Systems/1')).data;
    const manager = (await client.get(system.Links.ManagedBy[0]['@odata.id'])).data;
    expect(manager.ManagerType).to.equal('BMC');
    const chassis = (await client.get(system.Links.Chassis[0]['@odata.id'])).data;
    expect(chassis.Thermal['@odata.id']).to.equal('/redfish/v1/Chassis/1/Thermal');
    expect((await client.get('/redfish/v1/Chassis/1/Thermal')).data.Temperatures).to.have.length.above(0);
  });

  it('serves plain HTTP when tls is false', async () => {
    const plain = await startRedfishSim({ tls: false, password: 'pw' });
    try {
      expect(plain.url).to.match(/^http:\/\//);
      expect(plain.caFile).to.equal(undefined);
      expect(plain.driverInfo()).to.not.have.property('redfish_verify_ca');
      expect((await simClient(plain, { basic: { username: 'admin', password: 'pw' } }).get('/redfish/v1/Systems/1')).status).to.equal(200);
    } finally {
      await plain.stop();
    }
  });
});
