// The virtual-media ISO for UEFI nodes, built by the real xorriso, mkfs.fat and mtools with
// Debian's signed shim and CD GRUB (ensureSignedBootFiles), read back with xorriso and mtools:
// two El Torito boot images (BIOS isolinux, UEFI FAT image), the FAT image's
// \EFI\BOOT\BOOTX64.EFI (shim) and grubx64.efi (GRUB), and the grub.cfg and /.disk/info the CD
// GRUB looks for, with the same kernel command line as isolinux.cfg. The VM boot is
// test/e2e/vmedia-uefi-secure-boot.test.ts.
import { expect } from 'chai';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootIsoTools, type BootIsoTools } from '../../../core/boot/vmedia/boot-iso.js';
import { prepareNodeIso } from '../../../core/boot/vmedia/node-iso.js';
import { loadConfig } from '../../../core/config-load.js';
import type { Config } from '../../../core/config.js';
import type { Store } from '../../../core/db/store.js';
import type { Node } from '../../../core/db/types.js';
import { ensureSignedBootFiles } from '../../bench/lab/signed-boot.js';
import { freshStore } from '../../helpers/databases.js';
import { testLogger } from '../../helpers/test-logger.js';
import { requireTool } from '../../helpers/tools.js';
import { fatFile, isoBootImages, isoFile, isoFiles } from '../../helpers/vmedia-iso.js';

