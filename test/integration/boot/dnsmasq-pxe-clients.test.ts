// What Tyr's dnsmasq tells each kind of PXE client, with a real DHCP client (busybox udhcpc)
// posing as a BIOS PXE ROM, a UEFI ROM and iPXE (it sends options 93 and 175 as those do), and a
// real TFTP read (curl) from the leased address to Tyr's TFTP server, which tags the MAC:
// untagged clients get the iPXE binary over TFTP, iPXE after that read gets the HTTP URL, a non-iPXE
// ROM never does, and serving the boot script starts the cycle over. Needs root (namespaces).
import { expect } from 'chai';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadConfig } from '../../../core/config-load.js';
import { startTftpServer, type RunningTftp } from '../../../core/boot/tftp-server.js';
import { startDnsmasq, type RunningDnsmasq } from '../../../core/boot/dnsmasq/supervisor.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { createNetns, type TestNetns } from '../../helpers/netns.js';
import { requireTool } from '../../helpers/tools.js';
import { until } from '../../helpers/until.js';

const MAC = '52:54:00:fe:00:01';
// Asynchronous on purpose: Tyr's TFTP server and the dnsmasq log reader run on this event loop.
const run = promisify(execFile);
const CLIENT = {
  biosRom: ['-V', 'PXEClient:Arch:00000:UNDI:002001', '-x', '0x5d:0000'],
  uefiRom: ['-V', 'PXEClient:Arch:00007:UNDI:003016', '-x', '0x5d:0007'],
  // iPXE sends option 175 (here: feature TFTP = 1) and user-class "iPXE".
  ipxe: ['-V', 'PXEClient:Arch:00000:UNDI:002001', '-x', '0x5d:0000', '-x', '0xaf:150101', '-x', '0x4d:69505845'],
};

