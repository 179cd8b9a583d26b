// `npm run lab -- up --bmc redfish` from the command line: the Redfish BMC of each node outlives
// `up` as its own process, answers Redfish with the lab's certificate, powers its VM on, and
// `down` in a later process stops everything the lab started, leaving no file outside the lab
// directory (TMPDIR may hold only tsx's compile cache).
import fs from 'node:fs';
import { expect } from 'chai';
import { labPids, readLabState } from '../../bench/lab/lab.js';
import { processAlive } from '../../bench/lab/pids.js';
import { labCliSandbox } from '../../helpers/lab-cli.js';
import { simClient } from './http.js';

describe('lab CLI with Redfish BMCs (npm run lab -- up --bmc redfish)', function () {
  this.timeout(120_000);
  const sandbox = labCliSandbox('tyr-redfish-lab-cli-', ['qemu-system-x86_64']);

  it('up gives the node a Redfish BMC that drives its VM; down stops it all', async () => {
    const { lab, labDir, work } = sandbox;
    const up = await lab('up', '--bmc', 'redfish', '--nodes', '1', '--dir', labDir, '--memory', '128', '--boot-url', 'http://10.0.2.2:9');
    const state = readLabState(labDir);
    const node = state.nodes[0]!;
    expect(state.bmc).to.equal('redfish');
    expect(up.stdout).to.contain(node.redfish!.url);
    expect(up.stdout).to.not.contain(node.password);
    expect(processAlive(node.bmcPid), 'the sim runs after up exits').to.equal(true);
    expect(node.redfish!.caFile?.startsWith(labDir)).to.equal(true);

    const client = simClient({ url: node.redfish!.url, caFile: node.redfish!.caFile } as Parameters<typeof simClient>[0], {
      basic: { username: node.username, password: node.password },
    });
    expect((await client.post('/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', { ResetType: 'On' })).status).to.equal(204);
    expect((await client.get('/redfish/v1/Systems/1')).data.PowerState).to.equal('On');
    const pids = labPids(labDir);
    expect(pids).to.have.length(2); // the sim and its QEMU

    await lab('down', '--dir', labDir);
    for (const pid of pids) expect(processAlive(pid), `PID ${pid} stopped by down`).to.equal(false);
    expect(labPids(labDir)).to.deep.equal([]);
    expect(sandbox.leftInTmp(), 'files the lab left in TMPDIR').to.deep.equal([]);
    expect(fs.readdirSync(work).sort()).to.deep.equal(['lab', 'tmp']);
  });
});