describe('virtual media: the UEFI-bootable node ISO (shim + CD GRUB in an El Torito FAT image)', function () {
  this.timeout(180_000);
  let store: Store;
  let config: Config;
  let dir: string;
  let root: string;
  let tools: BootIsoTools;
  let signed: ReturnType<typeof ensureSignedBootFiles>;
  const kernel = crypto.randomBytes(100_000);
  const ramdisk = crypto.randomBytes(300_000);
  const log = testLogger();

  const node = async (capabilities: string): Promise<Node> =>
    store.nodes.create({
      driver: 'fake-hardware',
      provision_state: 'deploying',
      driver_info: { deploy_kernel: 'ramdisk/tyr.kernel', deploy_ramdisk: 'ramdisk/tyr.initramfs', kernel_append_params: 'ipa-debug=1' },
      properties: { capabilities },
    });

  before(async () => {
    for (const tool of ['xorriso', 'mkfs.fat', 'mcopy']) requireTool(tool);
    signed = ensureSignedBootFiles();
    store = await freshStore('sqlite');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-vmedia-uefi-iso-'));
    root = path.join(dir, 'boot');
    fs.mkdirSync(path.join(root, 'ramdisk'), { recursive: true });
    fs.writeFileSync(path.join(root, 'ramdisk', 'tyr.kernel'), kernel);
    fs.writeFileSync(path.join(root, 'ramdisk', 'tyr.initramfs'), ramdisk);
    config = loadConfig({
      env: {},
      overrides: {
        service: { data_dir: dir },
        api: { public_url: 'http://192.0.2.1:6385' },
        boot: { public_url: 'http://192.0.2.1:8080', shim_efi: signed.shim, grub_cd_efi: signed.grubCd },
      },
    });
    tools = bootIsoTools(config);
  });

  after(async () => {
    await store?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has a BIOS and a UEFI El Torito image; the UEFI one holds shim as BOOTX64.EFI and the CD GRUB beside it', async () => {
    const n = await node('boot_mode:uefi,secure_boot:true');
    const iso = await prepareNodeIso({ node: n, config, log, purpose: 'deploy' });
    const file = path.join(root, iso.file);
    expect(await isoBootImages(file)).to.deep.equal([
      { platform: 'BIOS', path: '/isolinux/isolinux.bin' },
      { platform: 'UEFI', path: '/boot/efi.img' },
    ]);
    const efiImage = path.join(dir, 'efi.img');
    fs.writeFileSync(efiImage, await isoFile(file, '/boot/efi.img', dir));
    expect((await fatFile(efiImage, '::/EFI/BOOT/BOOTX64.EFI', dir)).equals(fs.readFileSync(signed.shim))).to.equal(true);
    expect((await fatFile(efiImage, '::/EFI/BOOT/grubx64.efi', dir)).equals(fs.readFileSync(signed.grubCd))).to.equal(true);
  });

  it("carries the grub.cfg and /.disk/info the CD GRUB looks for, booting the ISO's kernel with isolinux's command line", async () => {
    const n = await node('boot_mode:uefi');
    const file = path.join(root, (await prepareNodeIso({ node: n, config, log, purpose: 'rescue' })).file);
    expect(await isoFiles(file)).to.include.members([
      '/.disk/info',
      '/boot/grub/grub.cfg',
      '/vmlinuz',
      '/initrd',
      '/isolinux/isolinux.cfg',
    ]);
    const grubCfg = (await isoFile(file, '/boot/grub/grub.cfg', dir)).toString();
    const isolinuxCfg = (await isoFile(file, '/isolinux/isolinux.cfg', dir)).toString();
    const linux = /^linux \/vmlinuz (.*)$/m.exec(grubCfg)?.[1];
    expect(linux, grubCfg).to.be.a('string');
    expect(grubCfg).to.match(/^initrd \/initrd$/m);
    expect(/APPEND initrd=\/initrd (.*)/.exec(isolinuxCfg)?.[1]).to.equal(linux);
    expect(linux!.split(' ')).to.include.members(['tyr-mode=rescue', `tyr-node-uuid=${n.uuid}`, 'ipa-debug=1']);
    expect((await isoFile(file, '/vmlinuz', dir)).equals(kernel)).to.equal(true);
  });

  it('gives a BIOS node the same two boot images, and only isolinux when the signed loaders are missing', async () => {
    const n = await node('boot_mode:bios');
    const both = path.join(root, (await prepareNodeIso({ node: n, config, log, purpose: 'deploy' })).file);
    expect((await isoBootImages(both)).map((b) => b.platform)).to.deep.equal(['BIOS', 'UEFI']);
    const other = await node('boot_mode:bios');
    const without = { ...tools, shim: path.join(dir, 'no-shim.efi') };
    const biosOnly = path.join(root, (await prepareNodeIso({ node: other, config, log, purpose: 'deploy', tools: without })).file);
    expect((await isoBootImages(biosOnly)).map((b) => b.platform)).to.deep.equal(['BIOS']);
  });

  it('builds a new ISO when the signed loaders change (a shim update), and refuses a UEFI node once they are gone', async () => {
    const n = await node('boot_mode:uefi');
    const shim = path.join(dir, 'shim-copy.efi');
    fs.copyFileSync(signed.shim, shim);
    const withShim = { ...tools, shim };
    const first = await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools: withShim });
    expect((await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools: withShim })).reused).to.equal(true);
    fs.appendFileSync(shim, Buffer.alloc(512));
    const updated = await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools: withShim });
    expect(updated.reused).to.equal(false);
    expect(updated.file).to.not.equal(first.file);
    fs.rmSync(shim);
    const err = await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools: withShim }).then(
      () => undefined,
      (e: Error & { status?: number }) => e,
    );
    expect(err?.status).to.equal(400);
    expect(err?.message).to.include(shim).and.include('shim-signed');
  });

  it('refuses a UEFI node when the CD GRUB is missing or shim is unset, naming the node, the file or key, and the package', async () => {
    const n = await node('boot_mode:uefi');
    const grubCd = path.join(dir, 'no-gcdx64.efi');
    const err = await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools: { ...tools, grubCd } }).then(
      () => undefined,
      (e: Error & { status?: number }) => e,
    );
    expect(err?.status).to.equal(400);
    expect(err?.message).to.include(n.uuid).and.include(grubCd).and.include('grub-efi-amd64-signed').and.include('boot.grub_cd_efi');
    // An empty boot.shim_efi (which turns the network Secure Boot chain off) is named by its key.
    const empty = await prepareNodeIso({ node: n, config, log, purpose: 'deploy', tools: { ...tools, shim: '' } }).then(
      () => undefined,
      (e: Error & { status?: number }) => e,
    );
    expect(empty?.status).to.equal(400);
    expect(empty?.message).to.include('(boot.shim_efi is empty)').and.include('shim-signed');
  });
});
