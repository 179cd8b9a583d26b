// End to end: a lab machine PXE boots from Tyr. `tyr server` runs as a child process with its
// HTTP boot server; one lab node (ipmi_sim BMC in front of a QEMU/TCG VM) is enrolled through the
// API. Deploying it makes the conductor set PXE and power on through ipmitool → ipmi_sim → QEMU;
// the VM's iPXE fetches boot.ipxe, chains to the per-MAC script Tyr chose from the node's state
// ("wait call-back" → deploy ramdisk) and boots the busybox test ramdisk, whose marker with the
// node's UUID must show on the serial console. Then abort powers it off, the boot device is set
// to disk through the API, and the next power-on must not PXE boot.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { labDown, labStatus, labUp, type Lab } from '../bench/lab/lab.js';
import { ensureTestRamdisk, ramdiskMarker } from '../bench/lab/test-ramdisk.js';
import { freeTcpPort } from '../helpers/ports.js';
import { MINUTE, sleep, until } from '../helpers/until.js';
import { startTyrServer, type TyrProcess } from '../helpers/tyr-process.js';

async function retryLocked(call: () => Promise<void>): Promise<void> {
  for (let i = 0; ; i++) {
    try {
      return await call();
    } catch (err) {
      if ((err as { status?: number }).status !== 409 || i >= 60) throw err;
      await sleep(500);
    }
  }
}

/** Tyr logs each per-MAC script it serves as "boot script: …". */
const bootScriptsServed = (tyr: TyrProcess) => (tyr.output().match(/"msg":"boot script: /g) ?? []).length;

describe('e2e: PXE boot of a lab machine from Tyr', function () {
  this.timeout(10 * MINUTE);
  let work: string;
  let tyr: TyrProcess | undefined;
  let apiPort: number;
  let lab: Lab | undefined;
  let client: TyrClient;
  const phases: [string, number][] = [];
  let t = Date.now();
  const phase = (name: string) => {
    const now = Date.now();
    phases.push([name, now - t]);
    t = now;
  };

  before(async () => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-pxe-'));
    const ramdisk = ensureTestRamdisk();
    phase('test ramdisk (build or cache)');
    const dataDir = path.join(work, 'data');
    fs.mkdirSync(path.join(dataDir, 'boot'), { recursive: true });
    fs.copyFileSync(ramdisk.kernel, path.join(dataDir, 'boot', 'test-kernel'));
    fs.copyFileSync(ramdisk.ramdisk, path.join(dataDir, 'boot', 'test-ramdisk'));
    const bootPort = await freeTcpPort();
    apiPort = await freeTcpPort();
    // Guest address 10.0.2.2 is the host's loopback under QEMU user-mode networking.
    tyr = await startTyrServer(['--data-dir', dataDir, '--boot-http-port', String(bootPort), '--api-port', String(apiPort)], {
      TYR_BOOT_PUBLIC_URL: `http://10.0.2.2:${bootPort}`,
      TYR_API_PUBLIC_URL: `http://10.0.2.2:${apiPort}`,
      TYR_CONDUCTOR_SYNC_POWER_STATE_INTERVAL: '0',
    });
    client = new TyrClient({ url: tyr.url });
    phase('tyr server up');
    lab = await labUp({
      nodes: 1,
      dir: path.join(work, 'lab'),
      tyrUrl: tyr.url,
      bootUrl: `http://10.0.2.2:${bootPort}`,
      memoryMb: 512,
      deployKernel: 'test-kernel',
      deployRamdisk: 'test-ramdisk',
    });
    phase('lab up, node enrolled');
  });

  after(async function () {
    // Only what this test started: the lab's ipmi_sim and QEMU PIDs, then the Tyr child.
    if (lab) await labDown(lab);
    await tyr?.kill();
    console.log(`      phases: ${phases.map(([n, ms]) => `${n} ${(ms / 1000).toFixed(1)}s`).join(', ')}`);
    if (this.currentTest?.state === 'failed' || process.env.TYR_E2E_KEEP) {
      console.log(`      kept ${work} (console log, BMC and Tyr data) for inspection`);
      fs.writeFileSync(path.join(work, 'tyr.log'), tyr?.output() ?? '');
    } else {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('deploy PXE boots the test ramdisk; with boot device disk the next power-on skips PXE', async () => {
    const node = lab!.nodes[0]!;
    const uuid = node.uuid!;
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });
    await client.nodes.patch(uuid, [
      { op: 'add', path: '/instance_info/image_source', value: 'http://10.0.2.2:9/images/none.img' },
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: 'ab'.repeat(32) },
    ]);
    phase('manage + provide');

    await client.nodes.setProvisionState(uuid, 'active');
    await client.nodes.waitForProvisionState(uuid, 'wait call-back', { timeoutMs: 2 * MINUTE });
    expect(labStatus(lab!.dir)[0]!.vm.alive, 'the VM runs after deploy powered the node on').to.equal(true);
    phase('deploy → wait call-back (PXE set, powered on)');

    const marker = ramdiskMarker(uuid);
    const console1 = await until(`"${marker}" in ${node.consoleLog}`, 5 * MINUTE, () => {
      const text = fs.existsSync(node.consoleLog) ? fs.readFileSync(node.consoleLog, 'latin1') : '';
      return text.includes(marker) && text;
    });
    // The kernel line carries the API URL the agent would use: reachable from inside the VM.
    expect(console1).to.contain(`ipa-api-url=http://10.0.2.2:${apiPort}`);
    phase('VM PXE booted the test ramdisk');
    // The path the machine took: iPXE fetched the entry script, then Tyr's deploy script.
    expect(console1).to.match(/boot\.ipxe/);
    expect(console1).to.contain('test-kernel');
    expect(tyr!.output()).to.contain('boot script: deploy ramdisk');

    await client.nodes.setProvisionState(uuid, 'abort');
    await client.nodes.waitForProvisionState(uuid, 'deploy failed', { timeoutMs: 2 * MINUTE });
    await client.nodes.waitForPowerState(uuid, 'power off', { timeoutMs: MINUTE });
    await until('the VM to stop', MINUTE, () => !labStatus(lab!.dir)[0]!.vm.alive);
    phase('abort → deploy failed, powered off');

    // The conductor may still hold the node's lock for a moment after the abort (409 "locked");
    // Ironic's clients retry that too.
    await retryLocked(() => client.nodes.setBootDevice(uuid, 'disk'));
    const scriptsBefore = bootScriptsServed(tyr!);
    const offset = fs.statSync(node.consoleLog).size;
    await retryLocked(() => client.nodes.setPowerState(uuid, 'power on'));
    await client.nodes.waitForPowerState(uuid, 'power on', { timeoutMs: MINUTE });
    // The disk is empty: SeaBIOS tries it, finds nothing, and (strict boot order) stops there.
    const console2 = await until('SeaBIOS to give up on the hard disk', 2 * MINUTE, () => {
      const text = fs.readFileSync(node.consoleLog, 'latin1').slice(offset);
      return /No bootable device/.test(text) && text;
    });
    phase('power on with boot device disk');
    expect(console2).to.contain('Booting from Hard Disk');
    expect(console2).not.to.match(/boot\.ipxe|Booting from ROM|net0:/);
    expect(bootScriptsServed(tyr!), 'boot scripts served by Tyr after the disk power-on').to.equal(scriptsBefore);
  });
});
