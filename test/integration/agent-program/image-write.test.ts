// The REAL agent executable writing images through its command API, on this host: the disks it
// may touch are two loop devices (TYR_AGENT_DISKS, test-only), images come from a loopback HTTP
// server with failure modes, the core is the stand-in of fake-core.ts (the real core's agent
// endpoints are tested on their own; here the agent is under test).
import { expect } from 'chai';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { agentProcessEnv } from './agent-process-env.js';
import os from 'node:os';
import path from 'node:path';
import { buildAgent } from '../../../agent/build/build-agent.js';
import { pinnedFetch } from '../../helpers/pinned-fetch.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { until } from '../../helpers/until.js';
import { startFakeCore, type FakeCore } from './fake-core.js';
import { fill, makeImages, readBytes, sha256, type ImageFixtures } from './image-fixtures.js';
import { startImageServer, type ImageServer } from './image-server.js';
import { LoopDevices } from './loop-devices.js';
import { makeUefiImage } from '../../helpers/uefi-disk-image.js';

const NODE = { uuid: randomUUID(), name: 'image-host' };
const TOKEN = randomBytes(32).toString('base64url');
const MiB = 2 ** 20;
// The rescue password the conductor would send: SHA-512 crypt of "tyr-rescue".
const RESCUE_HASH = execFileSync('openssl', ['passwd', '-6', '-salt', 'tyrsalt', 'tyr-rescue'], { encoding: 'utf8' }).trim();

