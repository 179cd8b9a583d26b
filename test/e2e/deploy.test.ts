// End to end: deploy, undeploy (automated cleaning), rescue and failure handling on the virtual
// lab, with the real pieces: `tyr server` as a child process, one lab node (ipmi_sim BMC → QEMU/TCG
// VM, 1024 MiB, 4 GiB sparse disk), Tyr's real ramdisk (npm run build:ramdisk) and a tiny
// bootable instance image (test/bench/lab/test-image.ts) that prints TYR-INSTANCE-BOOTED on the
// serial console and powers off. A VM cycle costs 30-60 s under TCG, so the scenarios share the
// one node and run in order; each starts by bringing the node to the state it needs, so that
// one failure does not cascade. Every scenario prints its phase timings.
//
// The node's disk is a file on the host: the tests read it to compare with the image and to see
// partition tables appear and go.
import { expect } from 'chai';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import type { ProvisionVerb } from '../../client/types.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { labDown, labStatus, type Lab, type LabNode } from '../bench/lab/lab.js';
import { labFor, startLabTyr } from './lab-tyr.js';
import { ensureTestImage, INSTANCE_MARKER, mbrPartitionEntries, type TestImage } from '../bench/lab/test-image.js';
import type { TyrProcess } from '../helpers/tyr-process.js';
import { MINUTE, until } from '../helpers/until.js';
import { startImageServer, type ImageServer } from './deploy-image-server.js';
import { PhaseWatch } from './deploy-phases.js';
import { serialLogin } from './deploy-serial-login.js';
import { readBytes } from '../helpers/disk-bytes.js';

type Json = Record<string, any>;

const MIB = 1024 * 1024;
const CYCLE = 6 * MINUTE; // one ramdisk boot + agent work, generously (TCG on 2 busy cores)
const RESCUE_PASSWORD = 'tyr-rescue-e2e-pw';

function sha256Range(file: string, length: number): string {
  const h = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(MIB);
    for (let off = 0; off < length;) {
      const n = fs.readSync(fd, buf, 0, Math.min(buf.length, length - off), off);
      if (n <= 0) break;
      h.update(buf.subarray(0, n));
      off += n;
    }
  } finally {
    fs.closeSync(fd);
  }
  return h.digest('hex');
}

const isZero = (b: Buffer) => b.every((x) => x === 0);