describe('dnsmasq mode: answers to PXE ROMs and iPXE (udhcpc + curl in a network namespace)', function () {
  this.timeout(60_000);
  let net: TestNetns;
  let clientNs: string | undefined;
  let work: string;
  let tftp: RunningTftp | undefined;
  let dnsmasq: RunningDnsmasq | undefined;
  const cap = captureLogger();

  /** One DHCP exchange from the client veth; returns what the server said to boot. */
  const dhcp = async (kind: keyof typeof CLIENT) => {
    const out = path.join(work, `udhcpc-${Date.now()}.out`);
    try {
      await run(
        'ip',
        [
          'netns',
          'exec',
          clientNs!,
          'busybox',
          'udhcpc',
          '-f',
          '-q',
          '-n',
          '-t',
          '5',
          '-T',
          '1',
          '-i',
          'cli0',
          '-s',
          path.join(work, 'udhcpc.sh'),
          ...CLIENT[kind],
        ],
        { env: { ...process.env, OUT: out }, timeout: 20_000 },
      );
    } catch (err) {
      const dnsmasqLog = cap
        .lines()
        .map((l) => String(l.msg))
        .slice(-60)
        .join('\n');
      throw new Error(`udhcpc as ${kind} failed: ${String((err as { stderr?: Buffer }).stderr ?? err)}\n${dnsmasqLog}`, { cause: err });
    }
    const bound = fs
      .readFileSync(out, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('bound '));
    expect(bound, `udhcpc got no lease as ${kind}`).to.not.equal(undefined);
    const fields = Object.fromEntries(
      bound!
        .split(' ')
        .slice(1)
        .map((kv) => kv.split('=') as [string, string]),
    );
    return { ip: fields.ip!, bootFile: fields.boot_file ?? '', siaddr: fields.siaddr ?? '' };
  };

  before(async () => {
    requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
    requireTool('busybox');
    requireTool('curl');
    net = createNetns();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-pxe-clients-'));
    // The machine: its own namespace, whose only NIC (cli0) is a veth onto the test bridge.
    clientNs = `${net.name}-c`;
    execFileSync('ip', ['netns', 'add', clientNs]);
    const ip = (...a: string[]) => execFileSync('ip', ['-n', net.name, ...a]);
    ip('link', 'add', 'cli0-br', 'type', 'veth', 'peer', 'name', 'cli0', 'address', MAC, 'netns', clientNs);
    ip('link', 'set', 'cli0-br', 'master', net.bridge);
    ip('link', 'set', 'cli0-br', 'up');
    execFileSync('ip', ['-n', clientNs, 'link', 'set', 'cli0', 'up']);
    fs.writeFileSync(
      path.join(work, 'udhcpc.sh'),
      [
        '#!/bin/sh',
        'echo "$1 ip=$ip boot_file=$boot_file siaddr=$siaddr" >> "$OUT"',
        'if [ "$1" = bound ]; then ip addr replace "$ip/24" dev "$interface"; fi',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    const config = loadConfig({
      env: {},
      overrides: {
        service: { data_dir: work },
        boot: { dhcp_mode: 'dnsmasq', dhcp_interface: net.bridge, dhcp_range: net.dhcpRange, tftp_address: net.hostAddress },
      },
    });
    const onRead = (client: string, file: string) => void dnsmasq?.tftpServed(client, file);
    tftp = await startTftpServer({ root: '/usr/lib/ipxe', host: net.hostAddress, port: 69, log: cap.log, onRead });
    expect(tftp, 'TFTP could not bind port 69 on the veth address').to.not.equal(undefined);
    dnsmasq = await startDnsmasq({
      config,
      log: cap.log,
      bootUrl: `http://${net.hostAddress}:8080`,
      tftpAddress: net.hostAddress,
      dataDir: work,
      netns: net.name,
    });
    await dnsmasq.syncHosts([MAC]);
  });

  after(async () => {
    await dnsmasq?.stop();
    await tftp?.close();
    if (clientNs) execFileSync('ip', ['netns', 'del', clientNs]);
    net?.destroy();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('sends every client the iPXE binary over TFTP until Tyr served it one, then iPXE gets boot.ipxe', async () => {
    const pid = dnsmasq!.pid;
    expect(await dhcp('biosRom')).to.include({ bootFile: 'undionly.kpxe', siaddr: net.hostAddress });
    expect(await dhcp('uefiRom')).to.include({ bootFile: 'snponly.efi', siaddr: net.hostAddress });
    // An iPXE ROM (QEMU's) is not sent to HTTP yet: it takes the TFTP leg first.
    expect(await dhcp('ipxe')).to.include({ bootFile: 'undionly.kpxe', siaddr: net.hostAddress });

    // The machine fetches the binary from Tyr's TFTP server from its leased address.
    // Asynchronously: the TFTP server answers from this process's event loop.
    await run('ip', ['netns', 'exec', clientNs!, 'curl', '-sS', '-o', '/dev/null', `tftp://${net.hostAddress}/undionly.kpxe`], {
      timeout: 20_000,
    });
    const hostFile = path.join(dnsmasq!.hostsDir, MAC.replace(/:/g, '-'));
    await until('the host file to get the tyr-chained tag', 5000, () => fs.readFileSync(hostFile, 'utf8').includes('tyr-chained'));
    expect(fs.readFileSync(hostFile, 'utf8')).to.equal(`${MAC},set:tyr-known,set:tyr-chained\n`);

    expect((await dhcp('ipxe')).bootFile).to.equal(`http://${net.hostAddress}:8080/boot.ipxe`);
    // A PXE ROM that is not iPXE cannot use a URL: it still gets the binary, tag or not.
    expect((await dhcp('biosRom')).bootFile).to.equal('undionly.kpxe');

    // Once the boot script was served, the next boot starts over with TFTP.
    await dnsmasq!.bootScriptServed(MAC);
    expect(fs.readFileSync(hostFile, 'utf8')).to.equal(`${MAC},set:tyr-known\n`);
    expect((await dhcp('ipxe')).bootFile).to.equal('undionly.kpxe');
    // The same dnsmasq answered throughout: host-file changes never crash it (a SIGHUP would, DHCP.md).
    expect(dnsmasq!.pid).to.equal(pid);
    expect(cap.lines().filter((l) => l.msg === 'dnsmasq exited')).to.deep.equal([]);
  });
});
