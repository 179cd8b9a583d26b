// The virtual-media ISO of a node, built by the real xorriso with Debian's isolinux and read back
// with xorriso: the El Torito boot record, the kernel and ramdisk, isolinux.cfg with Tyr's kernel
// command line, and the node's network_data in config-drive layout (label config-2). Also what
// the per-node cache does: reuse, rename on change, delete.
import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findConfigDrive, iso9660Label } from '../../../agent/config-drive.js';
import { bootIsoTools } from '../../../core/boot/vmedia/boot-iso.js';
import { prebuiltIsoUrl, prepareNodeIso, removeNodeIsos } from '../../../core/boot/vmedia/node-iso.js';
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import type { Store } from '../../../core/db/store.js';
import type { Node } from '../../../core/db/types.js';
import { freshStore } from '../../helpers/databases.js';
import { testLogger } from '../../helpers/test-logger.js';
import { requireTool } from '../../helpers/tools.js';
import { isoFile, isoFiles, isoIsBootable, isoLabel, staticPlan } from '../../helpers/vmedia-iso.js';

const STATIC_PLAN = staticPlan();

describe('virtual media: the node ISO (xorriso + isolinux)', function () {
  this.timeout(60_000);
  let store: Store;
  let config: Config;
  let dir: string;
  let root: string;
  const kernel = crypto.randomBytes(100_000);
  const ramdisk = crypto.randomBytes(300_000);
  const log = testLogger();

  const node = async (fields: Partial<Node> = {}) =>
    store.nodes.create({
      driver: 'fake-hardware',
      provision_state: 'deploying',
      driver_info: { deploy_kernel: 'ramdisk/tyr.kernel', deploy_ramdisk: 'ramdisk/tyr.initramfs', kernel_append_params: 'ipa-debug=1' },
      // BIOS nodes here (isolinux); UEFI ISOs are vmedia-uefi-iso.test.ts's.
      properties: { capabilities: 'boot_mode:bios' },
      ...fields,
    });

  before(async () => {
    requireTool('xorriso');
    store = await freshStore('sqlite');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-vmedia-iso-'));
    root = path.join(dir, 'boot');
    fs.mkdirSync(path.join(root, 'ramdisk'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ramdisk', 'tyr.kernel'), kernel);
    fs.writeFileSync(path.join(root, 'ramdisk', 'tyr.initramfs'), ramdisk);
    config = loadConfig({
      env: {},
      overrides: {
        service: { data_dir: dir },
        api: { public_url: 'http://192.0.2.1:6385' },
        boot: { public_url: 'http://192.0.2.1:8080' },
      },
    });
  });

  after(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('packs isolinux, the kernel and ramdisk, the kernel command line and network_data (label config-2)', async () => {
    const n = await node({ network_data: STATIC_PLAN });
    const iso = await prepareNodeIso({ node: n, config, log, purpose: 'deploy' });
    expect(iso.url).to.match(new RegExp(`^http://192\\.0\\.2\\.1:8080/files/vmedia/${n.uuid}-[0-9a-f]{20}\\.iso$`));
    const file = path.join(root, iso.file);
    expect(await isoLabel(file)).to.equal('config-2');
    expect(await isoIsBootable(file)).to.equal(true);
    const listing = await isoFiles(file);
    for (const f of [
      '/vmlinuz',
      '/initrd',
      '/isolinux/isolinux.bin',
      '/isolinux/ldlinux.c32',
      '/isolinux/isolinux.cfg',
      '/openstack/latest/network_data.json',
      '/openstack/latest/meta_data.json',
    ])
      expect(listing).to.include(f);
    expect((await isoFile(file, '/vmlinuz', dir)).equals(kernel)).to.equal(true);
    expect((await isoFile(file, '/initrd', dir)).equals(ramdisk)).to.equal(true);
    const cfg = (await isoFile(file, '/isolinux/isolinux.cfg', dir)).toString();
    expect(cfg).to.match(/KERNEL \/vmlinuz/);
    const append = /APPEND (.*)/.exec(cfg)![1]!;
    expect(append.split(' ')).to.include.members([
      'initrd=/initrd',
      'ipa-api-url=http://192.0.2.1:6385',
      'tyr-mode=deploy',
      `tyr-node-uuid=${n.uuid}`,
      'console=ttyS0,115200n8',
      'ipa-debug=1',
    ]);
    expect(JSON.parse((await isoFile(file, '/openstack/latest/network_data.json', dir)).toString())).to.deep.equal(STATIC_PLAN);
    expect(JSON.parse((await isoFile(file, '/openstack/latest/meta_data.json', dir)).toString())).to.deep.include({ uuid: n.uuid });
  });

  it("is found by the agent's config-drive reader on a removable device only", async () => {
    const iso = await prepareNodeIso({ node: await node({ network_data: STATIC_PLAN }), config, log, purpose: 'deploy' });
    const file = path.join(root, iso.file);
    expect(iso9660Label(file)).to.equal('config-2');
    expect(iso9660Label(path.join(root, 'ramdisk', 'tyr.kernel'))).to.equal(null);
    // A /sys/class/block and /dev of our own: a fixed disk (vda, a deployed instance's config
    // drive) is never read, a CD drive (sr0) is.
    const sys = path.join(dir, 'sys-block');
    const dev = path.join(dir, 'dev');
    fs.mkdirSync(path.join(sys, 'vda'), { recursive: true });
    fs.writeFileSync(path.join(sys, 'vda', 'removable'), '0\n');
    fs.mkdirSync(dev, { recursive: true });
    fs.symlinkSync(file, path.join(dev, 'vda'));
    expect(findConfigDrive(sys, dev)).to.equal(null);
    fs.mkdirSync(path.join(sys, 'sr0'));
    fs.symlinkSync(file, path.join(dev, 'sr0'));
    expect(findConfigDrive(sys, dev)).to.equal(path.join(dev, 'sr0'));
  });

  it('without network_data the ISO has no config-2 label, so the ramdisk uses DHCP', async () => {
    const n = await node();
    const iso = await prepareNodeIso({ node: n, config, log, purpose: 'rescue' });
    const file = path.join(root, iso.file);
    expect(await isoLabel(file)).to.equal('TYR_RAMDISK');
    expect((await isoFile(file, '/isolinux/isolinux.cfg', dir)).toString()).to.include('tyr-mode=rescue');
  });

  it('reuses an unchanged ISO, builds a new one when the node changes, and deletes the old one', async () => {
    let n = await node({ network_data: STATIC_PLAN });
    const first = await prepareNodeIso({ node: n, config, log, purpose: 'deploy' });
    const again = await prepareNodeIso({ node: n, config, log, purpose: 'deploy' });
    expect(again).to.deep.equal({ ...first, reused: true });
    n = await store.nodes.update(n.id, { network_data: { ...STATIC_PLAN, services: [] } });
    const changed = await prepareNodeIso({ node: n, config, log, purpose: 'deploy' });
    expect(changed.file).to.not.equal(first.file);
    expect(fs.existsSync(path.join(root, first.file))).to.equal(false);
    expect(fs.existsSync(path.join(root, changed.file))).to.equal(true);
    expect(await removeNodeIsos(config, n)).to.deep.equal([path.basename(changed.file)]);
    expect(fs.existsSync(path.join(root, changed.file))).to.equal(false);
  });

  it('refuses a bad network_data, a missing ramdisk and a UEFI node without signed loaders with 400s that name the node', async () => {
    const bad = await node({
      network_data: {
        ...STATIC_PLAN,
        networks: [{ id: 'n', type: 'ipv4', link: 'port0', ip_address: '192.0.2.10', netmask: '255.0.255.0' }],
      },
    });
    // Signed loaders that are not there, whatever this host has installed.
    const tools = { ...bootIsoTools(config), shim: path.join(dir, 'no-shim.efi'), grubCd: path.join(dir, 'no-grub.efi') };
    const refusal = async (n: Node) => {
      try {
        await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools });
      } catch (err) {
        return err as Error & { status?: number };
      }
      throw new Error('expected a refusal');
    };
    const e1 = await refusal(bad);
    expect(e1.status).to.equal(400);
    expect(e1.message).to.include(bad.uuid).and.include('network_data.networks[0].netmask');
    const missing = await node({ driver_info: { deploy_kernel: 'ramdisk/tyr.kernel', deploy_ramdisk: 'ramdisk/nope' } });
    const e2 = await refusal(missing);
    expect(e2.status).to.equal(400);
    expect(e2.message).to.include(missing.uuid).and.include('driver_info/deploy_ramdisk');
    const uefi = await node({ properties: {} }); // no boot_mode capability: UEFI, the default
    const e3 = await refusal(uefi);
    expect(e3.status).to.equal(400);
    expect(e3.message).to.include(uefi.uuid).and.include('UEFI').and.include('shim-signed grub-efi-amd64-signed');
    expect(fs.readdirSync(path.join(root, 'vmedia')).filter((f) => f.startsWith(uefi.uuid))).to.deep.equal([]);
  });

  it('a prebuilt deploy_iso/rescue_iso is used as given: a URL, or a file under the boot root', async () => {
    const n = await node({ driver_info: { deploy_iso: 'isos/ipa.iso', rescue_iso: 'https://images.example/rescue.iso' } });
    expect(prebuiltIsoUrl(config, n, 'deploy')).to.equal('http://192.0.2.1:8080/files/isos/ipa.iso');
    expect(prebuiltIsoUrl(config, n, 'rescue')).to.equal('https://images.example/rescue.iso');
    expect(prebuiltIsoUrl(config, await node(), 'deploy')).to.equal(undefined);
    const bad = await node({ driver_info: { deploy_iso: '../etc/shadow' } });
    expect(() => prebuiltIsoUrl(config, bad, 'deploy'))
      .to.throw(/driver_info\/deploy_iso must be an http\(s\) URL or a file under the boot root/)
      .with.property('status', 400);
  });
});
