// End to end on the lab: a node's serial console through IPMI Serial-over-LAN. One lab node
// (ipmi_sim BMC whose SOL is wired to the QEMU VM's serial port, see test/bench/lab/bmc.ts) gets
// the ipmitool-socat console; the console is enabled through the API before the machine boots
// Tyr's ramdisk (a deploy whose image server stalls, so the agent keeps running). Through the
// WebSocket the test reads the kernel and agent output, types into the serial line (the guest's
// tty echoes it back), then disables the console.
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TyrClient } from '../../client/index.js';
import { buildRamdisk } from '../../ramdisk-elements/build.js';
import { labDown, type Lab } from '../bench/lab/lab.js';
import { labFor, startLabTyr, startStalledImageServer, type StalledImageServer } from './lab-tyr.js';
import { openWs, solProcesses, type WsConsole } from '../helpers/console.js';
import { freeTcpPort } from '../helpers/ports.js';
import { MINUTE, sleep, until } from '../helpers/until.js';
import type { TyrProcess } from '../helpers/tyr-process.js';

describe("e2e: a lab machine's serial console over IPMI SOL, through the API's WebSocket", function () {
  this.timeout(15 * MINUTE);
  let work: string;
  let tyr: TyrProcess | undefined;
  let lab: Lab | undefined;
  let client: TyrClient;
  let stalledImages: StalledImageServer | undefined;
  let ws: WsConsole | undefined;

  before(async function () {
    this.timeout(10 * MINUTE);
    const ramdisk = buildRamdisk();
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-e2e-console-'));
    const consolePort = await freeTcpPort();
    const started = await startLabTyr({
      dataDir: path.join(work, 'data'),
      ramdisk,
      env: { TYR_CONSOLE_PORT_RANGE: `${consolePort}:${consolePort}` },
    });
    tyr = started.tyr;
    client = new TyrClient({ url: tyr.url });
    lab = await labFor(started, path.join(work, 'lab'), { nodes: 1, sol: true });
    // The image server answers and then sends nothing: the agent stays up, downloading.
    stalledImages = await startStalledImageServer();
  });

  after(async function () {
    ws?.ws.close();
    if (lab) await labDown(lab);
    await tyr?.kill();
    stalledImages?.close();
    if (this.currentTest?.state === 'failed' || process.env.TYR_E2E_KEEP) {
      fs.writeFileSync(path.join(work, 'tyr.log'), tyr?.output() ?? '');
      if (ws) console.log(`      WebSocket transcript tail:\n${ws.out.slice(-3000)}`);
      console.log(`      kept ${work} for inspection`);
    } else if (work) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it('enables the console, shows the ramdisk booting and the agent, takes input, and disables it', async () => {
    const node = lab!.nodes[0]!;
    const uuid = node.uuid!;
    await client.nodes.patch(uuid, [{ op: 'replace', path: '/console_interface', value: 'ipmitool-socat' }]);
    await client.nodes.setProvisionState(uuid, 'manage');
    await client.nodes.waitForProvisionState(uuid, 'manageable', { timeoutMs: MINUTE });
    await client.nodes.setProvisionState(uuid, 'provide');
    await client.nodes.waitForProvisionState(uuid, 'available', { timeoutMs: MINUTE });

    await client.nodes.setConsole(uuid, true);
    const state = (await client.nodes.getConsole(uuid)) as { console_enabled: boolean; console_info: { type: string; url: string } };
    expect(state.console_enabled).to.equal(true);
    expect(state.console_info.type).to.equal('socat');
    expect(state.console_info.url).to.match(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    ws = await openWs(tyr!.url, uuid);
    expect(ws.notices[0]).to.deep.include({ writer: true });

    await client.nodes.patch(uuid, stalledImages!.instanceInfoPatch);
    await client.nodes.setProvisionState(uuid, 'active');
    const c = ws;
    await until(
      'the agent on the serial console (over SOL and the WebSocket)',
      8 * MINUTE,
      async () => /Tyr agent .* starting/.test(c.out) || undefined,
    );
    expect(c.out, 'kernel output').to.match(/Linux version|Run \/init|tyr-init|network:/);

    // Nothing reads ttyS0 while the agent runs, but the guest's tty echoes what arrives on it.
    const marker = `tyr-console-${Date.now() % 100000}`;
    c.send('\r'); // ipmi_sim may drop a new SOL session's first packet (see the integration test)
    await sleep(1000);
    c.send(`${marker}\r`);
    await until('the typed text echoed by the guest', MINUTE, async () => c.out.includes(marker) || undefined);

    await client.nodes.setConsole(uuid, false);
    await until('the WebSocket closed', 30_000, async () => c.closed ?? undefined);
    expect(c.closed).to.deep.equal({ code: 4001, reason: 'console disabled' });
    await until('sol activate gone', 30_000, async () => solProcesses(node.bmcPort).length === 0 || undefined);
    const after = (await client.nodes.getConsole(uuid)) as { console_enabled: boolean };
    expect(after.console_enabled).to.equal(false);
  });
});