describe('e2e: deploy, clean and rescue through the agent on a lab machine', function () {
  this.timeout(8 * MINUTE);
  let work: string;
  let tyr: TyrProcess | undefined;
  let lab: Lab | undefined;
  let images: ImageServer | undefined;
  let client: TyrClient;
  let image: TestImage;
  let node: LabNode;
  let uuid: string;
  const summary: string[] = [];
  const e2eStart = Date.now();

  const consoleText = () => (fs.existsSync(node.consoleLog) ? fs.readFileSync(node.consoleLog, 'latin1') : '');
  const consoleTail = () => `console tail:\n${consoleText().slice(-3000)}`;
  const markers = () => consoleText().split(`${INSTANCE_MARKER} BOOT_IMAGE=`).length - 1;
  const vmRunning = () => labStatus(lab!.dir)[0]!.vm.alive;
  const get = async () => (await client.nodes.get(uuid)) as Json;

  async function setInstance(ii: Json): Promise<void> {
    await client.nodes.patch(
      uuid,
      Object.entries(ii).map(([k, value]) => ({ op: 'add' as const, path: `/instance_info/${k}`, value })),
    );
  }

  /** Runs a provision verb, waits for `target` and prints the phases. */
  async function provision(
    label: string,
    verb: ProvisionVerb,
    target: string,
    opts: Json = {},
  ): Promise<{ node: Json; watch: PhaseWatch }> {
    const watch = new PhaseWatch(client, uuid, label);
    let final: Json | undefined;
    try {
      await client.nodes.setProvisionState(uuid, verb, opts);
      final = await client.nodes.waitForProvisionState(uuid, target, { timeoutMs: CYCLE });
      return { node: final, watch };
    } finally {
      summary.push(...(await watch.finish(final)));
    }
  }

  /** Waits for the instance to print its marker (one more than `before`) and power off. */
  async function instanceBoots(before: number, label: string): Promise<void> {
    const t0 = Date.now();
    await until(`the instance marker on the console (${label})`, 3 * MINUTE, () => markers() > before, { diagnostics: consoleTail });
    const booted = Date.now();
    await until('the instance to power itself off', 2 * MINUTE, () => !vmRunning(), { diagnostics: consoleTail });
    const line = `${label}: active → instance marker ${((booted - t0) / 1000).toFixed(1)} s, → powered off ${((Date.now() - t0) / 1000).toFixed(1)} s`;
    console.log(`      ${line}`);
    summary.push(line);
  }

  function expectDiskIsImage(): void {
    expect(readBytes(node.disk, 0, MIB).equals(readBytes(image.raw, 0, MIB)), "the disk's first MiB = the image's").to.equal(true);
    expect(sha256Range(node.disk, image.rawSize), "sha256 of the disk's first 32 MiB = the raw image's").to.equal(image.rawSha256);
  }

  /**
   * Brings the node to available/active when an earlier scenario left it elsewhere, the way an
   * operator would: unrescue, undeploy, and past a failed cleaning back through manageable.
   * Each recovery step may fail (that scenario already reported why); the end state is checked.
   */
  async function ensureState(want: 'available' | 'active'): Promise<void> {
    const state = async () => (await get()).provision_state as string;
    const attempt = async (label: string, verb: ProvisionVerb, target: string) => {
      try {
        await provision(`(recovery) ${label}`, verb, target);
      } catch (err) {
        console.log(`      (recovery) ${label} failed: ${(err as Error).message.slice(0, 300)}`);
      }
    };
    if ((await state()) === want) return;
    if (['rescue', 'rescue failed', 'unrescue failed'].includes(await state())) await attempt('unrescue', 'unrescue', 'active');
    if (want === 'available') {
      // A booted instance powers itself off within seconds; let it, so that undeploy finds it off.
      await until('the instance to power off', MINUTE, () => !vmRunning()).catch(() => undefined);
      // Twice: a tear-down whose power off failed may have left the machine off all the same.
      for (let i = 0; i < 2; i++) {
        if (['active', 'deploy failed', 'error', 'rescue', 'rescue failed', 'unrescue failed'].includes(await state()))
          await attempt('undeploy', 'deleted', 'available');
      }
      if ((await state()) === 'clean failed') {
        // Cleaning is what failed: back through manageable, once without it (and out of the
        // maintenance a failed clean step puts the node in).
        await client.nodes.unsetMaintenance(uuid);
        await client.nodes.setProvisionState(uuid, 'manage');
        await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
        await client.nodes.patch(uuid, [{ op: 'replace', path: '/automated_clean', value: false }]);
        await attempt('provide without cleaning', 'provide', 'available');
        await client.nodes.patch(uuid, [{ op: 'replace', path: '/automated_clean', value: true }]);
      }
    } else if ((await state()) !== 'active') {
      await ensureState('available');
      await setInstance({
        image_source: 'images/disk.raw',
        image_disk_format: 'raw',
        image_os_hash_algo: 'sha256',
        image_os_hash_value: image.rawSha256,
      });
      await attempt('deploy raw', 'active', 'active');
    }
    const now = await state();
    if (now !== want) throw new Error(`this scenario needs the node ${want}, and recovery left it in "${now}" (see the scenarios above)`);
  }

  before(async function () {
    this.timeout(15 * MINUTE); // a first build downloads the kernel and builds the agent
    const ramdisk = buildRamdisk();
    image = ensureTestImage();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-deploy-'));
    images = await startImageServer(path.dirname(image.raw));
    const started = await startLabTyr({
      dataDir: path.join(work, 'data'),
      ramdisk,
      files: { 'images/disk.raw': image.raw, 'images/disk.qcow2': image.qcow2 },
    });
    tyr = started.tyr;
    client = new TyrClient({ url: tyr.url });
    lab = await labFor(started, path.join(work, 'lab'), { nodes: 1 });
    node = lab.nodes[0]!;
    uuid = node.uuid!;
    // The lab enrolls nodes without automated cleaning, so provide goes straight to available;
    // undeploy must clean, so it is switched on afterwards.
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });
    await client.nodes.patch(uuid, [{ op: 'replace', path: '/automated_clean', value: true }]);
  });

  after(async function () {
    // Only what this file started: the lab's ipmi_sim and QEMU, the image server, the Tyr child.
    if (lab) await labDown(lab);
    await images?.close();
    await tyr?.kill();
    console.log(
      `\n      deploy e2e phase summary (wall time ${((Date.now() - e2eStart) / 1000).toFixed(0)} s):\n${summary.map((l) => `      ${l}`).join('\n')}`,
    );
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed');
    if (failed || process.env.TYR_E2E_KEEP) {
      fs.writeFileSync(path.join(work, 'tyr.log'), tyr?.output() ?? '');
      console.log(`      kept ${work} (tyr.log, console log, BMC and Tyr data) for inspection`);
    } else if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it("1. deploys a raw image (served by Tyr's boot server) → active; the machine boots it from disk", async () => {
    await ensureState('available');
    expect(isZero(mbrPartitionEntries(node.disk)), 'the disk starts blank').to.equal(true);
    await setInstance({
      image_source: 'images/disk.raw',
      image_disk_format: 'raw',
      image_os_hash_algo: 'sha256',
      image_os_hash_value: image.rawSha256,
    });
    const before = markers();
    const { node: n, watch } = await provision('1. deploy raw', 'active', 'active');
    expect(watch.statesSeen(), 'states').to.include.members(['wait call-back', 'deploying', 'active']);
    expect(n.driver_internal_info.root_device, 'root device recorded').to.equal('/dev/vda');
    await instanceBoots(before, '1. raw');
    expectDiskIsImage();
  });

  it('4. undeploy → cleaning → available; the partition table is gone', async () => {
    await ensureState('active');
    const { watch } = await provision('4. undeploy + automated cleaning', 'deleted', 'available');
    expect(watch.statesSeen(), 'states').to.include.members(['cleaning', 'clean wait', 'available']);
    await until('the cleaned machine to be powered off', MINUTE, () => !vmRunning());
    expect(isZero(mbrPartitionEntries(node.disk)), 'MBR partition entries zeroed').to.equal(true);
    expect(isZero(readBytes(node.disk, 0, MIB)), 'first MiB zeroed (erase_devices_metadata)').to.equal(true);
    const size = fs.statSync(node.disk).size;
    expect(isZero(readBytes(node.disk, size - MIB, MIB)), 'last MiB zeroed').to.equal(true);
  });

  it('2. deploys a qcow2 image → active; the machine boots it, the disk holds the raw content', async () => {
    await ensureState('available');
    await setInstance({
      image_source: 'images/disk.qcow2',
      image_disk_format: 'qcow2',
      image_os_hash_algo: 'sha256',
      image_os_hash_value: image.qcow2Sha256,
    });
    const before = markers();
    await provision('2. deploy qcow2', 'active', 'active');
    await instanceBoots(before, '2. qcow2');
    expectDiskIsImage();
  });

  it('5. rescue → the rescue ramdisk offers a serial login with the rescue password → unrescue → the instance boots again', async () => {
    await ensureState('active');
    const consoleFrom = consoleText().length;
    await provision('5a. rescue', 'rescue', 'rescue', { rescue_password: RESCUE_PASSWORD });
    await until('a login prompt on the serial console', 2 * MINUTE, () => /login:/.test(consoleText().slice(consoleFrom)), {
      diagnostics: consoleTail,
    });
    const transcript = await serialLogin(node.serialPort, 'rescue', RESCUE_PASSWORD, 'id; cat /proc/cmdline');
    expect(transcript, 'logged in as rescue').to.match(/uid=\d+\(rescue\)/);
    expect(transcript, 'in the rescue ramdisk').to.contain('tyr-mode=rescue');

    // The clear password is nowhere in the database; only its SHA-512 crypt hash.
    const db = new Database(path.join(work, 'data', 'tyr.sqlite'), { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT * FROM nodes WHERE uuid = ?').get(uuid) as Json;
    db.close();
    expect(JSON.stringify(row), 'node row').not.to.contain(RESCUE_PASSWORD);
    expect((JSON.parse(row.driver_internal_info as string) as Json).rescue_password_hash).to.match(/^\$6\$/);

    const before = markers();
    await provision('5b. unrescue', 'unrescue', 'active');
    await instanceBoots(before, '5b. unrescue');
    expectDiskIsImage();
  });

  it('3. a wrong checksum → deploy failed, last_error names the mismatch, the partition table is wiped', async () => {
    // From active (rebuild) the disk holds an instance; from available it is blank, and the raw
    // stream writes the image's partition table before the checksum can be known: either way an
    // empty table afterwards means the agent wiped it.
    const verb: ProvisionVerb = (await get()).provision_state === 'active' ? 'rebuild' : 'active';
    if (verb === 'active') await ensureState('available');
    const wrong = crypto.createHash('sha256').update('not the image').digest('hex');
    await setInstance({
      image_source: 'images/disk.raw',
      image_disk_format: 'raw',
      image_os_hash_algo: 'sha256',
      image_os_hash_value: wrong,
    });
    const { node: n } = await provision(`3. ${verb} with a wrong checksum`, verb, 'deploy failed');
    console.log(`      last_error: ${n.last_error}`);
    expect(n.last_error, 'last_error')
      .to.match(/checksum|hash/i)
      .and.to.match(/mismatch|does not match|expected/i);
    expect(n.last_error.includes(wrong) || n.last_error.includes(image.rawSha256), 'names the expected or actual hash').to.equal(true);
    expect(isZero(mbrPartitionEntries(node.disk)), 'MBR partition entries wiped').to.equal(true);
    // The image was written past the first MiB before the mismatch showed: the wipe, not a
    // missing write, emptied the table.
    expect(readBytes(node.disk, MIB, 4096).equals(readBytes(image.raw, MIB, 4096)), 'image data after the first MiB').to.equal(true);
  });

  it('6. the image server drops the connection mid-download → the agent resumes with Range; the deploy succeeds', async () => {
    const n0 = await get();
    if (n0.provision_state !== 'deploy failed') await ensureState('available');
    const dropAfter = 12 * MIB;
    images!.requests.length = 0;
    images!.dropOnce('disk.raw', dropAfter);
    await setInstance({
      image_source: `http://10.0.2.2:${images!.port}/disk.raw`,
      image_disk_format: 'raw',
      image_os_hash_algo: 'sha256',
      image_os_hash_value: image.rawSha256,
    });
    const before = markers();
    await provision('6. deploy through a dropped connection', 'active', 'active');
    const gets = images!.requests.filter((r) => r.method === 'GET');
    console.log(
      `      image server requests: ${gets.map((r) => `${r.range ?? 'full'} → ${r.status}, ${r.bytesSent} B${r.dropped ? ' (dropped)' : ''}`).join('; ')}`,
    );
    expect(gets[0]?.dropped, 'the first download was cut off').to.equal(true);
    const resumed = gets.find((r) => r.status === 206);
    expect(resumed, 'a Range request after the drop').to.not.equal(undefined);
    const from = Number(/^bytes=(\d+)-/.exec(resumed!.range!)![1]);
    expect(from, 'resumed after what it had, not from 0').to.be.above(0).and.at.most(dropAfter);
    await instanceBoots(before, '6. resumed');
    expectDiskIsImage();
  });
});
