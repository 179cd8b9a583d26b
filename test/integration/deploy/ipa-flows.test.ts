// The conductor driving a stock ironic-python-agent: deploy (whole-disk, and partition with a
// config drive on UEFI), automated cleaning, rescue, and a failure that lands in last_error
// with the ramdisk's logs kept. Real parts: the in-process Tyr (API, conductor, SQLite), ipmitool
// against ipmi_sim. IPA cannot be installed here (not in Debian 12, not on npm), so the test
// plays its ramdisk: it looks the node up and heartbeats as IPA 9.4 does (agent_version
// "9.4.1"), and test/helpers/ipa-command-api.ts STANDS IN for IPA's command API with IPA's own
// answers, statuses and error bodies.
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { startIpaCommandApi, type IpaCommandApi } from '../../helpers/ipa-command-api.js';
import { availableIpmiNode, QUICK_AGENT_FLOWS, setInstanceInfo } from '../../helpers/ipmi-node.js';

const MAC = '52:54:00:1a:9a:01';
const IPA_VERSION = '9.4.1';
const IMAGE = {
  image_source: 'http://images.example/focal.raw',
  image_os_hash_algo: 'sha512',
  image_os_hash_value: 'cd'.repeat(64),
  image_disk_format: 'raw',
};

describe('the conductor drives a stock ironic-python-agent (ipmi_sim, IPA command API stand-in)', function () {
  this.timeout(120_000);
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let ipa: IpaCommandApi;
  let uuid: string;

  const node = async () => (await client.nodes.get(uuid)) as Record<string, any>;
  const waitFor = async (state: string) =>
    (await client.nodes.waitForProvisionState(uuid, state, { timeoutMs: 30_000, pollIntervalMs: 100 })) as Record<string, any>;

  /** IPA's start: lookup (its token), then a heartbeat naming its version. */
  async function ipaBoots(state: string): Promise<void> {
    await waitFor(state);
    ipa.restart();
    ipa.requests.length = 0;
    const lookup = await api.call('GET', `/v1/lookup?addresses=${MAC}`);
    expect(lookup.status, lookup.message).to.equal(200);
    ipa.token = lookup.body.config.agent_token;
    const hb = await api.call('POST', `/v1/heartbeat/${uuid}`, {
      callback_url: ipa.url,
      agent_token: ipa.token,
      agent_version: IPA_VERSION,
    });
    expect(hb.status, hb.message).to.equal(202);
  }

  const setInfo = (fields: Record<string, unknown>) => setInstanceInfo(client, uuid, fields);

  /** Every command request carried the token in the query, never in a header. */
  function expectTokenInQueryOnly(): void {
    const commandRequests = ipa.requests.filter((r) => r.path.startsWith('/v1/commands'));
    expect(commandRequests).not.to.have.length(0);
    for (const r of commandRequests) {
      expect(r.query.agent_token, `${r.method} ${r.path}`).to.equal(ipa.token);
      expect(r.headers['x-agent-token'], `${r.method} ${r.path}`).to.equal(undefined);
    }
  }

  async function cleanToAvailable(): Promise<void> {
    await client.nodes.setProvisionState(uuid, 'deleted');
    await ipaBoots('clean wait');
    await waitFor('available');
  }

  before(async () => {
    bmc = await startBmc();
    ipa = await startIpaCommandApi();
    api = await startApi(QUICK_AGENT_FLOWS);
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const created = await availableIpmiNode(
      client,
      { name: 'ipa-node', driver_info: { ...bmc.driverInfo(), deploy_kernel: 'ipa.kernel', deploy_ramdisk: 'ipa.initramfs' } },
      MAC,
    );
    uuid = created.uuid;
    await client.nodes.patch(uuid, [{ op: 'add', path: '/automated_clean', value: true }]);
  });
  afterEach(() => ipa.resetSteps());
  after(async () => {
    await api?.stop();
    await ipa?.stop();
    await bmc?.stop();
  });

  it("deploys a whole-disk image: IPA's write_image deploy step polled to the end, partition UUIDs read, UEFI boot entry installed, powered off by the agent → active", async () => {
    await setInfo(IMAGE);
    await client.nodes.setProvisionState(uuid, 'active');
    await ipaBoots('wait call-back');
    const active = await waitFor('active');

    expect(ipa.names()).to.deep.equal([
      'deploy.get_deploy_steps',
      'deploy.execute_deploy_step',
      'standby.get_partition_uuids',
      // UEFI, the default boot mode: Ironic's configure_local_boot asks a whole disk for its boot entry too.
      'image.install_bootloader',
      'standby.power_off',
    ]);
    expect(ipa.paramsOf('image.install_bootloader')).to.include({ target_boot_mode: 'uefi', efi_system_part_uuid: null });
    const run = ipa.paramsOf('deploy.execute_deploy_step')!;
    expect(run.step).to.deep.include({ interface: 'deploy', step: 'write_image' });
    expect(run.step.args.configdrive).to.equal(null);
    expect(run.deploy_version).to.deep.equal(ipa.managerVersion);
    expect(run.node).to.include({ uuid });
    const info = run.step.args.image_info;
    expect(info).to.include({
      id: uuid,
      node_uuid: uuid,
      disk_format: 'raw',
      container_format: 'bare',
      os_hash_algo: 'sha512',
      os_hash_value: IMAGE.image_os_hash_value,
      stream_raw_images: true,
      image_type: 'whole-disk',
    });
    expect(info.urls).to.deep.equal([IMAGE.image_source]);
    // The async pattern: started with wait=false, then GET /v1/commands/<id> until not RUNNING.
    const post = ipa.requests.find((r) => r.name === 'deploy.execute_deploy_step')!;
    expect(post.query.wait).to.equal('false');
    expect(ipa.requests.filter((r) => r.method === 'GET' && /^\/v1\/commands\/[0-9a-f-]{36}$/.test(r.path))).not.to.have.length(0);
    // power_off is asynchronous in IPA: sent without waiting, as Ironic sends it.
    expect(ipa.requests.find((r) => r.name === 'standby.power_off')!.query.wait).to.equal('false');
    expectTokenInQueryOnly();

    expect(active.driver_internal_info).to.include({ is_whole_disk_image: true, root_uuid_or_disk_id: '0x8f3ce1d2' });
    expect(active.driver_internal_info.agent_version).to.equal(IPA_VERSION);
    expect(active.power_state).to.equal('power on');
    expect(bmc.bootDevice()).to.equal('default');
  });

  it("cleans automatically: get_clean_steps, then erase_devices_metadata with the agent's clean_version → available", async () => {
    await client.nodes.setProvisionState(uuid, 'deleted');
    await ipaBoots('clean wait');
    const available = await waitFor('available');
    expect(ipa.names()).to.deep.equal(['clean.get_clean_steps', 'clean.execute_clean_step']);
    const params = ipa.paramsOf('clean.execute_clean_step')!;
    expect(params.step).to.include({ step: 'erase_devices_metadata', interface: 'deploy', priority: 99 });
    expect(params.clean_version).to.deep.equal(ipa.managerVersion);
    expect(params.node).to.include({ uuid });
    expect(params.ports).to.deep.equal([]);
    expectTokenInQueryOnly();
    expect(available.power_state).to.equal('power off');
  });

  it('an IPA without the write_image deploy step: a partition image with a config drive on UEFI through prepare_image, then install_bootloader → active', async () => {
    ipa.deploySteps = [];
    await setInfo({ ...IMAGE, image_type: 'partition', root_gb: 10, swap_mb: 512, deploy_boot_mode: 'uefi' });
    await client.nodes.setProvisionState(uuid, 'active', {
      configdrive: { meta_data: { hostname: 'ipa-partition' }, user_data: '#cloud-config\n' },
    });
    await ipaBoots('wait call-back');
    const active = await waitFor('active');

    expect(ipa.names()).to.deep.equal([
      'deploy.get_deploy_steps',
      'standby.prepare_image',
      'standby.get_partition_uuids',
      'image.install_bootloader',
      'standby.power_off',
    ]);
    const prepare = ipa.paramsOf('standby.prepare_image')!;
    expect(prepare.image_info).to.include({
      image_type: 'partition',
      root_mb: 10240,
      swap_mb: 512,
      ephemeral_mb: 0,
      preserve_ephemeral: false,
      deploy_boot_mode: 'uefi',
      boot_option: 'local',
    });
    // The config drive goes beside image_info (IPA ≥ 8) and inside it (older IPAs), as Ironic sends it.
    expect(prepare.configdrive).to.be.a('string').and.equal(prepare.image_info.configdrive);
    expect(ipa.paramsOf('image.install_bootloader')).to.deep.equal({
      root_uuid: '6f2e1a04-5b3c-4d2e-9f10-0a1b2c3d4e5f',
      efi_system_part_uuid: 'C3A1-9B2F',
      prep_boot_part_uuid: null,
      target_boot_mode: 'uefi',
    });
    expect(active.driver_internal_info).to.include({
      is_whole_disk_image: false,
      root_uuid_or_disk_id: '6f2e1a04-5b3c-4d2e-9f10-0a1b2c3d4e5f',
      efi_system_partition_uuid: 'C3A1-9B2F',
    });
    await cleanToAvailable(); // which clears instance_info, the partition layout with it
  });

  it("IPA's checksum error fails the deploy with its message, naming node and command; the ramdisk logs are kept", async () => {
    const details = `Image failed to verify against checksum. location: /tmp/${uuid}; image ID: ${uuid}; image checksum: ${IMAGE.image_os_hash_value}; verification checksum: 0badc0de`;
    ipa.failures.set('standby.prepare_image', {
      type: 'ImageChecksumError',
      code: 500,
      message: 'Error verifying image checksum',
      details,
    });
    try {
      await setInfo(IMAGE);
      await client.nodes.setProvisionState(uuid, 'active');
      await ipaBoots('wait call-back');
      const failed = await waitFor('deploy failed');
      expect(failed.last_error)
        .to.contain('Deploy failed')
        .and.contain(`Command deploy.execute_deploy_step failed on the agent of node ${uuid}`)
        .and.contain(`Error verifying image checksum (${details})`);
      expect(ipa.names()).to.deep.equal(['deploy.get_deploy_steps', 'deploy.execute_deploy_step', 'log.collect_system_logs']);
      const dir = path.join(api.server.config.service.data_dir, 'deploy-logs');
      const kept = fs.readdirSync(dir).filter((f) => f.startsWith(`${uuid}_`) && f.endsWith('.tar.gz'));
      expect(kept).to.have.length(1);
      expect(gunzipSync(fs.readFileSync(path.join(dir, kept[0]!))).toString()).to.equal(ipa.logText);
      expect(fs.statSync(path.join(dir, kept[0]!)).mode & 0o077).to.equal(0);
    } finally {
      ipa.failures.clear();
    }
    await cleanToAvailable();
  });

  it('a clean step IPA does not offer fails cleaning with the steps it does offer', async () => {
    // As an IPA whose hardware managers leave erase_devices out (a vendor manager's choice).
    ipa.cleanSteps = ipa.cleanSteps.filter((s) => s.step !== 'erase_devices');
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
    await client.nodes.setProvisionState(uuid, 'clean', { clean_steps: [{ interface: 'deploy', step: 'erase_devices' }] });
    await ipaBoots('clean wait');
    const failed = await waitFor('clean failed');
    expect(failed.last_error)
      .to.contain(`node ${uuid} does not offer the clean step deploy.erase_devices;`)
      .and.contain('deploy.erase_devices_metadata');
    expect(ipa.names()).to.deep.equal(['clean.get_clean_steps', 'log.collect_system_logs']);
    // A step was running, so, as in Ironic, the node is held out of scheduling until repaired.
    expect([failed.maintenance, failed.fault]).to.deep.equal([true, 'clean failure']);
    await client.nodes.unsetMaintenance(uuid);
    expect((await client.nodes.get(uuid)).fault).to.equal(null);
    await client.nodes.setProvisionState(uuid, 'manage');
    await waitFor('manageable');
    await client.nodes.setProvisionState(uuid, 'provide');
    await ipaBoots('clean wait');
    await waitFor('available');
  });

  it('rescues: finalize_rescue gets the SHA-512 crypt hash with hashed=true, token in the query → rescue', async () => {
    await setInfo(IMAGE);
    await client.nodes.setProvisionState(uuid, 'active');
    await ipaBoots('wait call-back');
    await waitFor('active');
    await client.nodes.setProvisionState(uuid, 'rescue', { rescue_password: 'Rescue-Me-IPA-9' });
    await ipaBoots('rescue wait');
    await waitFor('rescue');
    expect(ipa.names()).to.deep.equal(['rescue.finalize_rescue']);
    const { rescue_password: hash, hashed } = ipa.paramsOf('rescue.finalize_rescue')!;
    expect(hashed).to.equal(true);
    expect(hash).to.match(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
    expectTokenInQueryOnly();
    await client.nodes.setProvisionState(uuid, 'unrescue');
    await waitFor('active');
    expect((await node()).power_state).to.equal('power on');
  });
});
