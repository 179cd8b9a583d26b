// The REAL agent executable (built by `npm run build:agent`'s function) on this host: its
// kernel command line comes from a temp file, the network is left alone, and the core is a
// stand-in (fake-core.ts) that starts only after the agent has begun retrying its lookup.
import { expect } from 'chai';
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes, randomUUID, X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import { agentProcessEnv } from './agent-process-env.js';
import os from 'node:os';
import path from 'node:path';
import { buildAgent } from '../../../agent/build/build-agent.js';
import { pinnedFetch } from '../../helpers/pinned-fetch.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { requireTool } from '../../helpers/tools.js';
import { until } from '../../helpers/until.js';
import { startFakeCore, type FakeCore } from './fake-core.js';

const NODE = { uuid: randomUUID(), name: 'agent-host' };
const TOKEN = randomBytes(32).toString('base64url');

/** MACs of this host's device-backed NICs, read directly from sysfs. */
function hostMacs(): string[] {
  return fs
    .readdirSync('/sys/class/net')
    .filter((n) => fs.existsSync(`/sys/class/net/${n}/device`))
    .map((n) => fs.readFileSync(`/sys/class/net/${n}/address`, 'utf8').trim());
}

describe('agent program (real single executable on this host)', function () {
  this.timeout(240_000);
  let dir: string;
  let agent: ChildProcess | undefined;
  let core: FakeCore | undefined;
  let output = '';
  let agentBase: string;
  let powerMarker: string;
  let agentPath: string;
  /** Requests to the agent's HTTPS API, trusting the certificate its heartbeat sent. */
  let fetch: ReturnType<typeof pinnedFetch>;
  const auth = { 'X-Agent-Token': TOKEN };

  function startAgent(): void {
    const powerCmd = path.join(dir, 'fake-power.sh');
    agent = spawn(agentPath, [], {
      env: agentProcessEnv(dir, {
        TYR_AGENT_POWER_CMD: powerCmd, // test-only: never power this host off
      }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    agent.stdout!.on('data', (c: Buffer) => (output += c.toString()));
    agent.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  }

  const command = async (name: string, params: Record<string, unknown> = {}, wait = true) =>
    fetch(`${agentBase}/v1/commands/?wait=${wait}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...auth },
      body: JSON.stringify({ name, params }),
    });

  before(async function () {
    requireTool('tar');
    const built = await buildAgent({ quiet: true });
    expect(built.sizeBytes).to.be.greaterThan(10 * 1024 * 1024);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-agent-it-'));
    const corePort = await freeTcpPort();
    const agentPort = await freeTcpPort();
    agentBase = `https://127.0.0.1:${agentPort}`;
    const bootMac = hostMacs()[0]!;
    fs.writeFileSync(
      path.join(dir, 'cmdline'),
      `ipa-api-url=http://127.0.0.1:${corePort} BOOTIF=01-${bootMac.replace(/:/g, '-')} tyr-mode=deploy tyr-node-uuid=${NODE.uuid} ipa-listen-port=${agentPort} ipa-advertise-host=127.0.0.1 console=ttyS0\n`,
    );
    powerMarker = path.join(dir, 'power-actions');
    fs.writeFileSync(path.join(dir, 'fake-power.sh'), `#!/bin/sh\necho "$1" >> ${powerMarker}\n`, { mode: 0o755 });
    agentPath = built.path;
    startAgent();
    // The core is down at first: the agent must log its retries, then get through.
    await until('the agent to log a lookup retry', 30_000, () => /lookup of .* failed \(attempt 2\).*retrying in/.test(output));
    core = await startFakeCore(corePort, NODE, TOKEN);
    await until('a heartbeat', 60_000, () => core!.heartbeats.length >= 2);
    fetch = pinnedFetch(core.heartbeats[0]!.agent_verify_ca as string);
  });

  after(async () => {
    if (agent?.pid && agent.exitCode === null) {
      agent.kill('SIGTERM');
      await until('the agent to exit', 5000, () => agent!.exitCode !== null || agent!.signalCode !== null).catch(() =>
        agent!.kill('SIGKILL'),
      );
    }
    await core?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('logged a banner and each start-up step, and its retries while the core was down', () => {
    expect(output).to.match(/===== Tyr agent \d+\.\d+\.\d+ starting/);
    for (let step = 1; step <= 6; step++) expect(output).to.contain(`step ${step}/6`);
    expect(output).to.match(/core unreachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); retrying in/);
    expect(output).to.contain(`lookup: this is node ${NODE.uuid}`);
  });

  it('looked up with the host MACs and its node UUID', () => {
    expect(core!.tokensHandedOut).to.equal(1);
    const q = core!.lookups[0]!;
    expect(q.get('addresses')!.split(',')).to.include.members(hostMacs());
    expect(q.get('node_uuid')).to.equal(NODE.uuid);
  });

  it('sends the inventory on the first heartbeat only, with the token and callback URL', () => {
    const [first, second] = core!.heartbeats as Record<string, any>[];
    expect(core!.rejectedHeartbeats).to.equal(0);
    expect(first).to.include({ callback_url: agentBase, agent_token: TOKEN, agent_version: '0.1.0', agent_status: 'start' });
    expect(second).to.not.have.property('inventory');
    const inv = first!.inventory;
    expect(inv.cpu.count).to.equal(os.cpus().length);
    expect(inv.cpu.architecture).to.equal(os.machine());
    expect(Math.abs(inv.memory.total - os.totalmem()) / os.totalmem()).to.be.lessThan(0.02);
    expect(inv.memory.physical_mb).to.be.at.least(Math.floor(os.totalmem() / 2 ** 20));
    expect(inv.pci_devices).to.have.length(fs.readdirSync('/sys/bus/pci/devices').length).and.to.have.length.greaterThan(0);
    expect(inv.pci_devices[0]).to.have.all.keys('vendor_id', 'product_id', 'class', 'revision', 'bus', 'vendor_name', 'device_name');
    expect(inv.interfaces.map((i: { mac_address: string }) => i.mac_address)).to.have.members(hostMacs());
    expect(inv.boot).to.deep.equal({
      current_boot_mode: fs.existsSync('/sys/firmware/efi') ? 'uefi' : 'bios',
      pxe_interface: hostMacs()[0],
    });
    expect(inv.disks.length).to.be.greaterThan(0);
    expect(inv).to.have.property('bmc_address', null); // no /dev/ipmi0 on this host
    expect(inv.system_vendor).to.have.all.keys('product_name', 'serial_number', 'manufacturer', 'firmware');
  });

  it('sends the certificate of its HTTPS API in every heartbeat (agent_verify_ca), made for the advertised address', () => {
    const certs = new Set(core!.heartbeats.map((h) => h.agent_verify_ca));
    expect(certs.size).to.equal(1);
    const cert = new X509Certificate([...certs][0] as string);
    expect(cert.subjectAltName).to.equal('IP Address:127.0.0.1');
    expect(cert.verify(cert.publicKey), 'self-signed').to.equal(true);
  });

  it('speaks HTTPS only', async () => {
    const plain = await globalThis.fetch(agentBase.replace('https:', 'http:') + '/v1/status', { headers: auth }).then(
      (r) => r.status,
      (e: Error) => e.message,
    );
    expect(plain).not.to.equal(200);
  });

  it('refuses API calls without the token, with a wrong one, or with it in the URL (401)', async () => {
    const none = await fetch(`${agentBase}/v1/status`);
    expect(none.status).to.equal(401);
    expect((await none.json()).faultstring).to.match(/token/);
    expect((await fetch(`${agentBase}/v1/status?agent_token=wrong`)).status).to.equal(401);
    expect((await fetch(`${agentBase}/v1/status?agent_token=${encodeURIComponent(TOKEN)}`)).status, 'only the header carries it').to.equal(
      401,
    );
    const cmd = await fetch(`${agentBase}/v1/commands/?wait=true`, {
      method: 'POST',
      headers: { 'X-Agent-Token': 'wrong' },
      body: JSON.stringify({ name: 'standby.sync' }),
    });
    expect(cmd.status).to.equal(401);
  });

  it('serves status with the token', async () => {
    const res = await fetch(`${agentBase}/v1/status`, { headers: { 'X-Agent-Token': TOKEN } });
    expect(res.status).to.equal(200);
    const body = await res.json();
    expect(body.version).to.equal('0.1.0');
    expect(body.started_at).to.be.within(Date.now() / 1000 - 300, Date.now() / 1000);
  });

  it('runs standby.sync', async () => {
    const res = await command('standby.sync');
    expect(res.status).to.equal(200);
    expect(await res.json()).to.include({ command_name: 'standby.sync', command_status: 'SUCCEEDED', command_error: null });
  });

  it('collects the system logs as a base64 tar.gz with dmesg, its own log and the cmdline', async () => {
    const body = await (await command('log.collect_system_logs')).json();
    expect(body.command_status).to.equal('SUCCEEDED');
    const out = path.join(dir, 'logs');
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'logs.tgz'), Buffer.from(body.command_result.system_logs, 'base64'));
    const names = execFileSync('tar', ['-tzf', 'logs.tgz'], { cwd: out, encoding: 'utf8' }).trim().split('\n');
    expect(names).to.include.members(['dmesg.txt', 'tyr-agent.log', 'cmdline.txt']);
    execFileSync('tar', ['-xzf', 'logs.tgz'], { cwd: out });
    expect(fs.readFileSync(path.join(out, 'tyr-agent.log'), 'utf8')).to.contain(`lookup: this is node ${NODE.uuid}`);
    expect(fs.readFileSync(path.join(out, 'cmdline.txt'), 'utf8')).to.contain(`tyr-node-uuid=${NODE.uuid}`);
  });

  it('lists deploy and clean steps per hardware manager', async () => {
    const deploy = (await (await command('deploy.get_deploy_steps', { node: {}, ports: [] })).json()).command_result;
    expect(deploy.hardware_manager_version).to.deep.equal({ GenericHardwareManager: '1.0' });
    expect(deploy.deploy_steps.GenericHardwareManager.map((s: { step: string }) => s.step)).to.include('write_image');
    for (const s of deploy.deploy_steps.GenericHardwareManager) expect(s).to.include({ interface: 'deploy', reboot_requested: false });
    const clean = (await (await command('clean.get_clean_steps', { node: {}, ports: [] })).json()).command_result;
    const steps = clean.clean_steps.GenericHardwareManager as { step: string; priority: number }[];
    expect(steps.find((s) => s.step === 'erase_devices_metadata')?.priority).to.equal(99);
    expect(steps.find((s) => s.step === 'erase_devices')?.priority).to.equal(0);
  });

  it('answers unknown commands with 404 and lists what it ran', async () => {
    const res = await command('standby.explode');
    expect(res.status).to.equal(404);
    expect((await res.json()).command_error.message).to.match(/unknown command.*standby.sync/);
    const list = await (await fetch(`${agentBase}/v1/commands/`, { headers: auth })).json();
    expect(list.commands.map((c: { command_name: string }) => c.command_name)).to.include.members([
      'standby.sync',
      'log.collect_system_logs',
    ]);
  });

  it('answers a malformed percent-escape with 400 (it was a 500)', async () => {
    const res = await fetch(`${agentBase}/v1/commands/%E0%A4%A`, { headers: auth });
    expect(res.status).to.equal(400);
    expect((await res.json()).faultstring).to.match(/percent-encoded/);
  });

  it('keeps heartbeating with backoff through a core outage, without resending the inventory', async () => {
    const corePort = Number(new URL(/ipa-api-url=(\S+)/.exec(fs.readFileSync(path.join(dir, 'cmdline'), 'utf8'))![1]!).port);
    await core!.close();
    const before = output.length;
    await until('a failed heartbeat in the log', 15_000, () => /heartbeat failed \(attempt 1\).*retrying in/.test(output.slice(before)));
    core = await startFakeCore(corePort, NODE, TOKEN, true);
    await until('a heartbeat after the outage', 30_000, () => core!.heartbeats.length > 0);
    expect(core.heartbeats[0]).to.include({ agent_token: TOKEN }).and.not.have.property('inventory');
    expect(core.lookups).to.have.length(0); // the token from the first lookup is still good
  });

  it('after a restart within the same boot, uses its saved token (lookup masks it now) and certificate', async () => {
    const pinnedCert = core!.heartbeats[0]!.agent_verify_ca;
    agent!.kill('SIGTERM');
    await until('the agent to exit', 5000, () => agent!.exitCode !== null || agent!.signalCode !== null);
    core!.heartbeats.length = 0;
    startAgent();
    await until('a heartbeat from the restarted agent', 30_000, () => core!.heartbeats.length > 0);
    expect(core!.lookups.length).to.be.at.least(1);
    expect(core!.tokensHandedOut).to.equal(0); // every lookup answered "******"
    expect(core!.heartbeats[0]).to.include({ agent_token: TOKEN });
    expect(core!.rejectedHeartbeats).to.equal(0);
    // The certificate the boot pinned is served again (saved with the token), and the API
    // takes the same token again.
    expect(core!.heartbeats[0]!.agent_verify_ca).to.equal(pinnedCert);
    expect((await fetch(`${agentBase}/v1/status`, { headers: auth })).status).to.equal(200);
  });

  it('powers off and reboots through the (test-only, injected) power command, after replying', async () => {
    const off = await command('standby.power_off', {}, false);
    expect(off.status).to.equal(200);
    const started = await off.json();
    expect(started.command_status).to.equal('RUNNING');
    await until(
      'the power-off action',
      10_000,
      () => fs.existsSync(powerMarker) && fs.readFileSync(powerMarker, 'utf8').includes('poweroff'),
    );
    const done = await (await fetch(`${agentBase}/v1/commands/${started.id}`, { headers: auth })).json();
    expect(done.command_status).to.equal('SUCCEEDED');
    const reboot = await command('standby.reboot', {}, true);
    expect((await reboot.json()).command_status).to.equal('SUCCEEDED');
    await until('the reboot action', 10_000, () => fs.readFileSync(powerMarker, 'utf8').split('\n').includes('reboot'));
  });
});
