// PXE switching on a real BMC: before a node boots a ramdisk (deploy, clean) the conductor makes
// it PXE boot through ipmitool → ipmi_sim, powers it on and waits; the per-MAC iPXE script follows
// the node's state; abort powers the machine off. After a completed deploy the node boots from disk.
import { expect } from 'chai';
import { TyrClient } from '../../../client/index.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { availableIpmiNode, QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { until } from '../../helpers/until.js';
import { loadConfig } from '../../../core/config-load.js';
import type { BootInterface } from '../../../core/drivers/interfaces/boot.js';
import { IpxeBoot } from '../../../core/drivers/ipxe/boot.js';
import { IpmitoolManagement } from '../../../core/drivers/ipmitool/management.js';
import { nativeIpmiFactory } from '../../../core/drivers/ipmitool/native.js';
import { ipmiClientOverride } from '../../helpers/ipmi-client-choice.js';
import { IpmitoolResources } from '../../../core/drivers/ipmitool/resources.js';
import { testLogger } from '../../helpers/test-logger.js';

const MAC = '52:54:00:7e:aa:01';

describe('PXE switching through the conductor (ipmi_sim)', function () {
  this.timeout(90_000);
  let bmc: Bmc;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;

  const bootScript = async () => (await fetch(`http://127.0.0.1:${api.server.boot.httpPort}/boot/${MAC}.ipxe`)).text();

  before(async () => {
    bmc = await startBmc();
    api = await startApi(QUICK_IPMI);
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    const node = await availableIpmiNode(client, { name: 'pxe-node', driver_info: bmc.driverInfo() }, MAC);
    uuid = node.uuid;
    expect(node.boot_interface).to.equal('ipxe');
    expect(node.deploy_interface).to.equal('direct');
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
  });

  it('refuses a deploy without an image or a deploy ramdisk, with 400 naming what to set', async () => {
    let err = await client.nodes.setProvisionState(uuid, 'active').catch((e: Error & { status?: number }) => e);
    expect((err as { status?: number }).status).to.equal(400);
    expect((err as Error).message).to.contain('deploy_kernel');
    await client.nodes.patch(uuid, [
      { op: 'add', path: '/driver_info/deploy_kernel', value: 'tyr.kernel' },
      { op: 'add', path: '/driver_info/deploy_ramdisk', value: 'tyr.initramfs' },
    ]);
    err = await client.nodes.setProvisionState(uuid, 'active').catch((e: Error) => e);
    expect((err as { status?: number }).status).to.equal(400);
    expect((err as Error).message).to.contain('image_source');
    expect((await client.nodes.get(uuid)).provision_state).to.equal('available');
  });

  it('sets PXE, powers on and waits for the agent; the boot script serves the deploy ramdisk', async () => {
    expect(await bootScript()).to.contain('echo Tyr: booting from local disk');
    await client.nodes.patch(uuid, [{ op: 'add', path: '/instance_info/image_source', value: 'http://images.example/disk.raw' }]);
    const err = await client.nodes.setProvisionState(uuid, 'active').catch((e: Error) => e);
    expect((err as { status?: number }).status).to.equal(400);
    expect((err as Error).message).to.contain('image checksum');
    await client.nodes.patch(uuid, [
      { op: 'add', path: '/instance_info/image_os_hash_algo', value: 'sha256' },
      { op: 'add', path: '/instance_info/image_os_hash_value', value: 'ab'.repeat(32) },
    ]);
    await client.nodes.setProvisionState(uuid, 'active');
    const node = await client.nodes.waitForProvisionState(uuid, 'wait call-back', { timeoutMs: 30_000 });
    expect(node.target_provision_state).to.equal('active');
    expect(bmc.bootDevice()).to.equal('pxe');
    expect(bmc.powerState()).to.equal('on');
    const script = await bootScript();
    expect(script).to.contain('/files/tyr.kernel').and.contain(`tyr-node-uuid=${uuid}`).and.contain('tyr-mode=deploy');
  });

  it('abort fails the deploy with last_error and powers the machine off', async () => {
    await client.nodes.setProvisionState(uuid, 'abort');
    const node = await client.nodes.waitForProvisionState(uuid, 'deploy failed', { timeoutMs: 10_000 });
    expect(node.provision_state).to.equal('deploy failed');
    expect(node.last_error).to.contain('aborted by request');
    await until('the BMC to report power off', 20_000, () => bmc.powerState() === 'off', { intervalMs: 100 });
    expect(await bootScript()).to.contain('echo Tyr: booting from local disk');
  });

  it('manual cleaning also boots the ramdisk over PXE and waits', async () => {
    // A failed deploy is torn down (back to available, automated cleaning being off) first, once
    // the abort's power-off has let go of the node (a slow machine may still hold the lock).
    await until('the abort to release the node', 20_000, async () => (await client.nodes.get(uuid)).reservation === null, {
      intervalMs: 100,
    });
    await client.nodes.setProvisionState(uuid, 'deleted');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: 20_000 });
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 20_000 });
    expect(bmc.powerState()).to.equal('off');
    await client.nodes.setProvisionState(uuid, 'clean', { clean_steps: [{ interface: 'deploy', step: 'erase_devices_metadata' }] });
    await client.nodes.waitForProvisionState(uuid, 'clean wait', { timeoutMs: 30_000 });
    expect(bmc.bootDevice()).to.equal('pxe');
    expect(bmc.powerState()).to.equal('on');
    expect(await bootScript()).to.contain('tyr-mode=deploy');
    await client.nodes.setProvisionState(uuid, 'abort');
    await until('the BMC to report power off', 20_000, () => bmc.powerState() === 'off', { intervalMs: 100 });
    expect((await client.nodes.get(uuid)).provision_state).to.equal('clean failed');
  });
});

describe('ipxe boot interface (ipmi_sim)', function () {
  this.timeout(30_000);
  let bmc: Bmc;
  let ipmitool: IpmitoolResources | undefined;
  after(async () => {
    await bmc?.stop();
    await ipmitool?.close();
  });

  it('makes the machine PXE boot for a ramdisk and boot from disk for the instance, persistently', async () => {
    bmc = await startBmc();
    const config = loadConfig({ env: {}, overrides: { ipmi: { min_command_interval_ms: 20, ...ipmiClientOverride() } } });
    ipmitool = new IpmitoolResources(config, undefined, nativeIpmiFactory);
    const management = new IpmitoolManagement(ipmitool.client());
    const node = {
      uuid: '00000000-0000-4000-8000-0000000000aa',
      driver_info: bmc.driverInfo(),
      instance_info: {},
      properties: {},
      boot_mode: null,
    };
    const ctx = { node, config, log: testLogger(), driver: { management } } as never;
    const boot: BootInterface = new IpxeBoot();
    await boot.prepareRamdisk(ctx, 'deploy');
    expect(bmc.bootDevice()).to.equal('pxe');
    await boot.prepareInstance(ctx);
    expect(bmc.bootDevice()).to.equal('default');
  });
});
