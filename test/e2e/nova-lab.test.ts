// End to end through Nova's code path: TyrDriver (driver/python, with Debian's python3-nova)
// spawns an instance on a lab machine (ipmi_sim BMC → QEMU/TCG VM) through the shim and the
// real agent ramdisk, with the lab's bootable test image addressed the way Nova does it, by an
// image UUID (served from Tyr's boot root) and the image's md5 checksum. The machine boots the
// image from disk; then destroy undeploys it. One VM, one ramdisk boot (no automated cleaning).
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TyrClient } from '../../client/index.js';
import { SHIM_DEFAULTS, startShim, type RunningShim } from '../../driver/server.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { labDown, labStatus, type Lab, type LabNode } from '../bench/lab/lab.js';
import { labFor, startLabTyr } from './lab-tyr.js';
import { ensureTestImage, INSTANCE_MARKER } from '../bench/lab/test-image.js';
import type { TyrProcess } from '../helpers/tyr-process.js';
import { MINUTE, until } from '../helpers/until.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function python(test: string, env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/python3',
      ['-m', 'unittest', '-v', `tests.test_lab_spawn.LabSpawnTestCase.${test}`],
      { cwd: path.join(ROOT, 'driver/python'), env, timeout: 20 * MINUTE, maxBuffer: 16 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, out: `${stdout}${stderr}` }),
    );
  });
}

describe('e2e: nova spawn through TyrDriver on a lab machine', function () {
  this.timeout(25 * MINUTE);
  let work = '';
  let tyr: TyrProcess | undefined;
  let lab: Lab | undefined;
  let shim: RunningShim | undefined;
  let node: LabNode;
  let env: NodeJS.ProcessEnv;

  const consoleText = () => (fs.existsSync(node.consoleLog) ? fs.readFileSync(node.consoleLog, 'latin1') : '');
  const consoleTail = () => `console tail:\n${consoleText().slice(-3000)}`;

  before(async function () {
    this.timeout(20 * MINUTE);
    const probe = await new Promise<number>((resolve) =>
      execFile('/usr/bin/python3', ['-c', 'import nova.test'], (err) => resolve(err ? 1 : 0)),
    );
    if (probe !== 0) throw new Error('python3-nova is needed: run `bash scripts/install-system-deps.sh`');
    // The rulebook's VM etiquette: two VMs already running is the machine's limit.
    await until('fewer than 2 QEMU VMs running on this host', 20 * MINUTE, () => qemuCount() < 2);
    const ramdisk = buildRamdisk();
    const image = ensureTestImage();
    const imageId = crypto.randomUUID();
    const md5 = crypto.createHash('md5').update(fs.readFileSync(image.raw)).digest('hex');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-nova-'));
    // Nova names images by Glance UUID; Tyr serves a bare image_source from its boot root.
    const started = await startLabTyr({ dataDir: path.join(work, 'data'), ramdisk, files: { [imageId]: image.raw } });
    tyr = started.tyr;
    const client = new TyrClient({ url: tyr.url });
    lab = await labFor(started, path.join(work, 'lab'), { nodes: 1 });
    node = lab.nodes[0]!;
    await client.nodes.patch(node.uuid!, [{ op: 'add', path: '/resource_class', value: 'baremetal' }]);
    await client.nodes.setProvisionState(node.uuid!, 'manage');
    await client.nodes.waitForProvisionState(node.uuid!, 'manageable', { timeoutMs: MINUTE });
    await client.nodes.setProvisionState(node.uuid!, 'provide');
    await client.nodes.waitForProvisionState(node.uuid!, 'available', { timeoutMs: MINUTE });
    shim = await startShim({ ...SHIM_DEFAULTS, port: 0, coreUrl: tyr.url, pollIntervalMs: 2000 });
    env = {
      ...process.env,
      PYTHONPATH: path.join(ROOT, 'driver/python'),
      OS_TEST_TIMEOUT: '1200',
      TYR_TEST_SHIM_URL: shim.url,
      TYR_TEST_CORE_URL: tyr.url,
      TYR_TEST_LAB_NODE: node.uuid,
      TYR_TEST_LAB_INSTANCE: crypto.randomUUID(),
      TYR_TEST_LAB_IMAGE_ID: imageId,
      TYR_TEST_LAB_IMAGE_MD5: md5,
    };
  });

  after(async function () {
    if (lab) await labDown(lab);
    await shim?.stop();
    await tyr?.kill();
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed');
    if (failed && work) {
      fs.writeFileSync(path.join(work, 'tyr.log'), tyr?.output() ?? '');
      console.log(`      kept ${work} (tyr.log, console log) for inspection`);
    } else if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('spawns to active (the machine boots the image from disk), then destroy frees the node', async () => {
    const t0 = Date.now();
    const spawn = await python('test_1_spawn_to_active', env);
    expect(spawn.code, `${spawn.out.slice(-6000)}\n${consoleTail()}`).to.equal(0);
    console.log(`      spawn → active in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    await until('the instance marker on the console', 3 * MINUTE, () => consoleText().includes(`${INSTANCE_MARKER} BOOT_IMAGE=`), {
      diagnostics: consoleTail,
    });
    await until('the instance to power itself off', 2 * MINUTE, () => !labStatus(lab!.dir)[0]!.vm.alive, { diagnostics: consoleTail });
    const destroy = await python('test_2_destroy', env);
    expect(destroy.code, destroy.out.slice(-6000)).to.equal(0);
  });
});

/** Running QEMU VMs on this host (pgrep exits 1 when there are none). */
function qemuCount(): number {
  try {
    return Number(execFileSync('pgrep', ['-c', 'qemu-system'], { encoding: 'utf8' }).trim());
  } catch {
    return 0;
  }
}
