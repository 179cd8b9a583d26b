// The dnsmasq supervisor against the real dnsmasq, inside a network namespace this test creates
// (so it can never answer DHCP on a real network): start, host files read through inotify, restart after a
// crash, stop by PID, and the one-line errors for a missing binary, a bad interface, a bad range.
// Needs root (namespaces).
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../../core/config-load.js';
import { ConfigError } from '../../../core/errors.js';
import { startDnsmasq, type DnsmasqOptions, type RunningDnsmasq } from '../../../core/boot/dnsmasq/supervisor.js';
import { captureLogger } from '../../helpers/capture-log.js';
import { createNetns, type TestNetns } from '../../helpers/netns.js';
import { requireTool } from '../../helpers/tools.js';
import { sleep, until } from '../../helpers/until.js';

/** Running, and not a zombie waiting for this process to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('dnsmasq supervisor (real dnsmasq in a network namespace)', function () {
  this.timeout(60_000);
  let net: TestNetns;
  let work: string;
  let running: RunningDnsmasq | undefined;
  const cap = captureLogger();

  const options = (boot: Record<string, unknown> = {}): DnsmasqOptions => ({
    config: loadConfig({
      env: {},
      overrides: {
        service: { data_dir: work },
        boot: { dhcp_mode: 'dnsmasq', dhcp_interface: net.bridge, dhcp_range: net.dhcpRange, tftp_address: net.hostAddress, ...boot },
      },
    }),
    log: cap.log,
    bootUrl: `http://${net.hostAddress}:8080`,
    tftpAddress: net.hostAddress,
    dataDir: work,
    netns: net.name,
    restartDelayMs: { min: 100, max: 400 },
  });

  before(() => {
    requireTool('dnsmasq', ['/usr/sbin/dnsmasq']);
    net = createNetns();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-dnsmasq-'));
  });
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  after(() => {
    net?.destroy();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it('starts dnsmasq inside the namespace, writes host files that it reads (inotify), and stops it by its PID', async () => {
    running = await startDnsmasq(options({ dhcp_ipv6_ra: true }));
    const pid = running.pid!;
    expect(alive(pid)).to.equal(true);
    expect(execFileSync('ip', ['netns', 'identify', String(pid)], { encoding: 'utf8' }).trim()).to.equal(net.name);
    const msgs = () => cap.lines().map((l) => String(l.msg));
    expect(msgs()).to.include('dnsmasq started');
    expect(msgs().some((m) => m.includes(`DHCP, IP range ${net.dhcpRange.split(',')[0]}`))).to.equal(true);

    await running.syncHosts(['52:54:00:AA:00:01', '52:54:00:aa:00:02']);
    expect(fs.readdirSync(running.hostsDir).sort()).to.deep.equal(['52-54-00-aa-00-01', '52-54-00-aa-00-02']);
    // syncHosts returns once dnsmasq has said it read the new files.
    expect(msgs()).to.include.members([
      `dnsmasq: read ${running.hostsDir}/52-54-00-aa-00-01`,
      `dnsmasq: read ${running.hostsDir}/52-54-00-aa-00-02`,
    ]);
    await running.syncHosts(['52:54:00:aa:00:02']);
    // A MAC that is gone keeps a file with an inert tag: deleting it would leave its record in dnsmasq.
    expect(fs.readFileSync(path.join(running.hostsDir, '52-54-00-aa-00-01'), 'utf8')).to.equal('52:54:00:aa:00:01,set:tyr-seen\n');
    expect(msgs().filter((m) => m === `dnsmasq: read ${running!.hostsDir}/52-54-00-aa-00-01`)).to.have.length(2);
    expect(running.pid).to.equal(pid);

    await running.stop();
    expect(alive(pid)).to.equal(false);
    expect(msgs()).to.include('dnsmasq stopped');
  });

  it('restarts dnsmasq when it dies, and a stop during the backoff leaves nothing running', async () => {
    running = await startDnsmasq(options());
    const first = running.pid!;
    process.kill(first, 'SIGKILL');
    await until('a new dnsmasq', 10_000, () => running!.pid !== undefined && running!.pid !== first);
    const second = running.pid!;
    expect(alive(second)).to.equal(true);
    expect(cap.lines().some((l) => l.msg === 'restarting dnsmasq')).to.equal(true);
    process.kill(second, 'SIGKILL');
    await until('the crash to be noticed', 5000, () => running!.pid === undefined);
    await running.stop();
    await sleep(600); // past the restart backoff: a restart despite the stop would show by now
    expect(running.pid).to.equal(undefined);
  });

  it('stops a dnsmasq that an earlier, hard-killed Tyr left running on the same config', async () => {
    // The first supervisor stands for a Tyr that died: it never stops its child or restarts it.
    const orphaned = await startDnsmasq({ ...options(), restartDelayMs: { min: 600_000, max: 600_000 } });
    const leftover = orphaned.pid!;
    running = await startDnsmasq(options());
    expect(alive(leftover)).to.equal(false);
    expect(running.pid).to.not.equal(leftover);
    expect(cap.lines().some((l) => l.msg === 'stopping a dnsmasq left behind by an earlier Tyr' && l.pid === leftover)).to.equal(true);
    await orphaned.stop();
    expect(alive(running.pid!)).to.equal(true);
  });

  it('a missing dnsmasq binary is a one-line error naming boot.dnsmasq_path and the install script', async () => {
    const err = await startDnsmasq(options({ dnsmasq_path: '/nonexistent/dnsmasq' })).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as Error).message).to.match(
      /^boot\.dnsmasq_path: dnsmasq executable "\/nonexistent\/dnsmasq" not found: run `bash scripts\/install-system-deps.sh` \(it installs dnsmasq-base\)/,
    );
    expect((err as Error).message).to.not.include('\n');
  });

  it('an interface that does not exist is a one-line error naming boot.dhcp_interface', async () => {
    const err = await startDnsmasq(options({ dhcp_interface: 'nope0' })).catch((e: unknown) => e);
    expect(err).to.be.instanceOf(ConfigError);
    expect((err as Error).message).to.match(/^boot\.dhcp_interface \(--dhcp-interface\): there is no interface "nope0" here; set it to/);
  });

  it('a bad range or an empty interface is refused before dnsmasq runs', async () => {
    const bad = await startDnsmasq(options({ dhcp_range: '10.0.0.1' })).catch((e: unknown) => e);
    expect((bad as Error).message).to.match(/boot\.dhcp_range \(--dhcp-range\) "10\.0\.0\.1" is not/);
    const empty = await startDnsmasq(options({ dhcp_interface: '' })).catch((e: unknown) => e);
    expect((empty as Error).message).to.match(/boot\.dhcp_interface \(--dhcp-interface\) is empty/);
  });
});
