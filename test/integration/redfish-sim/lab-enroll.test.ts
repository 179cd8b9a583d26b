// `labUp({ bmc: 'redfish', tyrUrl })`, as `npm run lab -- up --bmc redfish --tyr …` does: the lab
// node gets a tyr-redfish-sim (qemu mode, own process), is enrolled as a `redfish` node with the
// sim's driver_info, and Tyr powers its VM on and off through Redfish.
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { labDown, labPids, labUp, type Lab } from '../../bench/lab/lab.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { requireTool } from '../../helpers/tools.js';
import { MINUTE } from '../../helpers/until.js';
import { QUICK_REDFISH } from '../redfish/helpers.js';

describe('lab with Redfish BMCs enrolled into Tyr', function () {
  this.timeout(3 * MINUTE);
  let work: string;
  let api: ApiHarness;
  let lab: Lab | undefined;

  before(async () => {
    requireTool('qemu-system-x86_64');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-redfish-lab-'));
    api = await startApi(QUICK_REDFISH);
  });
  after(async () => {
    if (lab) await labDown(lab);
    await api?.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('enrolls a redfish node whose power Tyr drives through the sim to the VM', async () => {
    lab = await labUp({
      nodes: 1,
      dir: path.join(work, 'lab'),
      bmc: 'redfish',
      tyrUrl: api.url,
      memoryMb: 128,
      diskGb: 1,
      bootUrl: 'http://10.0.2.2:9',
    });
    const labNode = lab.nodes[0]!;
    const client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const node = await client.nodes.get(labNode.uuid!);
    expect(node.driver).to.equal('redfish');
    expect((node.driver_info as Record<string, unknown>).redfish_address).to.equal(labNode.redfish!.url);
    expect((node.driver_info as Record<string, unknown>).redfish_password).to.equal('******');
    await client.nodes.setProvisionState(node.uuid, 'manage');
    await client.nodes.waitForProvisionState(node.uuid, 'manageable', { timeoutMs: 30_000 });
    const vmRunning = () => labPids(lab!).some((pid) => pid !== labNode.bmcPid);

    await client.nodes.setPowerState(node.uuid, 'power on');
    await client.nodes.waitForPowerState(node.uuid, 'power on', { timeoutMs: 60_000 });
    expect(vmRunning()).to.equal(true);
    await client.nodes.setPowerState(node.uuid, 'power off');
    await client.nodes.waitForPowerState(node.uuid, 'power off', { timeoutMs: 60_000 });
    expect(vmRunning()).to.equal(false);
  });
});
