// `labUp({ firmware })`: an OVMF machine with its own variable store, enrolled with the boot mode
// its firmware has. The Secure Boot node really enforces it: with the disk and CD empty, OVMF
// falls back to its built-in UEFI Shell, which is unsigned and refused ("Security Violation").
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { varsFile } from '../../bench/lab/firmware.js';
import { labDown, labUp, readLabState, type Lab } from '../../bench/lab/lab.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { requireTool } from '../../helpers/tools.js';
import { MINUTE, until } from '../../helpers/until.js';

const HOOK = path.resolve('test/bench/lab/qemu-hook.sh');
const TEMPLATE = '/usr/share/OVMF/OVMF_VARS_4M.ms.fd';

describe('lab firmware: OVMF with Secure Boot', function () {
  this.timeout(4 * MINUTE);
  let work: string;
  let api: ApiHarness;
  let lab: Lab | undefined;

  before(async function () {
    requireTool('qemu-system-x86_64');
    if (!fs.existsSync(TEMPLATE)) this.skip();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-lab-fw-'));
    api = await startApi();
  });
  after(async () => {
    if (lab) await labDown(lab);
    await api?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('enrolls boot_mode:uefi + secure_boot:true, refuses unsigned code, and keeps its NVRAM across lab restarts', async () => {
    const dir = path.join(work, 'lab');
    const up = (tyrUrl?: string) =>
      labUp({ nodes: 1, dir, firmware: 'uefi-secure', tyrUrl, memoryMb: 256, diskGb: 1, bootUrl: 'http://10.0.2.2:9' });
    lab = await up(api.url);
    const labNode = lab.nodes[0]!;
    expect(readLabState(dir).nodes[0]!.firmware).to.equal('uefi-secure');
    const node = await new TyrClient({ url: api.url, apiVersion: 'latest' }).nodes.get(labNode.uuid!);
    expect(node.properties.capabilities).to.equal('boot_mode:uefi,secure_boot:true');

    const vars = varsFile(labNode.dir, 'uefi-secure');
    expect(fs.readFileSync(vars).equals(fs.readFileSync(TEMPLATE))).to.equal(true);
    fs.writeFileSync(path.join(labNode.dir, 'boot'), 'cdrom\n');
    execFileSync('bash', [HOOK, labNode.dir, 'power', '1']);
    const consoleText = () => (fs.existsSync(labNode.consoleLog) ? fs.readFileSync(labNode.consoleLog, 'latin1') : '');
    await until('OVMF to refuse the unsigned UEFI Shell', 3 * MINUTE, () => /Security Violation/.test(consoleText()), {
      intervalMs: 1000,
      diagnostics: () => consoleText().slice(-2000),
    });
    // The CD drive is there on q35 (OVMF tried it first: bootindex 1), and the NIC is not tried.
    expect(consoleText()).to.match(/DVD-ROM/);
    expect(consoleText()).not.to.match(/PXE/);
    await labDown(lab);

    // OVMF wrote its boot options into the node's store; a new labUp over the same dir keeps them.
    const written = fs.readFileSync(vars);
    expect(written.equals(fs.readFileSync(TEMPLATE))).to.equal(false);
    lab = await up();
    expect(fs.readFileSync(vars).equals(written)).to.equal(true);
  });
});
