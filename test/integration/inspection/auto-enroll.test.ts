// discovery.auto_enroll / auto_provide, the case of a discovered node without BMC credentials,
// and a callback for an unknown machine with discovery off. Real in-process Tyr and SQLite; the
// test plays the discovery ramdisk.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { inventory } from '../../helpers/inventory-fixture.js';
import { until } from '../../helpers/until.js';

describe('discovery: auto_enroll, auto_provide, no credentials, discovery off', function () {
  this.timeout(60_000);
  const servers: ApiHarness[] = [];
  after(async () => {
    for (const s of servers) await s.stop();
  });
  const start = async (discovery: Record<string, unknown>) => {
    // Short IPMI timeouts: the discovered BMC address below answers nothing.
    const api = await startApi({
      discovery,
      conductor: { sync_power_state_interval: 0 },
      ipmi: { command_timeout: 2, command_retry_timeout: 0 },
    });
    servers.push(api);
    return { api, client: new TyrClient({ url: api.url, apiVersion: 'latest' }) };
  };

  it('auto_provide takes a discovered fake-hardware node through manageable to available', async () => {
    const { api, client } = await start({ enabled: true, default_driver: 'fake-hardware', auto_enroll: true, auto_provide: true });
    const res = await api.call('POST', '/v1/continue_inspection', { inventory: inventory({ mac: '52:54:00:ae:00:01' }) });
    expect(res.status, res.message).to.equal(200);
    const node = await client.nodes.waitForProvisionState(res.body.uuid, 'available', { timeoutMs: 20_000, pollIntervalMs: 100 });
    expect(node.extra).to.deep.equal({ auto_discovered: true });
  });

  it('auto_enroll of an ipmi node without credentials: verifying fails, it stays in enroll with last_error', async () => {
    const { api, client } = await start({ enabled: true, default_driver: 'ipmi', auto_enroll: true });
    const res = await api.call('POST', '/v1/continue_inspection', { inventory: inventory({ mac: '52:54:00:ae:00:02', bmc: '192.0.2.9' }) });
    expect(res.status, res.message).to.equal(200);
    const node = await until('verifying to fail with last_error', 30_000, async () => {
      const n = (await client.nodes.get(res.body.uuid)) as Record<string, any>;
      return n.provision_state === 'enroll' && n.last_error ? n : undefined;
    });
    expect(node.provision_state).to.equal('enroll');
    expect(node.driver_info).to.deep.equal({ ipmi_address: '192.0.2.9' });
    expect(node.last_error).to.match(/IPMI|ipmi/);
  });

  it('answers 404 for an unknown machine when discovery is off, and creates nothing', async () => {
    const { api } = await start({ enabled: false });
    const res = await api.call('POST', '/v1/continue_inspection', { inventory: inventory({ mac: '52:54:00:ae:00:03' }) });
    expect(res.status).to.equal(404);
    expect(res.message).to.match(/discovery enabled \(discovery\.enabled\)/);
    expect((await api.call('GET', '/v1/nodes')).body.nodes).to.have.length(0);
  });
});
