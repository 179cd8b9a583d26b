// The dnsmasq config generator, the per-MAC host files, the lease parser and the host table.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { configProblem, dnsmasqConfig, hostFileLine, type DnsmasqConfigInput } from '../../../core/boot/dnsmasq/config-gen.js';
import { writeHostFiles } from '../../../core/boot/dnsmasq/host-files.js';
import { HostTable, isIpxeBinary } from '../../../core/boot/dnsmasq/host-table.js';
import { macForIp, parseLeases } from '../../../core/boot/dnsmasq/leases.js';
import { translateExit } from '../../../core/boot/dnsmasq/start-errors.js';

const INPUT: DnsmasqConfigInput = {
  interface: 'br-prov',
  range: '10.0.0.100,10.0.0.200,255.255.255.0,12h',
  bootUrl: 'http://10.0.0.2:8080',
  tftpAddress: '10.0.0.2',
  hostsDir: '/var/tyr/dnsmasq/hosts.d',
  leaseFile: '/var/tyr/dnsmasq/dnsmasq.leases',
  ipv6Ra: false,
  user: 'tyr',
  logDhcp: false,
  tftp: true,
};

const lines = (text: string) => text.split('\n');

describe('dnsmasq config generator', () => {
  it('does DHCP only: no DNS, no TFTP, bound to the configured interface', () => {
    const conf = lines(dnsmasqConfig(INPUT));
    expect(conf).to.include.members([
      'port=0',
      'interface=br-prov',
      'bind-interfaces',
      'dhcp-range=10.0.0.100,10.0.0.200,255.255.255.0,12h',
      'dhcp-hostsdir=/var/tyr/dnsmasq/hosts.d',
      'dhcp-leasefile=/var/tyr/dnsmasq/dnsmasq.leases',
      'user=tyr',
    ]);
    expect(conf.filter((l) => /tftp/.test(l) && !l.startsWith('#'))).to.deep.equal([]);
    expect(conf).to.not.include('log-dhcp');
  });

  it("hands the iPXE binary over Tyr's TFTP by architecture, and the boot.ipxe URL only to chained iPXE", () => {
    const conf = lines(dnsmasqConfig(INPUT));
    expect(conf).to.include.members([
      'dhcp-match=set:ipxe,175',
      'dhcp-match=set:tyr-bios,option:client-arch,0',
      'dhcp-match=set:tyr-efi64,option:client-arch,7',
      'dhcp-match=set:tyr-efi64,option:client-arch,9',
      'tag-if=set:tyr-http,tag:ipxe,tag:tyr-chained',
      'dhcp-boot=tag:tyr-http,http://10.0.0.2:8080/boot.ipxe',
      'dhcp-match=set:tyr-arm64,option:client-arch,11',
      'dhcp-boot=tag:!tyr-http,tag:!tyr-httpclient,tag:tyr-bios,undionly.kpxe,,10.0.0.2',
      'dhcp-boot=tag:!tyr-http,tag:!tyr-httpclient,tag:!tyr-secureboot,tag:tyr-efi64,snponly.efi,,10.0.0.2',
      'dhcp-boot=tag:!tyr-http,tag:!tyr-httpclient,tag:!tyr-secureboot,tag:tyr-arm64,snponly-arm64.efi,,10.0.0.2',
    ]);
    // Every TFTP boot entry excludes the HTTP tag, so the choice never depends on line order.
    expect(conf.filter((l) => l.startsWith('dhcp-boot=') && !l.includes('http:')).every((l) => l.includes('tag:!tyr-http'))).to.equal(true);
  });

  it('hands a MAC tagged tyr-secureboot the signed shim instead of iPXE, on x86-64 UEFI only', () => {
    const conf = lines(dnsmasqConfig(INPUT));
    const shim = conf.filter((l) => l.includes('shimx64.efi'));
    expect(shim).to.deep.equal(['dhcp-boot=tag:!tyr-http,tag:!tyr-httpclient,tag:tyr-secureboot,tag:tyr-efi64,shimx64.efi,,10.0.0.2']);
    // No two PXE lines can match one client: each pair differs in a tag one has and the other negates.
    const pxe = conf.filter((l) => l.startsWith('dhcp-boot=tag:!tyr-http,tag:!tyr-httpclient'));
    const tagsOf = (l: string) => l.split(',').filter((w) => w.startsWith('tag:'));
    const ARCH = ['tag:tyr-bios', 'tag:tyr-efi64', 'tag:tyr-arm64'];
    const exclusive = (a: string[], b: string[]) =>
      a.some((t) => b.includes(t.startsWith('tag:!') ? t.replace('tag:!', 'tag:') : t.replace('tag:', 'tag:!'))) ||
      ARCH.filter((t) => a.includes(t))[0] !== ARCH.filter((t) => b.includes(t))[0];
    for (const [i, a] of pxe.entries())
      for (const b of pxe.slice(i + 1)) expect(exclusive(tagsOf(a), tagsOf(b)), `${a} / ${b}`).to.equal(true);
  });

  it('answers UEFI HTTP boot clients (vendor class HTTPClient) with the loader URL and option 60', () => {
    const conf = lines(dnsmasqConfig(INPUT));
    expect(conf).to.include.members([
      'dhcp-vendorclass=set:tyr-httpclient,HTTPClient',
      'dhcp-match=set:tyr-efi64,option:client-arch,16',
      'dhcp-match=set:tyr-arm64,option:client-arch,19',
      'dhcp-boot=tag:!tyr-http,tag:tyr-httpclient,tag:!tyr-secureboot,tag:tyr-efi64,http://10.0.0.2:8080/efi/snponly.efi',
      'dhcp-option-force=tag:tyr-httpclient,60,HTTPClient',
    ]);
  });

  it('offers PXE clients no TFTP boot file when Tyr runs no TFTP server, but still answers HTTP boot', () => {
    const boots = lines(dnsmasqConfig({ ...INPUT, tftp: false })).filter((l) => l.startsWith('dhcp-boot='));
    expect(boots).to.deep.equal([
      'dhcp-boot=tag:tyr-http,http://10.0.0.2:8080/boot.ipxe',
      'dhcp-boot=tag:!tyr-http,tag:tyr-httpclient,tag:!tyr-secureboot,tag:tyr-efi64,http://10.0.0.2:8080/efi/snponly.efi',
      'dhcp-boot=tag:!tyr-http,tag:tyr-httpclient,tag:!tyr-secureboot,tag:tyr-arm64,http://10.0.0.2:8080/efi/snponly-arm64.efi',
    ]);
  });

  it("matches the boot lines DHCP.md shows, so the documented recipe is what Tyr's dnsmasq runs", () => {
    const doc = fs.readFileSync(new URL('../../../core/boot/DHCP.md', import.meta.url), 'utf8');
    const block = /<!-- generated-boot-lines -->\n```\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(block, 'DHCP.md lost its generated-boot-lines block').to.be.a('string');
    const generated = lines(dnsmasqConfig(INPUT)).filter((l) =>
      /^(dhcp-match|dhcp-vendorclass|tag-if|dhcp-boot|dhcp-option-force)=/.test(l),
    );
    expect(block!.trim().split('\n')).to.deep.equal(generated);
  });

  it('adds an IPv6 RA only when asked, and log-dhcp when asked', () => {
    expect(dnsmasqConfig(INPUT)).to.not.include('enable-ra');
    const conf = lines(dnsmasqConfig({ ...INPUT, ipv6Ra: true, logDhcp: true }));
    expect(conf).to.include.members(['enable-ra', 'dhcp-range=::,constructor:br-prov,ra-only', 'log-dhcp']);
  });

  it('rejects input that cannot work, naming the option', () => {
    expect(configProblem(INPUT)).to.equal(undefined);
    expect(configProblem({ ...INPUT, interface: '' })).to.match(/^boot\.dhcp_interface .*empty/);
    expect(configProblem({ ...INPUT, interface: 'br0\nenable-tftp' })).to.match(/^boot\.dhcp_interface/);
    expect(configProblem({ ...INPUT, range: '' })).to.match(/^boot\.dhcp_range .*e\.g\. 10\.0\.0\.100/);
    expect(configProblem({ ...INPUT, range: '10.0.0.100,10.0.0.300' })).to.match(/^boot\.dhcp_range/);
    expect(configProblem({ ...INPUT, range: '10.0.0.1,10.0.0.9\nenable-tftp' })).to.match(/^boot\.dhcp_range/);
    expect(configProblem({ ...INPUT, tftpAddress: '' })).to.match(/^boot\.tftp_address/);
    expect(configProblem({ ...INPUT, bootUrl: 'ftp://x' })).to.match(/boot\.public_url/);
    expect(() => dnsmasqConfig({ ...INPUT, interface: '' })).to.throw(/dhcp_interface/);
  });
});

describe('dnsmasq host files', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-hosts-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes one file per MAC with its tags, lower-cased', () => {
    expect(hostFileLine('52:54:00:AA:BB:CC', ['tyr-known', 'tyr-chained'])).to.equal('52:54:00:aa:bb:cc,set:tyr-known,set:tyr-chained\n');
  });

  it('writes, rewrites and removes files, reporting which changed; leaves foreign files and no temp files', async () => {
    fs.writeFileSync(path.join(dir, 'operator-notes'), 'x');
    const two = new Map([
      ['52:54:00:00:00:01', ['tyr-known']],
      ['52:54:00:00:00:02', ['tyr-known']],
    ]);
    expect(await writeHostFiles(dir, two)).to.deep.equal({
      written: [path.join(dir, '52-54-00-00-00-01'), path.join(dir, '52-54-00-00-00-02')],
      removed: [],
    });
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['52-54-00-00-00-01', '52-54-00-00-00-02', 'operator-notes']);
    expect(fs.readFileSync(path.join(dir, '52-54-00-00-00-01'), 'utf8')).to.equal('52:54:00:00:00:01,set:tyr-known\n');
    expect(await writeHostFiles(dir, two)).to.deep.equal({ written: [], removed: [] });
    expect(await writeHostFiles(dir, new Map([['52:54:00:00:00:02', ['tyr-known', 'tyr-chained']]]))).to.deep.equal({
      written: [path.join(dir, '52-54-00-00-00-02')],
      removed: [path.join(dir, '52-54-00-00-00-01')],
    });
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.'))).to.deep.equal([]);
    expect(fs.readdirSync(dir).sort()).to.deep.equal(['52-54-00-00-00-02', 'operator-notes']);
    expect(fs.readFileSync(path.join(dir, '52-54-00-00-00-02'), 'utf8')).to.equal('52:54:00:00:00:02,set:tyr-known,set:tyr-chained\n');
  });
});

describe('dnsmasq host table (TFTP → HTTP chaining)', () => {
  it('tags known MACs, and chained MACs until their boot script is served, and never drops a file', () => {
    const t = new HostTable();
    expect(t.setKnown(['52:54:00:00:00:01'])).to.equal(true);
    expect(t.setKnown(['52:54:00:00:00:01'])).to.equal(false);
    expect(t.markChained('52:54:00:00:00:01')).to.equal(true);
    expect(t.markChained('52:54:00:00:00:99')).to.equal(true);
    expect(t.markChained('52:54:00:00:00:99')).to.equal(false);
    expect(Object.fromEntries(t.entries())).to.deep.equal({
      '52:54:00:00:00:01': ['tyr-known', 'tyr-chained'],
      '52:54:00:00:00:99': ['tyr-chained'],
    });
    expect(t.clearChained('52:54:00:00:00:99')).to.equal(true);
    expect(t.setKnown([])).to.equal(true);
    // MACs that had a file keep one, tagged tyr-seen: a deleted file's tags would linger in dnsmasq.
    expect(Object.fromEntries(t.entries())).to.deep.equal({
      '52:54:00:00:00:01': ['tyr-chained'],
      '52:54:00:00:00:99': ['tyr-seen'],
    });
  });

  it('tags the MACs of Secure Boot nodes tyr-secureboot, and drops the tag when that changes', () => {
    const t = new HostTable();
    expect(t.setKnown(['52:54:00:00:00:01', '52:54:00:00:00:02'], ['52:54:00:00:00:02'])).to.equal(true);
    expect(t.setKnown(['52:54:00:00:00:01', '52:54:00:00:00:02'], ['52:54:00:00:00:02'])).to.equal(false);
    expect(Object.fromEntries(t.entries())).to.deep.equal({
      '52:54:00:00:00:01': ['tyr-known'],
      '52:54:00:00:00:02': ['tyr-known', 'tyr-secureboot'],
    });
    expect(t.setKnown(['52:54:00:00:00:01', '52:54:00:00:00:02'])).to.equal(true);
    expect(t.entries().get('52:54:00:00:00:02')).to.deep.equal(['tyr-known']);
  });

  it('counts only the iPXE binaries as a TFTP chain step (shim and GRUB do no second DHCP)', () => {
    expect(isIpxeBinary('undionly.kpxe')).to.equal(true);
    expect(isIpxeBinary('/snponly.efi')).to.equal(true);
    expect(isIpxeBinary('ipxe.efi')).to.equal(true);
    expect(isIpxeBinary('shimx64.efi')).to.equal(false);
    expect(isIpxeBinary('grubx64.efi')).to.equal(false);
    expect(isIpxeBinary('ipxe.lkrn')).to.equal(false);
  });
});

describe('dnsmasq leases and start-up errors', () => {
  it('parses the lease file and finds the MAC of an address', async () => {
    const text =
      '1700000000 52:54:00:aa:bb:cc 10.0.0.150 * 01:52:54:00:aa:bb:cc\nduid 00:01:00:01\n1700000001 52:54:00:AA:BB:01 10.0.0.151 vm1 *\n';
    expect(parseLeases(text).map((l) => [l.mac, l.ip, l.hostname])).to.deep.equal([
      ['52:54:00:aa:bb:cc', '10.0.0.150', '*'],
      ['52:54:00:aa:bb:01', '10.0.0.151', 'vm1'],
    ]);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-leases-'));
    const file = path.join(dir, 'leases');
    fs.writeFileSync(file, text);
    expect(await macForIp(file, '::ffff:10.0.0.151', 0)).to.equal('52:54:00:aa:bb:01');
    expect(await macForIp(file, '10.0.0.199', 200)).to.equal(undefined);
    fs.rmSync(dir, { recursive: true });
  });

  it("turns dnsmasq's exit messages into one-line errors that name the option", () => {
    expect(translateExit(2, null, 'dnsmasq: unknown interface eth9', 'eth9').message).to.match(
      /^boot\.dhcp_interface \(--dhcp-interface\): there is no interface "eth9" here/,
    );
    expect(translateExit(2, null, 'failed to bind DHCP server socket: Address in use', 'br0').message).to.match(/another DHCP server/);
    expect(translateExit(5, null, 'failed to bind DHCP server socket: Permission denied', 'br0').message).to.match(/run Tyr as root/);
    expect(translateExit(1, null, '', 'br0').message).to.match(/\(code 1\): no output/);
    for (const m of ['unknown interface eth9', 'x']) expect(translateExit(1, null, m, 'eth9').message).to.not.include('\n');
  });
});