describe('agent program: image writing, cleaning and rescue (real executable, loop devices)', function () {
  this.timeout(300_000);
  let dir: string;
  const loops = new LoopDevices(os.tmpdir());
  let small: string; // 96 MiB
  let large: string; // 1.5 GiB, sparse
  let images: ImageFixtures;
  /** Whole-disk GPT images for UEFI deploys: Debian's ESP layout, shim without fallback, no ESP. */
  const uefi = { debian: '', vendorOnly: '', noEsp: '' };
  let server: ImageServer;
  let core: FakeCore | undefined;
  let agent: ChildProcess | undefined;
  let base = '';
  let output = '';
  /** Trusts only the certificate the agent's heartbeat sent, as the conductor does. */
  let agentFetch: ReturnType<typeof pinnedFetch>;

  const command = async (name: string, params: Record<string, unknown>): Promise<Record<string, any>> => {
    const res = await agentFetch(`${base}/v1/commands/?wait=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Agent-Token': TOKEN },
      body: JSON.stringify({ name, params }),
    });
    return { httpStatus: res.status, ...((await res.json()) as Record<string, unknown>) };
  };
  const imageInfo = (file: string, url: string, extra: Record<string, unknown> = {}) => ({
    image_info: { id: 'img', urls: [url], disk_format: 'raw', os_hash_algo: 'sha256', os_hash_value: sha256(file), ...extra },
  });

  before(async function () {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-agent-image-'));
    try {
      small = loops.attach(`tyr-small-${process.pid}`, 96 * MiB);
      large = loops.attach(`tyr-large-${process.pid}`, 1536 * MiB);
    } catch (err) {
      loops.detachAll();
      throw err;
    }
    images = makeImages(dir);
    uefi.debian = path.join(dir, 'uefi-debian.img');
    makeUefiImage(uefi.debian, { espFiles: ['EFI/debian/shimx64.efi', 'EFI/debian/grubx64.efi', 'EFI/BOOT/BOOTX64.EFI'] });
    uefi.vendorOnly = path.join(dir, 'uefi-vendor-only.img');
    makeUefiImage(uefi.vendorOnly, { espFiles: ['EFI/debian/shimx64.efi', 'EFI/debian/grubx64.efi'] });
    uefi.noEsp = path.join(dir, 'uefi-no-esp.img');
    makeUefiImage(uefi.noEsp, { espFiles: null });
    server = await startImageServer({
      'disk.raw': images.raw,
      'disk.qcow2': images.qcow2,
      'overlay.qcow2': images.overlay,
      'uefi-debian.img': uefi.debian,
      'uefi-vendor-only.img': uefi.vendorOnly,
      'uefi-no-esp.img': uefi.noEsp,
    });
    const built = await buildAgent({ quiet: true });
    const corePort = await freeTcpPort();
    const agentPort = await freeTcpPort();
    base = `https://127.0.0.1:${agentPort}`;
    fs.writeFileSync(
      path.join(dir, 'cmdline'),
      `ipa-api-url=http://127.0.0.1:${corePort} tyr-mode=deploy tyr-node-uuid=${NODE.uuid} ipa-listen-port=${agentPort} ipa-advertise-host=127.0.0.1\n`,
    );
    fs.mkdirSync(path.join(dir, 'etc'));
    fs.writeFileSync(path.join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\n');
    core = await startFakeCore(corePort, NODE, TOKEN);
    agent = spawn(built.path, [], {
      env: agentProcessEnv(dir, {
        // Test-only overrides: the only disks it may touch, quick retries, files instead of /etc.
        TYR_AGENT_DISKS: `${small},${large}`,
        TYR_AGENT_DOWNLOAD_RETRY_MS: '50',
        TYR_AGENT_SCRATCH_DIR: dir,
        TYR_AGENT_PASSWD_FILE: path.join(dir, 'etc', 'passwd'),
        TYR_AGENT_SHADOW_FILE: path.join(dir, 'etc', 'shadow'),
        TYR_AGENT_GROUP_FILE: path.join(dir, 'etc', 'group'),
        TYR_AGENT_RESCUE_MARKER: path.join(dir, 'run', 'tyr-rescue'),
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    agent.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    await until('the first heartbeat', 60_000, () => core!.heartbeats.length >= 1, { diagnostics: () => output });
    agentFetch = pinnedFetch(core.heartbeats[0]!.agent_verify_ca as string);
  });

  after(async () => {
    if (agent?.pid && agent.exitCode === null && agent.signalCode === null) {
      agent.kill('SIGTERM');
      await until('the agent to exit', 5000, () => agent!.exitCode !== null || agent!.signalCode !== null).catch(() =>
        agent!.kill('SIGKILL'),
      );
    }
    await core?.close();
    await server?.close();
    loops.detachAll();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a raw image: the device holds the same bytes, the hash is verified, progress is heartbeated', async () => {
    core!.heartbeats.length = 0;
    const r = await command(
      'standby.prepare_image',
      imageInfo(images.raw, server.url('disk.raw', 'mode=slow'), { root_device_hints: { name: small } }),
    );
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    expect(r.command_result).to.include({ root_device: small, bytes_written: images.rawBytes, configdrive_partition: null });
    expect(r.command_result.image_checksum).to.deep.equal({ algo: 'sha256', value: sha256(images.raw) });
    expect(r.command_result.mb_per_s).to.be.greaterThan(0);
    expect(readBytes(small, 0, images.rawBytes).equals(fs.readFileSync(images.raw))).to.equal(true);
    const progress = core!.heartbeats.map((h) => h.progress as Record<string, number> | undefined).filter(Boolean);
    expect(progress.length, 'heartbeats with progress while the slow download ran').to.be.greaterThan(0);
    expect(progress[0])
      .to.include({ command: 'prepare_image' })
      .and.to.have.all.keys('command', 'bytes_written', 'total_bytes', 'mb_per_s');
  });

  it('writes a qcow2 image converted to raw with qemu-img', async () => {
    fill(large, 0, 4 * MiB, 0xff);
    const r = await command(
      'standby.prepare_image',
      imageInfo(images.qcow2, server.url('disk.qcow2'), { disk_format: 'qcow2', root_device_hints: { name: large } }),
    );
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    expect(r.command_result).to.include({ root_device: large, bytes_written: images.rawBytes });
    expect(readBytes(large, 0, images.rawBytes).equals(fs.readFileSync(images.raw))).to.equal(true);
    expect(
      fs.readdirSync(dir).filter((f) => f.startsWith('tyr-image-')),
      'scratch removed',
    ).to.deep.equal([]);
  });

  it('fails on a wrong checksum with expected and actual, and zeroes the device first MiB', async () => {
    const wrong = 'ab'.repeat(32);
    const r = await command(
      'standby.prepare_image',
      imageInfo(images.raw, server.url('disk.raw'), { os_hash_value: wrong, root_device_hints: { name: small } }),
    );
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error.type).to.equal('ImageChecksumError');
    expect(r.command_error.message).to.contain(`expected sha256 ${wrong}, got ${sha256(images.raw)}`);
    expect(readBytes(small, 0, MiB).equals(Buffer.alloc(MiB))).to.equal(true);
    expect(readBytes(small, 95 * MiB, MiB).equals(Buffer.alloc(MiB))).to.equal(true);
  });

  it('fails on a 404 naming the URL', async () => {
    const url = server.url('missing.raw');
    const r = await command('standby.prepare_image', imageInfo(images.raw, url, { root_device_hints: { name: small } }));
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error).to.include({ type: 'ImageDownloadError' });
    expect(r.command_error.message).to.equal(`HTTP 404 Not Found from ${url}`);
  });

  it('fails on a stream that never gets past a byte, after resumed attempts', async () => {
    const url = server.url('disk.raw', `mode=truncate&at=${10 * MiB}`);
    const r = await command('standby.prepare_image', imageInfo(images.raw, url, { root_device_hints: { name: small } }));
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error.type).to.equal('ImageTruncatedError');
    expect(r.command_error.message).to.contain(`truncated stream: received ${10 * MiB} of ${images.rawBytes} bytes`);
    expect(server.requests.filter((q) => q.range === `bytes=${10 * MiB}-`).length).to.be.greaterThan(1);
    expect(readBytes(small, 0, MiB).equals(Buffer.alloc(MiB))).to.equal(true);
  });

  it('refuses an image larger than the disk before writing', async () => {
    fill(small, 0, MiB, 0x5a);
    const bytes = 200 * MiB;
    const r = await command('standby.prepare_image', {
      image_info: {
        urls: [server.url(`virtual/${bytes}`)],
        disk_format: 'raw',
        os_hash_algo: 'sha256',
        os_hash_value: '0'.repeat(64),
        root_device_hints: { name: small },
      },
    });
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error).to.include({ type: 'ImageTooLargeError', message: `image is ${bytes} bytes, ${small} holds ${96 * MiB}` });
    expect(readBytes(small, 0, MiB).equals(Buffer.alloc(MiB)), 'wiped all the same').to.equal(true);
  });

  it('refuses a qcow2 with a backing file', async () => {
    const r = await command(
      'standby.prepare_image',
      imageInfo(images.overlay, server.url('overlay.qcow2'), { disk_format: 'qcow2', root_device_hints: { name: small } }),
    );
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error.type).to.equal('ImageFormatError');
    expect(r.command_error.message).to.match(/^refused: image has a backing file \(.*disk\.qcow2\)$/);
  });

  it('resumes with Range after a dropped connection and verifies the whole hash', async () => {
    const before = server.requests.length;
    const r = await command(
      'standby.prepare_image',
      imageInfo(images.raw, server.url('disk.raw', `mode=drop-once&at=${7 * MiB + 123}`), { root_device_hints: { name: small } }),
    );
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    expect(server.requests.slice(before).map((q) => q.range)).to.deep.equal([null, `bytes=${7 * MiB + 123}-`]);
    expect(readBytes(small, 0, images.rawBytes).equals(fs.readFileSync(images.raw))).to.equal(true);
  });

  it('adds the config drive as the last partition, at the end of the disk, with the ISO in it', async () => {
    const r = await command(
      'standby.prepare_image',
      imageInfo(images.raw, server.url('disk.raw'), { root_device_hints: { name: large }, configdrive: images.configdrive }),
    );
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    expect(r.command_result.configdrive_partition).to.equal(`${large}p2`);
    const table = JSON.parse(execFileSync('sfdisk', ['--json', large], { encoding: 'utf8' })).partitiontable;
    expect(table.label).to.equal('gpt');
    const part = table.partitions[1];
    expect(part.name).to.equal('config-2');
    const endBytes = (part.start + part.size) * 512;
    expect(1536 * MiB - endBytes).to.be.lessThan(MiB); // ends at the end of the disk (GPT backup after)
    expect(part.size * 512).to.be.within(64 * MiB, 65 * MiB); // 64 MiB, the start aligned to 1 MiB
    expect(readBytes(large, part.start * 512 + 0x8001, 5).toString('latin1')).to.equal('CD001');
    expect(readBytes(large, part.start * 512 + 0x8028, 8).toString('latin1')).to.equal('config-2');
    // A valid GPT whose backup sits at the end of the disk, not where the image ended.
    expect(execFileSync('sgdisk', ['-v', large], { encoding: 'utf8' })).to.match(/No problems found/);
    // The image's first partition is untouched (the GPT header itself changed: it names the new partition).
    expect(readBytes(large, MiB, 16 * MiB).equals(readBytes(images.raw, MiB, 16 * MiB))).to.equal(true);
  });

  // UEFI deploys on this host: efibootmgr is run for real and fails (no EFI variables: the host was
  // not booted by UEFI firmware), which is the agent's fallback case. A created entry is proven in
  // the lab's OVMF e2e tests; the entry logic in test/unit/agent/uefi-boot.test.ts.
  const uefiDeploy = (file: string, name: string, mode: 'uefi' | 'bios') =>
    command(
      'standby.prepare_image',
      imageInfo(file, server.url(name), { id: name, root_device_hints: { name: small }, deploy_boot_mode: mode }),
    );

  it('UEFI: writes a GPT image with an ESP, and with no EFI variables relies on \\EFI\\BOOT\\BOOTX64.EFI', async () => {
    const r = await uefiDeploy(uefi.debian, 'uefi-debian.img', 'uefi');
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    expect(r.command_result.uefi_boot).to.deep.equal({ method: 'fallback', loader: '\\EFI\\BOOT\\BOOTX64.EFI' });
    const written = fs.statSync(uefi.debian).size;
    expect(readBytes(small, 0, written).equals(fs.readFileSync(uefi.debian))).to.equal(true);
    expect(output).to.contain('no UEFI boot entry for \\EFI\\debian\\shimx64.efi');
  });

  it('UEFI: a vendor loader with no fallback and no EFI variables fails the deploy and wipes the disk', async () => {
    const r = await uefiDeploy(uefi.vendorOnly, 'uefi-vendor-only.img', 'uefi');
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error.type).to.equal('UefiBootError');
    expect(r.command_error.message).to.contain('image uefi-vendor-only.img').and.contain('\\EFI\\debian\\shimx64.efi');
    expect(readBytes(small, 0, MiB).equals(Buffer.alloc(MiB))).to.equal(true);
  });

  it('UEFI: an image without an ESP fails naming the image and the way out, and wipes the disk; BIOS writes it', async () => {
    const r = await uefiDeploy(uefi.noEsp, 'uefi-no-esp.img', 'uefi');
    expect(r.command_status).to.equal('FAILED');
    expect(r.command_error.type).to.equal('UefiBootError');
    expect(r.command_error.message).to.contain('image uefi-no-esp.img has no EFI system partition').and.contain('boot_mode bios');
    expect(readBytes(small, 0, MiB).equals(Buffer.alloc(MiB))).to.equal(true);
    const bios = await uefiDeploy(uefi.noEsp, 'uefi-no-esp.img', 'bios');
    expect(bios.command_status, JSON.stringify(bios.command_error)).to.equal('SUCCEEDED');
    expect(bios.command_result.uefi_boot).to.equal(null);
  });

  it('refuses a deploy_boot_mode other than uefi or bios with 400', async () => {
    const r = await command('standby.prepare_image', imageInfo(images.raw, server.url('disk.raw'), { deploy_boot_mode: 'legacy' }));
    expect(r.httpStatus).to.equal(400);
    expect(r.command_error.message).to.contain('image_info.deploy_boot_mode "legacy" is not uefi or bios');
  });

  it('chooses among two disks by root device hints, and refuses when none matches', async () => {
    const bySize = await command(
      'standby.prepare_image',
      imageInfo(images.raw, server.url('disk.raw'), { root_device_hints: { size: '>= 1' } }),
    );
    expect(bySize.command_result?.root_device).to.equal(large);
    const none = await command('standby.prepare_image', imageInfo(images.raw, server.url('disk.raw'), { root_device_hints: { size: 40 } }));
    expect(none.command_error).to.include({ type: 'RootDeviceError' });
    expect(none.command_error.message).to.contain('No disk matches root device hints').and.to.contain(small).and.to.contain(large);
    const noHints = await command('standby.prepare_image', imageInfo(images.raw, server.url('disk.raw')));
    expect(noHints.command_error.message).to.match(/No disk of at least 4 GiB/);
  });

  it('refuses bad image_info with 400 before starting', async () => {
    const r = await command('standby.prepare_image', {
      image_info: { urls: ['ftp://x'], os_hash_algo: 'sha256', os_hash_value: '0'.repeat(64) },
    });
    expect(r.httpStatus).to.equal(400);
    expect(r.command_error.message).to.match(/not an http\(s\) URL/);
  });

  it('erase_devices_metadata zeroes the first and last MiB of every disk', async () => {
    for (const [dev, size] of [
      [small, 96 * MiB],
      [large, 1536 * MiB],
    ] as const) {
      fill(dev, 0, MiB, 0xee);
      fill(dev, size - MiB, MiB, 0xee);
    }
    const step = { step: 'erase_devices_metadata', interface: 'deploy', priority: 99, args: {} };
    const r = await command('clean.execute_clean_step', { step, node: {}, ports: [] });
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    expect(r.command_result.clean_step).to.deep.equal(step);
    expect(r.command_result.clean_result.erased).to.deep.equal([small, large]);
    for (const [dev, size] of [
      [small, 96 * MiB],
      [large, 1536 * MiB],
    ] as const) {
      expect(readBytes(dev, 0, MiB).equals(Buffer.alloc(MiB)), `${dev} head`).to.equal(true);
      expect(readBytes(dev, size - MiB, MiB).equals(Buffer.alloc(MiB)), `${dev} tail`).to.equal(true);
    }
    const unknown = await command('clean.execute_clean_step', { step: { step: 'burn_it' } });
    expect(unknown.httpStatus).to.equal(400);
  });

  it('finalize_rescue writes the rescue user with the hash, leaves the marker, replies, then exits', async () => {
    const r = await command('rescue.finalize_rescue', { rescue_password: RESCUE_HASH, hashed: true });
    expect(r.command_status, JSON.stringify(r.command_error)).to.equal('SUCCEEDED');
    const etc = path.join(dir, 'etc');
    expect(fs.readFileSync(path.join(etc, 'passwd'), 'utf8')).to.match(
      /^root:x:0:0:root:\/root:\/bin\/sh\nrescue:x:1000:1000:[^:]*:\/home\/rescue:\/bin\/sh\n$/,
    );
    const shadow = fs.readFileSync(path.join(etc, 'shadow'), 'utf8');
    expect(shadow.split(':').slice(0, 2)).to.deep.equal(['rescue', RESCUE_HASH]);
    expect(shadow).to.not.contain('tyr-rescue');
    expect(fs.statSync(path.join(etc, 'shadow')).mode & 0o777).to.equal(0o600);
    expect(fs.existsSync(path.join(dir, 'run', 'tyr-rescue'))).to.equal(true);
    await until('the agent to exit', 10_000, () => agent!.exitCode !== null);
    expect(agent!.exitCode).to.equal(0);
    expect(output).to.contain('rescue finalized: stopping');
  });
});
