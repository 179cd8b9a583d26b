// The agent's UEFI side of a deploy, on real GPT images with a real FAT ESP (sgdisk, mkfs.fat,
// mtools; no root): finding the ESP, choosing the loader, and the boot entry. efibootmgr cannot
// run on this host (it was not booted by UEFI firmware, so there are no EFI variables): its part
// goes through the injectable runner, here a stand-in that keeps Boot#### entries and BootOrder
// as NVRAM would. The real efibootmgr in the ramdisk under OVMF is proven by the lab's e2e tests.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseBootTable, setBootEntry, TYR_BOOT_LABEL, type EfibootmgrRunner } from '../../../agent/image/boot-entry.js';
import { UefiBootError } from '../../../agent/image/errors.js';
import { findEsp, listEfiFiles } from '../../../agent/image/esp.js';
import { setUpUefiBoot } from '../../../agent/image/uefi-boot.js';
import { chooseLoader } from '../../../agent/image/uefi-loader.js';
import { makeUefiImage } from '../../helpers/uefi-disk-image.js';
import { fileURLToPath } from 'node:url';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

const DEBIAN = ['EFI/debian/shimx64.efi', 'EFI/debian/grubx64.efi', 'EFI/debian/mmx64.efi', 'EFI/BOOT/BOOTX64.EFI', 'EFI/BOOT/fbx64.efi'];

/** efibootmgr's behaviour on an NVRAM of Boot#### entries; `appends`: a version that adds new entries last. */
function fakeEfibootmgr(opts: { appends?: boolean } = {}) {
  const entries = new Map<string, string>([
    ['0000', 'UiApp\tFvVol(7cb8bdc9-f8eb-4f34-aaea-3ee4af6516a1)/FvFile(462caa21-7614-4503-836e-8ab6f4662331)'],
    ['0001', 'UEFI PXEv4 (MAC:525400123456)\tPciRoot(0x0)/Pci(0x3,0x0)/MAC(525400123456,0x1)/IPv4(0.0.0.0)'],
  ]);
  let order = ['0001', '0000'];
  const calls: string[][] = [];
  const table = () =>
    [`BootCurrent: 0001`, `Timeout: 0 seconds`, `BootOrder: ${order.join(',')}`, ...[...entries].map(([n, l]) => `Boot${n}* ${l}`)].join(
      '\n',
    );
  const runner: EfibootmgrRunner = (args) => {
    calls.push(args);
    const at = (flag: string) => args[args.indexOf(flag) + 1]!;
    if (args.includes('--delete-bootnum')) {
      entries.delete(at('--bootnum'));
      order = order.filter((n) => n !== at('--bootnum'));
    } else if (args.includes('--create')) {
      let n = 0;
      while (entries.has(n.toString(16).toUpperCase().padStart(4, '0'))) n++;
      const num = n.toString(16).toUpperCase().padStart(4, '0');
      entries.set(num, `${at('--label')}\tHD(${at('--part')},GPT,0)/File(${at('--loader')})`);
      order = opts.appends ? [...order, num] : [num, ...order];
    } else if (args.includes('--bootorder')) {
      order = at('--bootorder').split(',');
    }
    return Promise.resolve(table());
  };
  return { runner, calls, entries, order: () => order };
}

const failingEfibootmgr: EfibootmgrRunner = () =>
  Promise.reject(new Error('efibootmgr  failed: EFI variables are not supported on this system.'));

