// dnsmasq mode end to end, in a network namespace this test creates (bridge, tap, veth, IPv6 RA):
// a QEMU machine PXE boots, gets its lease from the dnsmasq that Tyr's supervisor runs, fetches
// the iPXE binary (undionly.kpxe) from Tyr's TFTP server, and — being tagged "chained" by Tyr at
// that moment — gets the HTTP boot.ipxe URL on its next DHCP and reaches /boot/<mac>.ipxe.
// QEMU's NIC ROM already is iPXE; the tag is what makes it take the TFTP leg first (DHCP.md).
// Needs root (namespaces); everything it creates is removed in after(), also on failure.
import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../core/config-load.js';
import { startBootServers, type RunningBootServers } from '../../core/boot/boot-servers.js';
import type { RunningDnsmasq } from '../../core/boot/dnsmasq/supervisor.js';
import { readLeases } from '../../core/boot/dnsmasq/leases.js';
import type { Store } from '../../core/db/store.js';
import { captureLogger } from '../helpers/capture-log.js';
import { freshStore } from '../helpers/databases.js';
import { createNetns, linkExists, netnsExists, requireRoot, type TestNetns } from '../helpers/netns.js';
import { requireTool } from '../helpers/tools.js';
import { MINUTE, until } from '../helpers/until.js';

const IPXE_DIR = '/usr/lib/ipxe';

