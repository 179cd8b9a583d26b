import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseLanPrintAddress } from '../../../agent/inventory/bmc.js';
import { parseCpuinfo } from '../../../agent/inventory/cpu-memory.js';
import { readSysBlock } from '../../../agent/inventory/disks.js';
import { parseLspciVmmnn, readPciSysfs } from '../../../agent/inventory/pci.js';
import { tarGz } from '../../../agent/tar.js';
import { execFileSync } from 'node:child_process';
import { requireTool } from '../../helpers/tools.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

describe('agent inventory parsers', () => {
  it('parses lspci -vmmnn captured on a virtio machine', () => {
    // fixtures/lspci-vmmnn.txt: real output of `lspci -vmmnn` on the development host (a VM).
    const devices = parseLspciVmmnn(fixture('lspci-vmmnn.txt'));
    expect(devices).to.have.length(6);
    expect(devices[0]).to.deep.equal({
      vendor_id: '8086',
      product_id: '0d57',
      class: '0600',
      revision: null,
      bus: '0000:00:00.0',
      vendor_name: 'Intel Corporation',
      device_name: 'Device',
    });
    const nic = devices.find((d) => d.class === '0200');
    expect(nic).to.include({
      vendor_id: '1af4',
      product_id: '1041',
      revision: '01',
      bus: '0000:00:03.0',
      device_name: 'Virtio 1.0 network device',
    });
  });

  it('takes the ID from the last bracket of names that contain brackets', () => {
    const [dev] = parseLspciVmmnn(
      'Slot:\t0001:00:1f.2\nClass:\tSATA controller [0106]\nVendor:\tIntel Corporation [8086]\nDevice:\t82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode] [2922]\nRev:\t02\n',
    );
    expect(dev).to.include({
      product_id: '2922',
      bus: '0001:00:1f.2',
      device_name: '82801IR/IO/IH (ICH9R/DO/DH) 6 port SATA Controller [AHCI mode]',
    });
  });

  it('reads PCI IDs from sysfs when lspci is missing', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pci-'));
    try {
      const dev = path.join(root, '0000:00:03.0');
      fs.mkdirSync(dev);
      fs.writeFileSync(path.join(dev, 'vendor'), '0x1af4\n');
      fs.writeFileSync(path.join(dev, 'device'), '0x1041\n');
      fs.writeFileSync(path.join(dev, 'class'), '0x020000\n');
      fs.writeFileSync(path.join(dev, 'revision'), '0x01\n');
      expect(readPciSysfs(root)).to.deep.equal([
        { vendor_id: '1af4', product_id: '1041', class: '0200', revision: '01', bus: '0000:00:03.0', vendor_name: null, device_name: null },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('agrees with the real sysfs of this host on the set of PCI functions', () => {
    const fromSysfs = readPciSysfs().map((d) => `${d.bus} ${d.vendor_id}:${d.product_id}`);
    const live = execFileSync(requireTool('lspci'), ['-vmmnn'], { encoding: 'utf8' });
    expect(parseLspciVmmnn(live).map((d) => `${d.bus} ${d.vendor_id}:${d.product_id}`)).to.deep.equal(fromSysfs);
  });

  it('reads MHz and flags from /proc/cpuinfo (what si misses without lscpu)', () => {
    // fixtures/proc-cpuinfo.txt: the first two processors of this host's real /proc/cpuinfo.
    const text = fixture('proc-cpuinfo.txt');
    const parsed = parseCpuinfo(text);
    expect(parsed.mhz).to.equal(Math.round(Number(/^cpu MHz\s*:\s*(\S+)/m.exec(text)![1])));
    expect(parsed.flags).to.include.members(['fpu', 'sse2']);
    expect(parsed.flags.length).to.equal(/^flags\s*:\s*(.*)$/m.exec(text)![1]!.trim().split(/\s+/).length);
    expect(parseCpuinfo('')).to.deep.equal({ mhz: null, flags: [] });
  });

  it('reads the BMC address from ipmitool lan print', () => {
    // Real output from ipmitool against the lab's ipmi_sim, which reports 0.0.0.0 (unset)…
    const real = fixture('ipmitool-lan-print.ipmi_sim.txt');
    expect(parseLanPrintAddress(real)).to.equal(null);
    // …and the same output with an address set, as a configured BMC reports it (edited here).
    const configured = real.replace(/^IP Address\s+: 0\.0\.0\.0$/m, 'IP Address              : 192.168.10.21');
    expect(configured).to.not.equal(real);
    expect(parseLanPrintAddress(configured)).to.equal('192.168.10.21');
  });

  it('reads disks from a sysfs tree, skipping loop devices', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'block-'));
    try {
      const mk = (rel: string, text: string): void => {
        fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
        fs.writeFileSync(path.join(root, rel), `${text}\n`);
      };
      mk('vda/size', '41943040');
      mk('vda/queue/rotational', '0');
      mk('vda/serial', 'tyr-disk-1');
      mk('sda/size', '1953525168');
      mk('sda/queue/rotational', '1');
      mk('sda/device/model', 'ST1000DM010-2EP1');
      mk('sda/device/vendor', 'ATA');
      mk('sda/device/wwid', 'naa.5000c500b1234567');
      mk('loop0/size', '100');
      const disks = readSysBlock(root, new Map([['sda', '/dev/disk/by-path/pci-0000:00:1f.2-ata-1']]));
      expect(disks.map((d) => d.name)).to.deep.equal(['/dev/sda', '/dev/vda']);
      expect(disks[0]).to.deep.equal({
        name: '/dev/sda',
        model: 'ST1000DM010-2EP1',
        size: 1953525168 * 512,
        rotational: true,
        wwn: 'naa.5000c500b1234567',
        serial: null,
        vendor: 'ATA',
        by_path: '/dev/disk/by-path/pci-0000:00:1f.2-ata-1',
      });
      expect(disks[1]).to.include({ size: 20 * 1024 ** 3, rotational: false, serial: 'tyr-disk-1' });
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it('writes a tar.gz that tar can list and extract', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tar-'));
    try {
      const big = 'x'.repeat(1500);
      fs.writeFileSync(
        path.join(dir, 'a.tgz'),
        tarGz([
          { name: 'dmesg.txt', data: 'hello\n' },
          { name: 'big.txt', data: big },
        ]),
      );
      execFileSync('tar', ['-xzf', 'a.tgz'], { cwd: dir });
      expect(fs.readFileSync(path.join(dir, 'dmesg.txt'), 'utf8')).to.equal('hello\n');
      expect(fs.readFileSync(path.join(dir, 'big.txt'), 'utf8')).to.equal(big);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
