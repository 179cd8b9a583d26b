// A heartbeat that arrives while every conductor worker is busy (a boot storm: 1,000 first
// heartbeats, 100 workers) is recorded and answered 202, leaves the node unlocked in its wait
// state, and the node continues on a later heartbeat once a worker is free. Real parts: in-process
// Tyr (SQLite), ipmitool against ipmi_sim; the agents' command APIs are the test's stand-ins
// (deploy-agent.ts), as in agent-flows.test.ts.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { availableIpmiNode, QUICK_AGENT_FLOWS, setInstanceInfo } from '../../helpers/ipmi-node.js';
import { until } from '../../helpers/until.js';
import { startDeployAgent, type DeployAgent } from './deploy-agent.js';

const IMAGE = {
  image_source: 'http://images.example/disk.raw',
  image_os_hash_algo: 'sha256',
  image_os_hash_value: 'ab'.repeat(32),
  image_disk_format: 'raw',
};

describe('agent heartbeats while the conductor worker pool is full (ipmi_sim, stand-in agents)', function () {
  this.timeout(120_000);
  const bmcs: Bmc[] = [];
  const agents: DeployAgent[] = [];
  const uuids: string[] = [];
  const macs = ['52:54:00:7e:f0:01', '52:54:00:7e:f0:02'];
  let api: ApiHarness;
  let client: TyrClient;

  const node = async (i: number) => (await client.nodes.get(uuids[i]!)) as Record<string, any>;
  const waitFor = (i: number, state: string) =>
    client.nodes.waitForProvisionState(uuids[i]!, state, { timeoutMs: 30_000, pollIntervalMs: 100 });
  /** What machine i's ramdisk does: lookup (its token), then a heartbeat; returns the heartbeat's status. */
  async function boots(i: number): Promise<number> {
    const lookup = await api.call('GET', `/v1/lookup?addresses=${macs[i]}`);
    expect(lookup.status, lookup.message).to.equal(200);
    agents[i]!.token = lookup.body.config.agent_token;
    return heartbeat(i);
  }
  async function heartbeat(i: number): Promise<number> {
    const hb = await api.call('POST', `/v1/heartbeat/${uuids[i]}`, { callback_url: agents[i]!.url, agent_token: agents[i]!.token });
    return hb.status;
  }

  before(async () => {
    // One worker: the first node's image write takes it, the second node's heartbeat finds none.
    api = await startApi({ ...QUICK_AGENT_FLOWS, conductor: { ...QUICK_AGENT_FLOWS.conductor, workers_pool_size: 1 } });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    for (const [i, mac] of macs.entries()) {
      bmcs.push(await startBmc());
      agents.push(await startDeployAgent());
      const created = await availableIpmiNode(
        client,
        { name: `full-pool-${i}`, driver_info: { ...bmcs[i]!.driverInfo(), deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' } },
        mac,
      );
      uuids.push(created.uuid);
      await setInstanceInfo(client, created.uuid, IMAGE);
      await client.nodes.setProvisionState(created.uuid, 'active');
      await waitFor(i, 'wait call-back');
    }
  });
  after(async () => {
    await api?.stop();
    for (const a of agents) await a.stop();
    for (const b of bmcs) await b.stop();
  });

  it('answers 202, leaves the node unlocked in wait call-back, and continues it on a later heartbeat', async () => {
    agents[0]!.hold = true;
    expect(await boots(0)).to.equal(202);
    await until(
      'the first node to hold the worker in write_image',
      20_000,
      async () => agents[0]!.names().includes('standby.prepare_image'),
      {
        intervalMs: 100,
      },
    );
    expect((await node(0)).provision_state).to.equal('deploying');

    expect(await boots(1)).to.equal(202);
    const waiting = await node(1);
    expect(waiting.provision_state).to.equal('wait call-back');
    expect(waiting.reservation).to.equal(null);
    expect(waiting.driver_internal_info.agent_url).to.equal(agents[1]!.url);
    expect(agents[1]!.names()).to.deep.equal([]);

    agents[0]!.hold = false;
    await waitFor(0, 'active');
    expect(await heartbeat(1)).to.equal(202);
    await waitFor(1, 'active');
    expect(agents[1]!.names()).to.include('standby.prepare_image');
  });
});