describe('dnsmasq mode in a network namespace (e2e, QEMU)', function () {
  this.timeout(6 * 60_000);
  const { log, lines } = captureLogger();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-dnsmasq-e2e-'));
  const mac = `52:54:00:${[0, 0, 0]
    .map(() =>
      Math.floor(Math.random() * 256)
        .toString(16)
        .padStart(2, '0'),
    )
    .join(':')}`;
  let net: TestNetns | undefined;
  let store: Store | undefined;
  let boot: RunningBootServers | undefined;
  let dnsmasq: RunningDnsmasq | undefined;
  let qemu: ChildProcess | undefined;

  before(() => {
    requireRoot('the dnsmasq e2e test');
    requireTool('qemu-system-x86_64');
    requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
    if (!fs.existsSync(path.join(IPXE_DIR, 'undionly.kpxe')))
      throw new Error(`${IPXE_DIR}/undionly.kpxe is missing: run \`bash scripts/install-system-deps.sh\` (package ipxe)`);
  });

  after(async () => {
    // Only what this test started, by its own handles and PIDs.
    if (qemu?.pid && qemu.exitCode === null) {
      const exited = new Promise((r) => qemu!.once('exit', r));
      qemu.kill('SIGKILL');
      await exited;
    }
    await boot?.stop().catch(() => undefined);
    await store?.close();
    const name = net?.name;
    const veth = net?.hostVeth;
    net?.destroy();
    if (name) expect(netnsExists(name), `namespace ${name} left behind`).to.equal(false);
    if (veth) expect(linkExists(veth), `veth ${veth} left behind`).to.equal(false);
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("boots a VM: DHCP from Tyr-managed dnsmasq, iPXE binary over Tyr's TFTP, then the per-MAC HTTP script", async () => {
    const started = Date.now();
    net = createNetns({ tap: true });
    const config = loadConfig({
      env: {},
      overrides: {
        service: { data_dir: work },
        boot: {
          http_host: net.hostAddress,
          http_port: 0,
          tftp_port: 69,
          tftp_root: IPXE_DIR,
          dhcp_mode: 'dnsmasq',
          dhcp_interface: net.bridge,
          dhcp_range: net.dhcpRange,
          dhcp_ipv6_ra: true,
          tftp_address: net.hostAddress,
        },
      },
    });
    store = await freshStore('sqlite');

    // The boot side exactly as `tyr server` starts it (HTTP boot, TFTP, dnsmasq), with dnsmasq in
    // this test's namespace and the logs captured.
    boot = await startBootServers(config, store, () => 6385, { log, netns: net.name });
    expect(boot.tftpPort, 'Tyr TFTP could not bind port 69 on the veth address').to.equal(69);
    dnsmasq = boot.dhcp!.dnsmasq;
    const dnsmasqPid = dnsmasq.pid;
    expect(dnsmasqPid).to.be.a('number');

    const sercon = path.join(work, 'sercon-port');
    fs.writeFileSync(sercon, Buffer.from([0xf8, 0x03]));
    const consoleLog = path.join(work, 'console.log');
    qemu = spawn(
      net.exec[0]!,
      [
        ...net.exec.slice(1),
        'qemu-system-x86_64',
        '-accel',
        'tcg',
        '-m',
        '512',
        '-nodefaults',
        '-netdev',
        'tap,id=n0,ifname=tap0,script=no,downscript=no',
        '-device',
        `virtio-net-pci,netdev=n0,mac=${mac}`,
        '-boot',
        'order=n',
        '-display',
        'none',
        '-serial',
        `file:${consoleLog}`,
        '-fw_cfg',
        `name=etc/sercon-port,file=${sercon}`,
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let qemuErr = '';
    qemu.stderr!.on('data', (d) => {
      qemuErr += String(d);
    });

    const servedScript = () => lines().some((l) => l.mac === mac && String(l.msg).startsWith('boot script:'));
    const diagnostics = () =>
      [
        `QEMU stderr: ${qemuErr}`,
        `console: ${fs.existsSync(consoleLog) ? fs.readFileSync(consoleLog, 'utf8').slice(-2000) : '(none)'}`,
        `log: ${lines()
          .map((l) => l.msg)
          .slice(-40)
          .join('\n')}`,
      ].join('\n');

    await until(
      `GET /boot/${mac}.ipxe`,
      5 * MINUTE,
      () => {
        if (qemu!.exitCode !== null) throw new Error(`QEMU exited ${qemu!.exitCode}\n${diagnostics()}`);
        return servedScript();
      },
      { diagnostics },
    );
    const elapsed = (Date.now() - started) / 1000;

    // 1. The lease came from Tyr's dnsmasq.
    const lease = (await readLeases(dnsmasq.leaseFile)).find((l) => l.mac === mac);
    expect(lease, `no lease for ${mac} in ${dnsmasq.leaseFile}`).to.not.equal(undefined);
    const msgs = lines().map((l) => String(l.msg));
    const acks = msgs.filter((m) => /^dnsmasq: (\d+ )?DHCPACK\(br0\) /.test(m) && m.includes(mac));
    expect(acks.length, 'dnsmasq logged no DHCPACK for the VM').to.be.at.least(2);
    // 2. The iPXE binary came over Tyr's TFTP, to the leased address.
    const reads = lines().filter((l) => l.msg === 'TFTP read');
    expect(reads.map((r) => [String(r.client).replace(/:\d+$/, ''), r.file])).to.deep.include([lease!.ip, 'undionly.kpxe']);
    expect(msgs).to.include('iPXE binary served; next DHCP from this MAC gets the boot script URL');
    // 3. The chainloaded iPXE got the HTTP URL, ran boot.ipxe, and reached its per-MAC script.
    expect(
      msgs.some((m) => /tags: .*tyr-http/.test(m)),
      'no DHCP request was tagged tyr-http',
    ).to.equal(true);
    expect(
      msgs.some((m) => /bootfile-name +http:\/\/.*\/boot\.ipxe/.test(m)),
      'dnsmasq never sent the boot.ipxe URL',
    ).to.equal(true);
    const entry = lines().findIndex((l) => String(l.msg).startsWith('boot script: entry'));
    expect(entry, 'boot.ipxe was never fetched').to.be.at.least(0);
    expect(entry).to.be.lessThan(lines().findIndex((l) => l.mac === mac && String(l.msg).startsWith('boot script:')));
    expect(
      msgs.some((m) => /bootfile-name +undionly\.kpxe/.test(m)),
      'dnsmasq never offered undionly.kpxe',
    ).to.equal(true);
    // Serving the script cleared the tag: the next PXE boot starts over with TFTP.
    const hostFile = path.join(dnsmasq.hostsDir, mac.replace(/:/g, '-'));
    await until('the chained tag to be cleared', 5000, () => !fs.readFileSync(hostFile, 'utf8').includes('tyr-chained'), {
      diagnostics: () => fs.readFileSync(hostFile, 'utf8'),
    });
    expect(fs.readFileSync(hostFile, 'utf8')).to.equal(`${mac},set:tyr-seen\n`);
    expect(dnsmasq.pid, 'dnsmasq was restarted during the boot').to.equal(dnsmasqPid);
    // The MAC belongs to no node and discovery is off: Tyr answered "boot local".
    expect(lines().some((l) => l.msg === 'boot script: local disk' && l.mac === mac)).to.equal(true);
    console.log(`      PXE → TFTP → HTTP took ${elapsed.toFixed(1)} s`);
  });
});
