// Deploy, undeploy with automated cleaning, manual cleaning and rescue of an ipmi node, driven
// by agent heartbeats. Real parts: the in-process Tyr (API, conductor, SQLite), ipmitool against
// ipmi_sim (fake chassis: no VM). The ramdisk agent cannot run here, so the test plays it: it
// looks the node up and heartbeats through the real HTTP endpoints, and deploy-agent.ts stands in
// for the agent's command API (the e2e tests run the real agent in QEMU).
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { httpBootRoot } from '../../../core/boot/http-root.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { availableIpmiNode, QUICK_AGENT_FLOWS, setInstanceInfo } from '../../helpers/ipmi-node.js';
import { until } from '../../helpers/until.js';
import { startDeployAgent, type DeployAgent } from './deploy-agent.js';

const MAC = '52:54:00:7e:de:01';
const PASSWORD = 'Rescue-Me-0xC0FFEE';
const IMAGE = {
  image_source: 'http://images.example/disk.raw',
  image_os_hash_algo: 'sha256',
  image_os_hash_value: 'ab'.repeat(32),
  image_disk_format: 'raw',
};

describe('deploy, cleaning and rescue through agent heartbeats (ipmi_sim, stand-in agent)', function () {
  this.timeout(120_000);
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let agent: DeployAgent;
  let uuid: string;

  const node = async () => (await client.nodes.get(uuid)) as Record<string, any>;
  const waitFor = async (state: string) =>
    (await client.nodes.waitForProvisionState(uuid, state, { timeoutMs: 30_000, pollIntervalMs: 100 })) as Record<string, any>;
  const heartbeat = (extra: Record<string, unknown> = {}) =>
    api.call('POST', `/v1/heartbeat/${uuid}`, {
      callback_url: agent.url,
      agent_token: agent.token,
      agent_version: '0.1.0',
      agent_status: 'start',
      ...extra,
    });

  /** What the ramdisk does after it booted: lookup (a fresh token per boot), then heartbeat. */
  async function agentBoots(state: string): Promise<void> {
    await waitFor(state);
    const lookup = await api.call('GET', `/v1/lookup?addresses=${MAC}`);
    expect(lookup.status, lookup.message).to.equal(200);
    agent.token = lookup.body.config.agent_token;
    expect(agent.token).to.have.length(43);
    const hb = await heartbeat();
    expect(hb.status, hb.message).to.equal(202);
  }

  const setImage = () => setInstanceInfo(client, uuid, IMAGE);

  async function deployToActive(): Promise<void> {
    await setImage();
    await client.nodes.setProvisionState(uuid, 'active');
    await agentBoots('wait call-back');
    await waitFor('active');
  }

  before(async () => {
    bmc = await startBmc();
    agent = await startDeployAgent();
    api = await startApi(QUICK_AGENT_FLOWS);
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const created = await availableIpmiNode(
      client,
      {
        name: 'deploy-node',
        driver_info: { ...bmc.driverInfo(), deploy_kernel: 'tyr.kernel', deploy_ramdisk: 'tyr.initramfs' },
        properties: { root_device: { size: '>= 4' } },
      },
      MAC,
    );
    uuid = created.uuid;
    expect(created.rescue_interface).to.equal('agent');
    await client.nodes.patch(uuid, [{ op: 'add', path: '/automated_clean', value: true }]);
  });
  after(async () => {
    await api?.stop();
    await agent?.stop();
    await bmc?.stop();
  });

  it('deploys: write_image with progress, config drive built from JSON, boot from disk → active', async () => {
    await setImage();
    agent.hold = true;
    await client.nodes.setProvisionState(uuid, 'active', {
      configdrive: { meta_data: { hostname: 'tyr-test' }, user_data: '#cloud-config\n', network_data: { links: [] } },
    });
    await agentBoots('wait call-back');
    await until('write_image to run', 20_000, async () => (await node()).deploy_step?.step === 'write_image', { intervalMs: 100 });
    expect((await node()).provision_state).to.equal('deploying');
    // The agent reports progress on its heartbeats while it writes; they are accepted while deploying.
    const hb = await heartbeat({ progress: { command: 'prepare_image', bytes_written: 524288, total_bytes: 1048576, mb_per_s: 12.5 } });
    expect(hb.status, hb.message).to.equal(202);
    const progress = (await node()).driver_internal_info.deploy_progress as Record<string, unknown>;
    expect(progress).to.include({ bytes_written: 524288, total_bytes: 1048576, mb_per_s: 12.5 });
    agent.hold = false;
    const active = await waitFor('active');

    expect(active.deploy_step).to.deep.equal({}); // Ironic shows an ended step as {} (issue 17)
    expect(active.power_state).to.equal('power on');
    expect(active.driver_internal_info.root_device).to.equal('/dev/vda');
    expect(active.driver_internal_info.agent_secret_token).to.equal(undefined);
    // The boot's token died with it: deploy → active voids it (401, not 409 or 202).
    const late = await heartbeat();
    expect(late.status, late.message).to.equal(401);
    expect(bmc.powerState()).to.equal('on');
    expect(bmc.bootDevice()).to.equal('default'); // ipmi_sim's name for "boot from disk"
    expect(agent.names()).to.deep.equal(['standby.prepare_image', 'standby.power_off']);

    const info = agent.received[0]!.params.image_info;
    expect(info).to.include({ disk_format: 'raw', os_hash_algo: 'sha256', os_hash_value: IMAGE.image_os_hash_value });
    expect(info.urls).to.deep.equal([IMAGE.image_source]);
    expect(info.root_device_hints).to.deep.equal({ size: '>= 4' });
    // The JSON document reached the agent as a gzip+base64 ISO9660 labelled config-2.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-cd-'));
    try {
      const iso = path.join(dir, 'cd.iso');
      fs.writeFileSync(iso, gunzipSync(Buffer.from(info.configdrive, 'base64')));
      expect(execFileSync('isoinfo', ['-d', '-i', iso], { encoding: 'utf8' })).to.match(/Volume id: config-2/);
      expect(execFileSync('isoinfo', ['-f', '-R', '-i', iso], { encoding: 'utf8' })).to.contain('/openstack/latest/meta_data.json');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('undeploys: powers off, the agent erases disk metadata in clean wait → available', async () => {
    agent.received.length = 0;
    await client.nodes.setProvisionState(uuid, 'deleted');
    await agentBoots('clean wait');
    const available = await waitFor('available');
    expect(agent.names()).to.deep.equal(['clean.execute_clean_step']);
    expect(agent.received[0]!.params.step).to.include({ step: 'erase_devices_metadata', interface: 'deploy', priority: 99 });
    expect(available.clean_step).to.deep.equal({});
    expect(available.power_state).to.equal('power off');
    expect(available.instance_info).to.deep.equal({});
    expect(bmc.powerState()).to.equal('off');
  });

  it('a checksum failure reported by the agent fails the deploy with its message and powers off', async () => {
    await setImage();
    agent.received.length = 0;
    agent.imageError = `Image checksum mismatch for ${IMAGE.image_source}: expected sha256 ${IMAGE.image_os_hash_value}, got 0123abcd`;
    await client.nodes.setProvisionState(uuid, 'active');
    await agentBoots('wait call-back');
    const failed = await waitFor('deploy failed');
    expect(failed.last_error).to.contain('Deploy failed').and.contain(agent.imageError);
    expect(failed.deploy_step).to.deep.equal({});
    expect(agent.names()).to.deep.equal(['standby.prepare_image']);
    await until('the BMC to report power off', 20_000, () => bmc.powerState() === 'off', { intervalMs: 100 });
    agent.imageError = undefined;
    // Torn down from there, it is cleaned like any other.
    await client.nodes.setProvisionState(uuid, 'deleted');
    await agentBoots('clean wait');
    await waitFor('available');
  });

  it('a malformed prepare_image result fails the deploy, naming the command and the field', async () => {
    await setImage();
    agent.imageResult = { root_device: ['/dev/vda'], bytes_written: 'a lot' };
    try {
      await client.nodes.setProvisionState(uuid, 'active');
      await agentBoots('wait call-back');
      const failed = await waitFor('deploy failed');
      expect(failed.last_error)
        .to.contain('Deploy failed')
        .and.contain(
          `standby.prepare_image on the agent of node ${uuid} returned a malformed result: root_device must be a string, got a list.`,
        );
    } finally {
      agent.imageResult = undefined;
    }
    // The failed deploy powers the node off while still holding it.
    await until('the node to be released', 60_000, async () => (await client.nodes.get(uuid)).reservation === null, { intervalMs: 200 });
    await client.nodes.setProvisionState(uuid, 'deleted');
    await agentBoots('clean wait');
    await waitFor('available');
  });

  it('UEFI (the default mode): the agent is told deploy_boot_mode, its uefi_boot lands in driver_internal_info and the history', async () => {
    const uefiBoot = { method: 'efibootmgr', loader: '\\EFI\\debian\\shimx64.efi', entry: 'Boot0004' };
    await setImage();
    agent.received.length = 0;
    agent.imageResult = {
      root_device: '/dev/vda',
      bytes_written: 1048576,
      seconds: 0.5,
      mb_per_s: 2,
      configdrive_partition: null,
      uefi_boot: uefiBoot,
    };
    try {
      await client.nodes.setProvisionState(uuid, 'active');
      await agentBoots('wait call-back');
      const active = await waitFor('active');
      expect(agent.received[0]!.params.image_info.deploy_boot_mode).to.equal('uefi');
      expect(active.driver_internal_info.uefi_boot).to.deep.equal(uefiBoot);
      const events = (await client.nodes.history(uuid)).map((h) => String(h.event));
      expect(events.filter((e) => e.startsWith('deploy step write_image done')).at(-1)).to.contain(
        'UEFI boot entry Boot0004 for \\\\EFI\\\\debian\\\\shimx64.efi, first in BootOrder',
      );
    } finally {
      agent.imageResult = undefined;
    }
    await client.nodes.setProvisionState(uuid, 'deleted');
    await agentBoots('clean wait');
    await waitFor('available');
  });

  it('BIOS (instance_info/deploy_boot_mode): the agent is told bios, and nothing of a UEFI deploy is kept', async () => {
    await setInstanceInfo(client, uuid, { ...IMAGE, deploy_boot_mode: 'bios' });
    agent.received.length = 0;
    await client.nodes.setProvisionState(uuid, 'active');
    await agentBoots('wait call-back');
    const active = await waitFor('active');
    expect(agent.received[0]!.params.image_info.deploy_boot_mode).to.equal('bios');
    expect(active.driver_internal_info.uefi_boot).to.equal(null);
    await client.nodes.setProvisionState(uuid, 'deleted');
    await agentBoots('clean wait');
    await waitFor('available');
  });

  it("an image in the boot root given without a checksum (a Glance UUID, as Nova's IronicDriver sends it): Tyr hashes it", async () => {
    const name = '5b1e0c7e-1f4a-4b8e-9d2a-3c6f7a8b9c0d';
    const bytes = Buffer.from('not really a disk image, but bytes the agent would verify\n'.repeat(1000));
    const root = httpBootRoot(api.server.config);
    fs.mkdirSync(root, { recursive: true });
    fs.writeFileSync(path.join(root, name), bytes);
    const bare = (source: string) => client.nodes.patch(uuid, [{ op: 'add', path: '/instance_info/image_source', value: source }]);

    // Neither a URL nor a file in the boot root can be deployed without a hash: refused up front.
    await bare('http://images.example/disk.raw');
    const url = await api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'active' }, { version: 'latest' });
    expect(url.status, url.message).to.equal(400);
    expect(url.message).to.contain('has no image checksum');
    await bare('no-such-image');
    const missing = await api.call('PUT', `/v1/nodes/${uuid}/states/provision`, { target: 'active' }, { version: 'latest' });
    expect(missing.status, missing.message).to.equal(400);
    expect(missing.message).to.contain('"no-such-image" has no checksum and is not an image in Tyr\'s boot root (no such file)');

    await bare(name);
    agent.received.length = 0;
    await client.nodes.setProvisionState(uuid, 'active');
    await agentBoots('wait call-back');
    await waitFor('active');
    const info = agent.received[0]!.params.image_info;
    expect(info.os_hash_algo).to.equal('sha256');
    expect(info.os_hash_value).to.equal(crypto.createHash('sha256').update(bytes).digest('hex'));
    expect(info.urls).to.have.length(1);
    expect(info.urls[0]).to.match(new RegExp(`/files/${name}$`));
    await client.nodes.setProvisionState(uuid, 'deleted');
    await agentBoots('clean wait');
    await waitFor('available');
  });

  it('runs manual clean steps on a manageable node → manageable', async () => {
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
    agent.received.length = 0;
    await client.nodes.setProvisionState(uuid, 'clean', {
      clean_steps: [{ interface: 'deploy', step: 'erase_devices', args: { passes: 1 } }],
    });
    await agentBoots('clean wait');
    const done = await waitFor('manageable');
    expect(agent.received.map((c) => c.params.step)).to.deep.equal([
      { interface: 'deploy', step: 'erase_devices', priority: 0, args: { passes: 1 } },
    ]);
    expect(done.driver_internal_info.clean_steps).to.equal(undefined);
    expect(bmc.powerState()).to.equal('off');
    await client.nodes.setProvisionState(uuid, 'provide');
    await agentBoots('clean wait');
    await waitFor('available');
  });

  it('rescues with a SHA-512 crypt hash (never the clear password in the DB), then unrescues → active', async () => {
    await deployToActive();
    agent.received.length = 0;
    await client.nodes.setProvisionState(uuid, 'rescue', { rescue_password: PASSWORD });
    await agentBoots('rescue wait');
    expect(bmc.bootDevice()).to.equal('pxe');
    const rescued = await waitFor('rescue');
    expect(agent.names()).to.deep.equal(['rescue.finalize_rescue']);
    const { rescue_password: hash, hashed } = agent.received[0]!.params;
    expect(hashed).to.equal(true);
    expect(hash).to.match(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    // The hash is the password's: openssl computes the same with the same salt.
    const salt = hash.split('$')[2];
    expect(execFileSync('openssl', ['passwd', '-6', '-salt', salt, '-stdin'], { input: PASSWORD, encoding: 'utf8' }).trim()).to.equal(hash);
    expect(rescued.instance_info.rescue_password).to.equal(undefined);
    const dataDir = api.server.config.service.data_dir;
    for (const f of fs.readdirSync(dataDir).filter((n) => n.startsWith('tyr.sqlite'))) {
      expect(fs.readFileSync(path.join(dataDir, f)).includes(PASSWORD), `${f} holds the clear password`).to.equal(false);
    }

    await client.nodes.setProvisionState(uuid, 'unrescue');
    const active = await waitFor('active');
    expect(active.driver_internal_info.rescue_password_hash).to.equal(undefined);
    expect(bmc.bootDevice()).to.equal('default');
    expect(bmc.powerState()).to.equal('on');
  });

  // The real agent heartbeats the moment finalize_rescue ends, racing the rescuing → rescue
  // transition; a heartbeat that wrote its stale copy back left the boot's token and URL in
  // "rescue". The race is timing-dependent here (the deterministic reproduction, which fails on
  // the old code, is in test/integration/ramdisk-callbacks/lookup-heartbeat.test.ts); this is the whole flow.
  it('a heartbeat racing the end of a rescue leaves no agent token or URL in "rescue"', async () => {
    await client.nodes.setProvisionState(uuid, 'unrescue').catch(() => undefined);
    await waitFor('active');
    await client.nodes.setProvisionState(uuid, 'rescue', { rescue_password: PASSWORD });
    let racing = true;
    const storm: Promise<unknown>[] = [];
    agent.onCommand = (name) => {
      if (name !== 'rescue.finalize_rescue') return;
      // Heartbeats back to back until the node has left the agent states, as the agent's
      // command-ended heartbeat would, only many more of them to hit the window every time.
      const loop = async () => {
        while (racing) await heartbeat({ agent_status: null });
      };
      for (let i = 0; i < 4; i++) storm.push(loop());
    };
    try {
      await agentBoots('rescue wait');
      await waitFor('rescue');
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      racing = false;
      agent.onCommand = undefined;
      await Promise.all(storm);
    }
    const info = (await api.server.store.nodes.getByIdent(uuid)).driver_internal_info;
    expect(info).not.to.have.property('agent_secret_token');
    expect(info).not.to.have.property('agent_url');
    expect((await heartbeat()).status, "the boot's token is void in rescue").to.equal(401);
    await client.nodes.setProvisionState(uuid, 'unrescue');
    await waitFor('active');
  });

  it('a rescue that times out → rescue failed with last_error; unrescue still works', async () => {
    await client.nodes.setProvisionState(uuid, 'rescue', { rescue_password: PASSWORD });
    await waitFor('rescue wait');
    const timeout = api.server.config.conductor.rescue_callback_timeout;
    expect(await api.server.conductor.checkWaitTimeouts(Date.now() + (timeout + 5) * 1000)).to.equal(1);
    const failed = await node();
    expect(failed.provision_state).to.equal('rescue failed');
    expect(failed.last_error).to.contain('rescue ramdisk');
    await client.nodes.setProvisionState(uuid, 'unrescue');
    await waitFor('active');
    expect(bmc.bootDevice()).to.equal('default');
  });
});