describe('agent UEFI deploy: ESP, loader, boot entry (real GPT images, efibootmgr stand-in)', function () {
  this.timeout(60_000);
  let dir: string;
  const image = (name: string, espFiles: string[] | null, espNumber?: number): string => {
    const file = path.join(dir, `${name}.img`);
    makeUefiImage(file, { espFiles, espNumber });
    return file;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-uefi-boot-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('finds the ESP by its GPT type whatever its number, and lists its files as stored', async () => {
    const file = image('debian', DEBIAN, 15);
    const esp = await findEsp(file);
    expect(esp).to.deep.equal({ number: 15, offset: 2048 * 512 });
    expect((await listEfiFiles(file, esp!)).sort()).to.deep.equal([...DEBIAN].sort());
  });

  it('finds no ESP on a GPT image without one, nor on a disk with no partition table', async () => {
    expect(await findEsp(image('no-esp', null))).to.equal(null);
    const blank = path.join(dir, 'blank.img');
    fs.writeFileSync(blank, Buffer.alloc(2 ** 20));
    expect(await findEsp(blank)).to.equal(null);
  });

  it('chooses shim over GRUB in a vendor directory, never \\EFI\\BOOT, case-insensitively', () => {
    expect(chooseLoader(DEBIAN)).to.deep.equal({ vendor: '\\EFI\\debian\\shimx64.efi', fallback: '\\EFI\\BOOT\\BOOTX64.EFI' });
    expect(chooseLoader(['EFI/centos/GRUBX64.EFI', 'efi/boot/bootx64.efi'])).to.deep.equal({
      vendor: '\\EFI\\centos\\GRUBX64.EFI',
      fallback: '\\efi\\boot\\bootx64.efi',
    });
    // A shim under \EFI\BOOT is the fallback path, not a vendor loader.
    expect(chooseLoader(['EFI/BOOT/BOOTX64.EFI', 'EFI/BOOT/shimx64.efi', 'EFI/BOOT/grubx64.efi'])).to.deep.equal({
      vendor: null,
      fallback: '\\EFI\\BOOT\\BOOTX64.EFI',
    });
    expect(chooseLoader(['EFI/tools/shell.efi'])).to.deep.equal({ vendor: null, fallback: null });
  });

  it('parses efibootmgr listings with and without device paths', () => {
    const t = parseBootTable(
      'BootCurrent: 0001\nBootOrder: 0003,0001\nBoot0001* UEFI PXEv4\nBoot0003* tyr\tHD(15,GPT,x)/File(\\EFI\\debian\\shimx64.efi)\nBoot000A  inactive\n',
    );
    expect(t.order).to.deep.equal(['0003', '0001']);
    expect([...t.entries]).to.deep.equal([
      ['0001', 'UEFI PXEv4'],
      ['0003', 'tyr'],
      ['000A', 'inactive'],
    ]);
  });

  it('parses real efibootmgr 17 output captured under OVMF (Debian 6.1 kernel, efivarfs)', () => {
    // efibootmgr -v after --create: the entry names the ESP's partition and the loader.
    const verbose = parseBootTable(fs.readFileSync(path.join(FIXTURES, 'efibootmgr-v-ovmf.txt'), 'utf8'));
    expect(verbose.order).to.deep.equal(['0001', '0000']);
    expect([...verbose.entries]).to.deep.equal([
      ['0000', 'UiApp'],
      ['0001', 'tyr'],
    ]);
    // A second --create without deleting first: efibootmgr only warns, and the entries pile up,
    // which is why Tyr deletes its own first.
    const duplicate = parseBootTable(fs.readFileSync(path.join(FIXTURES, 'efibootmgr-ovmf-duplicate.txt'), 'utf8'));
    expect(duplicate.order).to.deep.equal(['0002', '0001', '0000']);
    expect([...duplicate.entries].filter(([, label]) => label === TYR_BOOT_LABEL).map(([n]) => n)).to.deep.equal(['0001', '0002']);
  });

  it('vendor loader: creates one entry for it, first in BootOrder, and a redeploy replaces it instead of adding one', async () => {
    const file = image('vendor', DEBIAN, 15);
    const nvram = fakeEfibootmgr();
    const first = await setUpUefiBoot(file, 'debian-13', nvram.runner);
    expect(first).to.deep.equal({ method: 'efibootmgr', loader: '\\EFI\\debian\\shimx64.efi', entry: 'Boot0002' });
    expect(nvram.calls).to.deep.include([
      '--create',
      '--disk',
      file,
      '--part',
      '15',
      '--label',
      TYR_BOOT_LABEL,
      '--loader',
      '\\EFI\\debian\\shimx64.efi',
    ]);
    expect(nvram.order()[0]).to.equal('0002');

    const second = await setUpUefiBoot(file, 'debian-13', nvram.runner);
    expect(nvram.calls).to.deep.include(['--bootnum', '0002', '--delete-bootnum']);
    expect([...nvram.entries.values()].filter((l) => l.startsWith(`${TYR_BOOT_LABEL}\t`))).to.have.length(1);
    expect(nvram.order()[0]).to.equal(second.entry!.slice(4));
    expect(nvram.order()).to.have.members(['0000', '0001', second.entry!.slice(4)]);
  });

  it('puts the entry first itself when efibootmgr added it last', async () => {
    const nvram = fakeEfibootmgr({ appends: true });
    const r = await setBootEntry({ disk: '/dev/vda', part: 1, loader: '\\EFI\\debian\\shimx64.efi' }, nvram.runner);
    expect(r).to.equal('Boot0002');
    expect(nvram.calls.at(-1)).to.deep.equal(['--bootorder', '0002,0001,0000']);
    expect(nvram.order()).to.deep.equal(['0002', '0001', '0000']);
  });

  it('only \\EFI\\BOOT\\BOOTX64.EFI: relies on the removable-media path and never calls efibootmgr', async () => {
    const file = image('fallback-only', ['EFI/BOOT/BOOTX64.EFI'], 2);
    const nvram = fakeEfibootmgr();
    expect(await setUpUefiBoot(file, 'generic', nvram.runner)).to.deep.equal({ method: 'fallback', loader: '\\EFI\\BOOT\\BOOTX64.EFI' });
    expect(nvram.calls).to.deep.equal([]);
  });

  it('efibootmgr failing (no EFI variables) with a fallback loader present: falls back', async () => {
    const file = image('no-efivars', DEBIAN);
    expect(await setUpUefiBoot(file, 'debian-13', failingEfibootmgr)).to.deep.equal({
      method: 'fallback',
      loader: '\\EFI\\BOOT\\BOOTX64.EFI',
    });
  });

  it('efibootmgr failing with no fallback loader: fails naming the image, the loader and the cause', async () => {
    const file = image('vendor-only', ['EFI/debian/shimx64.efi', 'EFI/debian/grubx64.efi']);
    const err = await setUpUefiBoot(file, 'debian-13', failingEfibootmgr).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).to.be.instanceOf(UefiBootError);
    expect(err!.message)
      .to.include('image debian-13')
      .and.include('\\EFI\\debian\\shimx64.efi')
      .and.include('EFI variables are not supported');
  });

  it('no ESP in UEFI mode: fails naming the image and saying to deploy with boot_mode bios or use a UEFI image', async () => {
    const file = image('bios-only', null);
    const err = await setUpUefiBoot(file, 'legacy-image', fakeEfibootmgr().runner).then(
      () => null,
      (e: Error) => e,
    );
    expect(err).to.be.instanceOf(UefiBootError);
    expect(err!.message)
      .to.include('image legacy-image has no EFI system partition')
      .and.include('boot_mode bios')
      .and.include('UEFI image');
  });

  it('an ESP with no loader at all fails; one whose FAT is unreadable fails saying so', async () => {
    const empty = image('empty-esp', []);
    const noLoader = await setUpUefiBoot(empty, 'empty', fakeEfibootmgr().runner).catch((e: Error) => e);
    expect((noLoader as Error).message).to.include('has no boot loader');
    const broken = image('broken-esp', ['EFI/BOOT/BOOTX64.EFI']);
    const fd = fs.openSync(broken, 'r+');
    fs.writeSync(fd, Buffer.alloc(4096), 0, 4096, 2048 * 512); // the FAT's boot sector gone
    fs.closeSync(fd);
    const unreadable = await setUpUefiBoot(broken, 'broken', fakeEfibootmgr().runner).catch((e: Error) => e);
    expect((unreadable as Error).message).to.include('no readable FAT file system');
  });
});
