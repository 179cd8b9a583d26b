// The ipmitool-socat console against a real ipmi_sim BMC and real ipmitool, without a VM: the
// BMC's SOL is pointed at a plain TCP server of this test that plays the machine's serial port
// (ipmi_sim's `sol "tcp:host:port"`). Covers enable/disable through the API, the TCP port, the
// WebSocket (one writer, read-only viewers, replay), `tyr node console` with a pipe for stdin,
// SOL restarts, 503 when the port range is used up, and consoles surviving a server restart.
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { openWs, serialPort, solProcesses, type SerialPort } from '../../helpers/console.js';
import { sleep, until } from '../../helpers/until.js';
import { tyrLauncher } from '../../helpers/tyr-launcher.js';

/**
 * ipmi_sim 2.0.33 keeps its SOL packet sequence number across sessions, so the first packet of
 * a new session can be taken for a retransmission and dropped (a real BMC starts over). An Enter
 * first, as an operator presses to get a prompt, absorbs that; it is harmless if it arrives.
 */
async function typeFirst(c: { send(t: string): void }): Promise<void> {
  c.send('\r');
  await sleep(1000);
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const L = { version: 'latest' };

describe('ipmitool-socat console on ipmi_sim SOL', function () {
  this.timeout(180_000);
  let serial: SerialPort;
  let bmc: Bmc;
  let api: ApiHarness;
  let dataDir: string;
  let firstPort: number;

  const start = () =>
    startApi({
      ...QUICK_IPMI,
      service: { data_dir: dataDir },
      console: { port_range: `${firstPort}:${firstPort}` },
    });

  before(async () => {
    serial = await serialPort();
    bmc = await startBmc({ sol: `tcp:127.0.0.1:${serial.port}` });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-console-'));
    firstPort = await freeTcpPort();
    api = await start();
    const created = await api.call(
      'POST',
      '/v1/nodes',
      { driver: 'ipmi', name: 'sol1', console_interface: 'ipmitool-socat', driver_info: bmc.driverInfo() },
      L,
    );
    expect(created.status, JSON.stringify(created.body)).to.equal(201);
    await api.call(
      'POST',
      '/v1/nodes',
      { driver: 'ipmi', name: 'sol2', console_interface: 'ipmitool-socat', driver_info: bmc.driverInfo() },
      L,
    );
  });

  after(async () => {
    await api?.stop();
    await bmc?.stop();
    await serial?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('enables the console: sol activate runs with the password in a file, console_info names the TCP port', async () => {
    expect((await api.call('PUT', '/v1/nodes/sol1/states/console', { enabled: true }, L)).status).to.equal(202);
    const got = await api.call('GET', '/v1/nodes/sol1/states/console', undefined, L);
    expect(got.body).to.deep.equal({ console_enabled: true, console_info: { type: 'socat', url: `tcp://127.0.0.1:${firstPort}` } });
    await until('ipmitool sol activate', 20_000, () => solProcesses(bmc.port).length === 1);
    const { argv } = solProcesses(bmc.port)[0]!;
    expect(argv.join(' ')).to.not.include(bmc.password);
    expect(argv).to.include('-f').and.include('sol');
    await until('SOL connected to the serial port', 20_000, () => serial.connections >= 1);
    const node = await api.call('GET', '/v1/nodes/sol1', undefined, L);
    expect(JSON.stringify(node.body)).to.not.include(bmc.password);
  });

  it('gives the first WebSocket write access and later ones read-only, with a replay of recent output', async () => {
    const writer = await openWs(api.url, 'sol1');
    await until('login banner over SOL', 20_000, () => writer.out.includes('test-machine login:'));
    expect(writer.notices[0]).to.deep.include({ writer: true });
    const viewer = await openWs(api.url, 'sol1');
    expect(viewer.out, 'replay').to.include('test-machine login:');
    expect(viewer.notices[0]).to.deep.include({ writer: false });
    expect(viewer.notices[0]!.message).to.match(/read-only/);

    await typeFirst(writer);
    writer.send('root\r');
    await until("echo of the writer's input", 20_000, () => writer.out.includes('echo:root') && viewer.out.includes('echo:root'));
    viewer.send('viewer-typed\r');
    await until('the viewer to be told its input is ignored', 20_000, () => viewer.notices.some((n) => /input ignored/.test(n.message)));
    // One SOL stream, in order: once the writer's next line is on the serial line, the viewer's would be too.
    writer.send('after-viewer\r');
    await until("the writer's next line on the serial line", 20_000, () => serial.received.includes('after-viewer'));
    expect(serial.received).to.include('root').and.not.include('viewer-typed');

    // The raw TCP port (socat's role) sees the same console.
    const tcp = net.connect(firstPort, '127.0.0.1');
    let tcpOut = '';
    tcp.on('data', (d) => {
      tcpOut += d.toString();
    });
    await until('console over the TCP port', 20_000, () => tcpOut.includes('echo:root') && /read-only/.test(tcpOut));
    tcp.destroy();
    writer.ws.close();
    viewer.ws.close();
  });

  it('refuses a WebSocket for a node without an enabled console (409) and a plain GET (400)', async () => {
    const err = await openWs(api.url, 'sol2').then(
      () => undefined,
      (e: { status: number; body: string }) => e,
    );
    expect(err?.status).to.equal(409);
    expect(err?.body).to.match(/not enabled/);
    const plain = await api.call('GET', '/v1/nodes/sol1/console/ws', undefined, L);
    expect(plain.status).to.equal(400);
    expect(plain.message).to.match(/WebSocket/);
  });

  it('answers 503 naming console.port_range when no port is left', async () => {
    const r = await api.call('PUT', '/v1/nodes/sol2/states/console', { enabled: true }, L);
    expect(r.status).to.equal(503);
    expect(r.message).to.match(/console\.port_range/);
    expect((await api.call('GET', '/v1/nodes/sol2/states/console', undefined, L)).body.console_enabled).to.equal(false);
  });

  it('restarts sol activate when it dies, and `tyr node console` attaches, types and detaches with ^]', async () => {
    const { pid } = solProcesses(bmc.port)[0]!;
    process.kill(pid, 'SIGKILL'); // a child of this test process (the in-process server started it)
    await until('a new sol activate', 30_000, () => solProcesses(bmc.port).some((p) => p.pid !== pid));

    const cli = spawn(process.execPath, [...tyrLauncher(), 'node', 'console', 'sol1', '--url', api.url], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    cli.stdout.on('data', (d) => {
      out += d;
    });
    cli.stderr.on('data', (d) => {
      err += d;
    });
    const exited = new Promise<number | null>((r) => cli.once('exit', (code) => r(code)));
    try {
      await until('the CLI attached as writer', 60_000, () => /write access/.test(err), {
        diagnostics: () => `CLI stderr: ${err}; stdout: ${out}`,
      });
      await until('console output in the CLI', 20_000, () => out.includes('test-machine login:'));
      cli.stdin.write('\r'); // see typeFirst
      await sleep(1000);
      cli.stdin.write('from-cli\r');
      await until('echo through the CLI', 20_000, () => out.includes('echo:from-cli'));
      cli.stdin.write(Buffer.from([0x1d]));
      expect(await exited).to.equal(0);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
  });

  it('re-establishes the console when the server restarts', async () => {
    await api.stop();
    await until('sol activate gone with the server', 20_000, () => solProcesses(bmc.port).length === 0);
    api = await start();
    const got = await api.call('GET', '/v1/nodes/sol1/states/console', undefined, L);
    expect(got.body).to.deep.equal({ console_enabled: true, console_info: { type: 'socat', url: `tcp://127.0.0.1:${firstPort}` } });
    const c = await openWs(api.url, 'sol1');
    await until('console output after the restart', 30_000, () => c.out.includes('test-machine login:'));
    await typeFirst(c);
    c.send('again\r');
    await until('echo after the restart', 20_000, () => c.out.includes('echo:again'), {
      diagnostics: () =>
        `notices: ${JSON.stringify(c.notices)}; out: ${JSON.stringify(c.out.slice(-300))}; serial got: ${JSON.stringify(serial.received.slice(-100))}`,
    });
    c.ws.close();
  });

  it('disables the console: clients are told, sol activate is killed, the port closes', async () => {
    const c = await openWs(api.url, 'sol1');
    const { pid } = solProcesses(bmc.port)[0]!;
    expect((await api.call('PUT', '/v1/nodes/sol1/states/console', { enabled: false }, L)).status).to.equal(202);
    await until('WebSocket closed', 20_000, () => c.closed !== undefined);
    expect(c.closed).to.deep.equal({ code: 4001, reason: 'console disabled' });
    expect(solProcesses(bmc.port).map((p) => p.pid)).to.not.include(pid);
    expect((await api.call('GET', '/v1/nodes/sol1/states/console', undefined, L)).body).to.deep.equal({
      console_enabled: false,
      console_info: null,
    });
    const refused = await new Promise<boolean>((r) => {
      const s = net.connect(firstPort, '127.0.0.1');
      s.on('error', () => r(true));
      s.on('connect', () => {
        s.destroy();
        r(false);
      });
    });
    expect(refused, 'TCP port closed').to.equal(true);
  });

  it('stops the console of a node that is deleted', async () => {
    expect((await api.call('PUT', '/v1/nodes/sol1/states/console', { enabled: true }, L)).status).to.equal(202);
    await until('sol activate', 20_000, () => solProcesses(bmc.port).length === 1);
    expect((await api.call('DELETE', '/v1/nodes/sol1', undefined, L)).status).to.equal(204);
    await until('sol activate gone with the node', 20_000, () => solProcesses(bmc.port).length === 0);
    // Its port is free again: another node's console gets it.
    expect((await api.call('PUT', '/v1/nodes/sol2/states/console', { enabled: true }, L)).status).to.equal(202);
    expect((await api.call('GET', '/v1/nodes/sol2/states/console', undefined, L)).body.console_info.url).to.equal(
      `tcp://127.0.0.1:${firstPort}`,
    );
    expect((await api.call('PUT', '/v1/nodes/sol2/states/console', { enabled: false }, L)).status).to.equal(202);
  });
});
