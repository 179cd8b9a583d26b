// Agent lookup on a node that reached "wait call-back" for real: an ipmi node on ipmi_sim deployed
// through the API, aborted, and deployed again; each boot gets its own token.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { availableIpmiNode, QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { CALLBACK, heartbeat, lookup } from './protocol-calls.js';

describe('agent lookup on a node that reached "wait call-back" through a real deploy (ipmi_sim)', function () {
  this.timeout(120_000);
  const MAC = '52:54:00:7e:ab:02';
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;

  before(async () => {
    bmc = await startBmc();
    api = await startApi(QUICK_IPMI);
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const node = await availableIpmiNode(
      client,
      {
        name: 'agent-node',
        driver_info: { ...bmc.driverInfo(), deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' },
        instance_info: {
          image_source: 'http://images.example/disk.raw',
          image_os_hash_algo: 'sha256',
          image_os_hash_value: 'ab'.repeat(32),
        },
      },
      MAC,
    );
    uuid = node.uuid;
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
  });

  const deployToWait = async () => {
    await client.nodes.setProvisionState(uuid, 'active');
    await client.nodes.waitForProvisionState(uuid, 'wait call-back', { timeoutMs: 30_000 });
    expect(bmc.powerState()).to.equal('on');
  };

  it('issues a token, takes heartbeats, and after abort and a new deploy issues a fresh one', async () => {
    expect((await lookup(api, `addresses=${MAC}`)).status, 'available: refused').to.equal(404);
    await deployToWait();
    const first = await lookup(api, `addresses=${MAC}`);
    expect(first.status, first.message).to.equal(200);
    const t1 = first.body.config.agent_token as string;
    expect(t1).not.to.equal('******');
    expect((await heartbeat(api, uuid, { agent_token: t1 })).status).to.equal(202);
    // The heartbeat continues the deploy (issue 7): nothing listens at CALLBACK, so its first
    // agent command fails and the node goes to "deploy failed", which ends this boot.
    const failed = await client.nodes.waitForProvisionState(uuid, 'deploy failed', { timeoutMs: 20_000 });
    expect(failed.last_error).to.contain(`Cannot reach the agent of node ${uuid} at ${CALLBACK}`);
    expect((await lookup(api, `addresses=${MAC}`)).status, 'deploy failed: refused').to.equal(404);
    expect((await heartbeat(api, uuid, { agent_token: t1 })).status, 'old token after the failure').to.equal(401);
    await api.server.conductor.idle(); // the failure's power-off still holds the node's lock

    await deployToWait();
    const second = await lookup(api, `addresses=${MAC}`);
    expect(second.status, second.message).to.equal(200);
    const t2 = second.body.config.agent_token as string;
    expect(t2).to.match(/^[A-Za-z0-9_-]{43}$/);
    expect(t2).not.to.equal(t1);
    expect((await heartbeat(api, uuid, { agent_token: t1 })).status, "the old boot's token").to.equal(401);
    expect((await lookup(api, `addresses=${MAC}`)).body.config.agent_token).to.equal('******');
    expect((await heartbeat(api, uuid, { agent_token: t2 })).status).to.equal(202);
  });
});
