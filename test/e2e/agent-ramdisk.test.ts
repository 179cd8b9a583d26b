// End to end: a lab machine boots Tyr's real ramdisk (npm run build:ramdisk) and its agent talks
// to the core. `tyr server` runs as a child process; one lab node (ipmi_sim BMC → QEMU/TCG VM,
// 2 CPUs, 1024 MiB, 4 GiB disk) is enrolled and deployed, so the conductor sets PXE and powers it
// on; the VM PXE boots the kernel + initramfs over HTTP, /init starts the agent, which looks
// its node up, heartbeats with its token and sends the inventory. The guest sits behind QEMU's
// user-mode NAT, so the lab forwards a host port to the agent's 9999 and enrols the node with
// kernel_append_params that make the agent advertise that address.
import { expect } from 'chai';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { AgentClient } from '../../core/drivers/ramdisk-agent/agent-client.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { labDown, type Lab } from '../bench/lab/lab.js';
import { labFor, startLabTyr, startStalledImageServer, type StalledImageServer } from './lab-tyr.js';
import { MINUTE, until } from '../helpers/until.js';
import { pinnedFetch } from '../helpers/pinned-fetch.js';
import type { TyrProcess } from '../helpers/tyr-process.js';

const CPUS = 2;
const MEMORY_MB = 1024;

type Json = Record<string, any>;

