// The redfish-virtual-media boot interface driven through the REST API, the whole server
// in-process, the BMC the lab Redfish simulator (memory mode, HTTPS). A deploy with the agent's
// deploy interface stops in "wait call-back" (no machine runs the ramdisk here), which is where
// the ISO must be inserted: the simulator downloads it from Tyr's HTTP boot server as a BMC
// would, and the test reads that same ISO back. Undeploying ejects it and deletes it.
import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../../client/index.js';
import { httpBootRoot } from '../../../core/boot/http-root.js';
import { startRedfishSim, type RedfishSim } from '../../bench/lab/redfish-sim/index.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { requireTool } from '../../helpers/tools.js';
import { isoFile, isoFiles, isoIsBootable, isoLabel, staticPlan } from '../../helpers/vmedia-iso.js';
import { QUICK_REDFISH } from './helpers.js';

describe('redfish-virtual-media boot through the API (tyr-redfish-sim)', function () {
  this.timeout(60000);
  let sim: RedfishSim;
  let api: ApiHarness;
  let client: TyrClient;
  let uuid: string;
  let work: string;
  let bootRoot: string;
  const plan = staticPlan('52:54:00:12:34:56', '198.51.100.20', '198.51.100.1');

  before(async () => {
    requireTool('xorriso');
    requireTool('isoinfo');
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-vmedia-api-'));
    sim = await startRedfishSim();
    // No CD GRUB where the config says: UEFI nodes are refused (the last test); BIOS ones boot isolinux.
    api = await startApi({ ...QUICK_REDFISH, boot: { grub_cd_efi: path.join(work, 'no-gcdx64.efi.signed') } });
    client = new TyrClient({ url: api.url, apiVersion: 'latest' });
    bootRoot = httpBootRoot(api.server.config);
    fs.mkdirSync(path.join(bootRoot, 'agent'), { recursive: true });
    fs.writeFileSync(path.join(bootRoot, 'agent', 'tyr.kernel'), crypto.randomBytes(64 * 1024));
    fs.writeFileSync(path.join(bootRoot, 'agent', 'tyr.initramfs'), crypto.randomBytes(256 * 1024));
    const node = await client.nodes.create({
      driver: 'redfish',
      name: 'rf-vmedia-node',
      boot_interface: 'redfish-virtual-media',
      deploy_interface: 'direct',
      automated_clean: false,
      network_data: plan,
      // BIOS: this API has no signed CD GRUB (UEFI ISOs: test/integration/boot/vmedia-uefi-iso.test.ts).
      properties: { capabilities: 'boot_mode:bios' },
      driver_info: { ...sim.driverInfo(), deploy_kernel: 'agent/tyr.kernel', deploy_ramdisk: 'agent/tyr.initramfs' },
      instance_info: {
        image_source: 'http://198.51.100.1/images/disk.raw',
        image_os_hash_algo: 'sha256',
        image_os_hash_value: 'ab'.repeat(32),
      },
    });
    uuid = node.uuid;
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 20000 });
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: 20000 });
  });
  after(async () => {
    await api?.stop();
    await sim?.stop();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('is offered by the redfish hardware type and validates', async () => {
    const node = await client.nodes.get(uuid);
    expect(node.boot_interface).to.equal('redfish-virtual-media');
    const v = await client.http.get<Record<string, { result: boolean; reason: string | null }>>(`/v1/nodes/${uuid}/validate`);
    expect(v.boot, JSON.stringify(v.boot)).to.deep.include({ result: true });
  });

  it('a UEFI node fails validate while the signed CD GRUB is missing, naming the file and the package', async () => {
    const setCapabilities = (value: string) =>
      api.call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'replace', path: '/properties/capabilities', value }], { version: '1.82' });
    expect((await setCapabilities('boot_mode:uefi')).status).to.equal(200);
    try {
      const v = await client.http.get<Record<string, { result: boolean; reason: string | null }>>(`/v1/nodes/${uuid}/validate`);
      expect(v.boot?.result, JSON.stringify(v.boot)).to.equal(false);
      expect(v.boot?.reason).to.include(uuid).and.include('no-gcdx64.efi.signed').and.include('grub-efi-amd64-signed');
    } finally {
      expect((await setCapabilities('boot_mode:bios')).status).to.equal(200);
    }
  });

  it('refuses a network_data the ramdisk cannot apply with a 400 naming the entry', async () => {
    const bad = { ...plan, networks: [{ id: 'n', type: 'ipv4', link: 'port9', ip_address: '198.51.100.20', netmask: '255.255.255.0' }] };
    const res = await api.call('PATCH', `/v1/nodes/${uuid}`, [{ op: 'replace', path: '/network_data', value: bad }], { version: '1.82' });
    expect(res.status).to.equal(400);
    expect(res.message).to.include('network_data.networks[0].link "port9" names no entry of links[]');
    expect((await client.nodes.get(uuid)).network_data).to.deep.equal(plan);
  });

  it('deploy: builds the ISO, the BMC fetches it from the boot server, boots from CD once; undeploy ejects and deletes it', async () => {
    await client.nodes.setProvisionState(uuid, 'active');
    const waiting = await client.nodes.waitForProvisionState(uuid, 'wait call-back', { timeoutMs: 30000 });
    expect(waiting.last_error ?? null).to.equal(null);

    const media = sim.state.media;
    expect(media.inserted).to.equal(true);
    expect(media.writeProtected).to.equal(true);
    const bootUrl = api.server.config.boot.public_url;
    expect(media.image).to.match(new RegExp(`^${bootUrl}/files/vmedia/${uuid}-[0-9a-f]+\\.iso$`));
    // A one-time override to the CD, which the deploy interface's restart used up: it booted the CD.
    expect(sim.state.bootOverride.target).to.equal('Cd');
    expect(sim.state.bootOverride.enabled).to.not.equal('Continuous');
    // In the node's target mode (its boot_mode:bios capability), though the BMC started in UEFI.
    expect(sim.state.bootOverride.mode).to.equal('Legacy');
    expect(sim.state.lastBoot?.target).to.equal('Cd');

    const res = await fetch(media.image!);
    expect(res.status).to.equal(200);
    const iso = path.join(work, 'node.iso');
    fs.writeFileSync(iso, Buffer.from(await res.arrayBuffer()));
    expect(media.bytes).to.equal(fs.statSync(iso).size);
    expect(await isoLabel(iso)).to.equal('config-2');
    expect(await isoIsBootable(iso)).to.equal(true);
    expect(await isoFiles(iso)).to.include.members([
      '/vmlinuz',
      '/initrd',
      '/isolinux/isolinux.cfg',
      '/openstack/latest/network_data.json',
    ]);
    const cfg = (await isoFile(iso, '/isolinux/isolinux.cfg', work)).toString();
    expect(cfg)
      .to.include(`ipa-api-url=${api.server.config.api.public_url}`)
      .and.include(`tyr-node-uuid=${uuid}`)
      .and.include('tyr-mode=deploy');
    expect(JSON.parse((await isoFile(iso, '/openstack/latest/network_data.json', work)).toString())).to.deep.equal(plan);

    await client.nodes.setProvisionState(uuid, 'deleted');
    const done = await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: 30000 });
    expect(done.last_error ?? null).to.equal(null);
    expect(sim.state.media.inserted).to.equal(false);
    expect(fs.readdirSync(path.join(bootRoot, 'vmedia')).filter((f) => f.startsWith(uuid))).to.deep.equal([]);
    expect((await fetch(media.image!)).status).to.equal(404);
  });

  it('fake deploy → active boots from disk with the CD ejected; rescue inserts a rescue-mode ISO', async () => {
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: 20000 });
    await client.nodes.patch(uuid, [
      { op: 'replace', path: '/deploy_interface', value: 'fake' },
      { op: 'replace', path: '/rescue_interface', value: 'agent' },
    ]);
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: 20000 });
    await client.nodes.setProvisionState(uuid, 'active');
    const active = await client.nodes.waitForProvisionState(uuid, 'active', { timeoutMs: 30000 });
    expect(active.last_error ?? null).to.equal(null);
    expect(sim.state.media.inserted).to.equal(false);
    expect(sim.state.bootOverride).to.deep.include({ target: 'Hdd', enabled: 'Continuous', mode: 'Legacy' });
    expect(fs.readdirSync(path.join(bootRoot, 'vmedia')).filter((f) => f.startsWith(uuid))).to.deep.equal([]);

    await client.nodes.setProvisionState(uuid, 'rescue', { rescue_password: 'vmedia-rescue-pw' });
    await client.nodes.waitForProvisionState(uuid, 'rescue wait', { timeoutMs: 30000 });
    expect(sim.state.media.inserted).to.equal(true);
    expect(sim.state.lastBoot?.target).to.equal('Cd');
    const iso = path.join(work, 'rescue.iso');
    fs.writeFileSync(iso, Buffer.from(await (await fetch(sim.state.media.image!)).arrayBuffer()));
    expect((await isoFile(iso, '/isolinux/isolinux.cfg', work)).toString()).to.include('tyr-mode=rescue');
  });
});
