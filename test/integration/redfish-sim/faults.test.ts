// The sim's scripted faults: 503 with Retry-After for the next n requests, dropped sessions, and
// a wrong password, as the client's robustness tests will meet them.
import { expect } from 'chai';
import { type RedfishSim, startRedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { sessionClient, simClient } from './http.js';

describe('redfish-sim faults', () => {
  let sim: RedfishSim;
  beforeEach(async () => {
    sim = await startRedfishSim();
  });
  afterEach(async () => {
    await sim.stop();
  });

  it('answers the next n requests with 503 and Retry-After, then recovers', async () => {
    const client = simClient(sim, { basic: { username: sim.username, password: sim.password } });
    sim.faults.failNext(2, 503, 3);
    for (let i = 0; i < 2; i++) {
      const res = await client.get('/redfish/v1/Systems/1');
      expect(res.status).to.equal(503);
      expect(res.headers['retry-after']).to.equal('3');
      expect(res.data.error['@Message.ExtendedInfo'][0].MessageId).to.match(/ServiceTemporarilyUnavailable$/);
    }
    expect((await client.get('/redfish/v1/Systems/1')).status).to.equal(200);
    expect(sim.stats.requests).to.equal(3);
  });

  it('fails with another status and no Retry-After when asked', async () => {
    sim.faults.failNext(1, 500);
    const res = await simClient(sim).get('/redfish/v1');
    expect(res.status).to.equal(500);
    expect(res.headers['retry-after']).to.equal(undefined);
  });

  it('dropSessions makes the next call with an old token get 401, and a new login works', async () => {
    const { client } = await sessionClient(sim);
    expect((await client.get('/redfish/v1/Systems/1')).status).to.equal(200);
    sim.faults.dropSessions();
    expect((await client.get('/redfish/v1/Systems/1')).status).to.equal(401);
    const again = await sessionClient(sim);
    expect((await again.client.get('/redfish/v1/Systems/1')).status).to.equal(200);
    expect(sim.stats.sessionsOpened).to.equal(2);
  });

  it('refuses a login beyond maxSessions until a session is deleted', async () => {
    const small = await startRedfishSim({ maxSessions: 2 });
    try {
      const first = await sessionClient(small);
      await sessionClient(small);
      const refused = await simClient(small).post('/redfish/v1/SessionService/Sessions', {
        UserName: small.username,
        Password: small.password,
      });
      expect(refused.status).to.equal(503);
      expect(refused.data.error['@Message.ExtendedInfo'][0].MessageId).to.match(/SessionLimitExceeded$/);
      expect(refused.data.error.message).to.contain('log out');
      await first.client.delete(first.location);
      expect((await sessionClient(small)).location).to.match(/Sessions\/3$/);
      expect(small.stats).to.include({ sessionsOpened: 3, sessionsClosed: 1 });
    } finally {
      await small.stop();
    }
  });

  it('a wrong password is 401 for both session login and basic auth', async () => {
    const login = await simClient(sim).post('/redfish/v1/SessionService/Sessions', { UserName: 'admin', Password: 'wrong' });
    expect(login.status).to.equal(401);
    expect(login.data.error.message).to.contain('password');
    expect(JSON.stringify(login.data)).to.not.contain(sim.password);
    const basic = await simClient(sim, { basic: { username: 'admin', password: 'wrong' } }).get('/redfish/v1/Managers/1');
    expect(basic.status).to.equal(401);
  });
});
