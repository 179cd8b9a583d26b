// `npm run lab -- up --bmc redfish` from the command line: the Redfish BMC of each node outlives
// `up` as its own process, answers Redfish with the lab's certificate, powers its VM on, and
// `down` in a later process stops everything the lab started, leaving no file outside the lab
// directory (TMPDIR may hold only tsx's compile cache).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { labPids, readLabState } from '../../bench/lab/lab.js';
import { processAlive } from '../../bench/lab/pids.js';
import { requireTool } from '../../helpers/tools.js';
import { simClient } from './http.js';

const execFileP = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

describe('lab CLI with Redfish BMCs (npm run lab -- up --bmc redfish)', function () {
  this.timeout(120_000);
  let work: string;
  let labDir: string;
  let tmp: string;
  const lab = (...args: string[]) =>
    execFileP('npm', ['run', '--silent', 'lab', '--', ...args], { cwd: ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });

  before(() => {
    requireTool('qemu-system-x86_64');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-redfish-lab-cli-'));
    labDir = path.join(work, 'lab');
    tmp = path.join(work, 'tmp');
    fs.mkdirSync(tmp);
  });
  after(async () => {
    if (fs.existsSync(path.join(labDir, 'lab.json'))) await lab('down', '--dir', labDir).catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('up gives the node a Redfish BMC that drives its VM; down stops it all', async () => {
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
    const leftInTmp = fs.readdirSync(tmp, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('tsx-'));
    expect(leftInTmp, 'files the lab left in TMPDIR').to.deep.equal([]);
    expect(fs.readdirSync(work).sort()).to.deep.equal(['lab', 'tmp']);
  });
});
