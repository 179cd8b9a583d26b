// burnin_network between two nodes cleaned together: the conductor pairs them by pairing_group
// (the node whose UUID sorts first serves, the other connects to it), and each REAL agent
// command API (in-process, real-agent.ts) runs the real fio net engine; both agents listen on
// 127.0.0.1, so the client reaches the server over loopback. Real parts: in-process Tyr,
// ipmitool against two ipmi_sim BMCs, the agent code and fio.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { availableIpmiNode, QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { requireTool } from '../../helpers/tools.js';
import { startRealAgent, type RealAgent } from './real-agent.js';

const MACS = ['52:54:00:7e:9b:01', '52:54:00:7e:9b:02'];

describe('burnin_network: two nodes paired by the conductor (ipmi_sim, real agents and fio)', function () {
  this.timeout(180_000);
  const bmcs: Bmc[] = [];
  const agents: RealAgent[] = [];
  const uuids: string[] = [];
  let api: ApiHarness;
  let client: TyrClient;

  before(async () => {
    for (const tool of ['fio', 'ipmitool', 'ipmi_sim']) requireTool(tool);
    api = await startApi({
      ...QUICK_IPMI,
      conductor: { ...QUICK_IPMI.conductor, agent_command_poll_interval_ms: 100, agent_power_off_wait: 0 },
    });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    for (const [i, mac] of MACS.entries()) {
      bmcs.push(await startBmc());
      agents.push(await startRealAgent());
      const n = await availableIpmiNode(
        client,
        { name: `net-${i}`, driver_info: { ...bmcs[i]!.driverInfo(), deploy_kernel: 'k', deploy_ramdisk: 'r' } },
        mac,
      );
      uuids.push(n.uuid);
      await client.nodes.setProvisionState(n.uuid, 'manage');
      await client.nodes.waitForProvisionState(n.uuid, 'manageable', { timeoutMs: 30_000 });
    }
  });
  after(async () => {
    await api?.stop();
    for (const a of agents) await a.stop();
    for (const b of bmcs) await b.stop();
  });

  it('pairs the two nodes of a group: one fio server, one client; both record their bandwidth', async () => {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const step = { interface: 'deploy', step: 'burnin_network', args: { pairing_group: 'rack-7', duration: 2, port } };
    for (const uuid of uuids) await client.nodes.setProvisionState(uuid, 'clean', { clean_steps: [step] });
    for (const [i, uuid] of uuids.entries()) {
      await client.nodes.waitForProvisionState(uuid, 'clean wait', { timeoutMs: 30_000 });
      const lookup = await api.call('GET', `/v1/lookup?addresses=${MACS[i]}`);
      agents[i]!.token.set(lookup.body.config.agent_token);
      const hb = await api.call('POST', `/v1/heartbeat/${uuid}`, {
        callback_url: agents[i]!.url,
        agent_verify_ca: agents[i]!.cert,
        agent_token: lookup.body.config.agent_token,
      });
      expect(hb.status, hb.message).to.equal(202);
    }
    const records: Record<string, any>[] = [];
    for (const uuid of uuids) {
      const done = await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 90_000, pollIntervalMs: 200 });
      expect(done.last_error).to.equal(null);
      expect(done.driver_internal_info).to.not.have.property('burnin_network_pairing');
      const history = (await api.call('GET', `/v1/nodes/${uuid}/history`, undefined, { version: '1.78' })).body.history as {
        event: string;
      }[];
      const event = history.find((h) => h.event.startsWith('clean step burnin_network done'))!.event;
      records.push(JSON.parse(event.replace(/^[^:]*: /, '')));
    }
    const sorted = [...uuids].sort();
    const server = records[uuids.indexOf(sorted[0]!)]!;
    const clientRecord = records[uuids.indexOf(sorted[1]!)]!;
    expect(server).to.include({ role: 'server', peer: '127.0.0.1', port });
    expect(server.fio.read_bw_kib_s).to.be.greaterThan(0);
    expect(clientRecord).to.include({ role: 'client', peer: '127.0.0.1' });
    expect(clientRecord.fio.write_bw_kib_s).to.be.greaterThan(0);
  });
});