describe("e2e: a lab machine boots Tyr's ramdisk and its agent reports to the core", function () {
  this.timeout(15 * MINUTE);
  let work: string;
  let dataDir: string;
  let tyr: TyrProcess | undefined;
  let lab: Lab | undefined;
  let client: TyrClient;
  let agentPort: number;
  let stalledImages: StalledImageServer | undefined;

  before(async function () {
    this.timeout(10 * MINUTE); // a first build downloads the kernel and builds the agent
    const ramdisk = buildRamdisk();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-agent-'));
    dataDir = path.join(work, 'data');
    const started = await startLabTyr({ dataDir, ramdisk });
    tyr = started.tyr;
    client = new TyrClient({ url: tyr.url });
    lab = await labFor(started, path.join(work, 'lab'), { nodes: 1, memoryMb: MEMORY_MB, cpus: CPUS });
    agentPort = lab.nodes[0]!.agentPort;
    // The first heartbeat continues the deploy: the agent starts downloading from this server,
    // which never sends, so the node stays in "deploying" with its agent running.
    stalledImages = await startStalledImageServer();
  });

  after(async function () {
    // Only what this test started: the lab's ipmi_sim and QEMU PIDs, then the Tyr child.
    if (lab) await labDown(lab);
    await tyr?.kill();
    stalledImages?.close();
    if (this.currentTest?.state === 'failed' || process.env.TYR_E2E_KEEP) {
      fs.writeFileSync(path.join(work, 'tyr.log'), tyr?.output() ?? '');
      const consoleLog = lab?.nodes[0]?.consoleLog;
      if (consoleLog && fs.existsSync(consoleLog))
        console.log(`      console tail:\n${fs.readFileSync(consoleLog, 'latin1').slice(-4000)}`);
      console.log(`      kept ${work} (console log, BMC and Tyr data) for inspection`);
    } else if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it("the agent heartbeats with its token, reports the VM's inventory and serves its logs; wrong tokens get 401", async () => {
    const node = lab!.nodes[0]!;
    const uuid = node.uuid!;
    const agentUrl = `https://127.0.0.1:${agentPort}`;
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });
    await client.nodes.patch(uuid, stalledImages!.instanceInfoPatch);

    await client.nodes.setProvisionState(uuid, 'active');
    await client.nodes.waitForProvisionState(uuid, 'wait call-back', { timeoutMs: 2 * MINUTE });
    const poweredOn = Date.now();

    const dii = await until('the first heartbeat (driver_internal_info.agent_url)', 6 * MINUTE, async () => {
      const n = (await client.nodes.get(uuid)) as Json;
      return n.driver_internal_info?.agent_url ? (n.driver_internal_info as Json) : undefined;
    });
    console.log(`      power-on → first heartbeat: ${((Date.now() - poweredOn) / 1000).toFixed(1)} s`);
    expect(dii.agent_url).to.equal(agentUrl);
    expect(dii.agent_version, 'agent_version').to.be.a('string').and.not.equal('');
    expect(dii.agent_secret_token, 'the API masks the token').to.equal('******');
    // IPA's automatic TLS: the heartbeat carried the agent's certificate, pinned for this boot.
    const verifyCa = dii.agent_verify_ca as string;
    expect(new X509Certificate(verifyCa).verify(new X509Certificate(verifyCa).publicKey), 'self-signed').to.equal(true);
    const agentFetch = pinnedFetch(verifyCa);

    const { inventory, plugin_data: plugin }: { inventory: Json; plugin_data: Json } = await client.nodes.inventory(uuid);
    expect(inventory.cpu.count, 'cpu.count = -smp').to.equal(CPUS);
    expect(inventory.memory.physical_mb, 'memory.physical_mb ≈ -m').to.be.within(MEMORY_MB * 0.85, MEMORY_MB);
    const diskBytes = fs.statSync(node.disk).size;
    expect(
      (inventory.disks as Json[]).map((d) => d.size),
      'disk sizes',
    ).to.include(diskBytes);
    expect(
      (inventory.interfaces as Json[]).map((i) => String(i.mac_address).toLowerCase()),
      'interface MACs',
    ).to.include(node.mac);
    expect(
      // Stored as Ironic keeps them: beside the inventory, in the plugin data.
      (plugin.pci_devices as Json[]).map((p) => p.vendor_id),
      'PCI vendors',
    ).to.include('1af4');

    // The token is stored in the node's driver_internal_info; the API never shows it, so the
    // test reads it from the database file, as the conductor would.
    const db = new Database(path.join(dataDir, 'tyr.sqlite'), { readonly: true, fileMustExist: true });
    const row = db.prepare('SELECT driver_internal_info FROM nodes WHERE uuid = ?').get(uuid) as { driver_internal_info: string };
    db.close();
    const token = (JSON.parse(row.driver_internal_info) as Json).agent_secret_token as string;
    expect(token).to.be.a('string').with.length.above(20);

    const agent = new AgentClient({ url: agentUrl, token, verifyCa, node: uuid, timeoutMs: 2 * MINUTE });
    expect((await agent.status()).version).to.equal(dii.agent_version);
    const logs = await agent.runCommand('log.collect_system_logs');
    const b64 = (logs.command_result as Json).system_logs as string;
    const tgz = Buffer.from(b64, 'base64');
    expect(tgz.length, 'system_logs tar.gz').to.be.above(100);
    expect(tgz.subarray(0, 2).toString('hex'), 'gzip magic').to.equal('1f8b');
    const tgzFile = path.join(work, 'logs.tar.gz');
    fs.writeFileSync(tgzFile, tgz);
    const listing = execFileSync('tar', ['tzf', tgzFile], { encoding: 'utf8' });
    console.log(`      system logs: ${tgz.length} bytes, ${listing.trim().split('\n').join(', ')}`);
    expect(listing).to.match(/dmesg/);

    // Security: the core refuses a heartbeat with a wrong token; the agent refuses commands
    // without one; a second lookup does not hand the token out again.
    const hb = await fetch(`${tyr!.url}/v1/heartbeat/${uuid}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ callback_url: 'http://127.0.0.1:1', agent_token: 'not-the-token', agent_version: '0.0.0' }),
    });
    expect(hb.status, 'heartbeat with a wrong token').to.equal(401);
    expect(await hb.text()).not.to.contain(token);
    const noToken = await agentFetch(`${agentUrl}/v1/commands/?wait=true`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'standby.sync', params: {} }),
    });
    expect(noToken.status, 'agent command without a token').to.equal(401);
    const badToken = await agentFetch(`${agentUrl}/v1/status`, { headers: { 'X-Agent-Token': 'not-the-token' } });
    expect(badToken.status, 'agent status with a wrong token').to.equal(401);
    const lookup = await fetch(`${tyr!.url}/v1/lookup?addresses=${node.mac}`);
    expect(lookup.status).to.equal(200);
    expect(((await lookup.json()) as Json).config.agent_token, 'a second lookup').to.equal('******');
    expect(((await client.nodes.get(uuid)) as Json).driver_internal_info.agent_url, 'the wrong heartbeat changed nothing').to.equal(
      agentUrl,
    );
  });
});
