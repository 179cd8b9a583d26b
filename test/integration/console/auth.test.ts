// The console WebSocket behind http_basic authentication (real ipmi_sim SOL, with this test's
// TCP server as the machine's serial port): no credentials → 401, a reader attaches read-only
// even when nobody else writes, an admin gets write access. The raw TCP port has no
// authentication, so it listens on loopback only (issue #18 item 4; console.host is refused
// otherwise, see test/unit/config).
import { expect } from 'chai';
import bcrypt from 'bcryptjs';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { BASIC_SUBPROTOCOL_PREFIX, CONSOLE_SUBPROTOCOL } from '../../../protocol/web-ui.js';
import { startApi, type ApiHarness } from '../../helpers/api-harness.js';
import { QUICK_IPMI } from '../../helpers/ipmi-node.js';
import { freeTcpPort } from '../../helpers/ports.js';
import { openWs, serialPort, type SerialPort } from '../../helpers/console.js';
import { sleep, until } from '../../helpers/until.js';

const basic = (u: string, p: string) => ({ Authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const ADMIN = basic('admin', 'adm1n-pw');
const READER = basic('viewer', 'v1ew-pw');

describe('console WebSocket authentication', function () {
  this.timeout(120_000);
  let serial: SerialPort;
  let bmc: Bmc;
  let api: ApiHarness;
  let dir: string;
  let consolePort: number;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tyr-console-auth-'));
    const htpasswd = path.join(dir, 'htpasswd');
    fs.writeFileSync(htpasswd, `admin:${bcrypt.hashSync('adm1n-pw', 4)}\nviewer:${bcrypt.hashSync('v1ew-pw', 4)}\n`);
    serial = await serialPort();
    bmc = await startBmc({ sol: `tcp:127.0.0.1:${serial.port}` });
    const port = await freeTcpPort();
    consolePort = port;
    api = await startApi({
      ...QUICK_IPMI,
      console: { port_range: `${port}:${port}` },
      api: { auth_strategy: 'http_basic', htpasswd_file: htpasswd, reader_users: 'viewer' },
    });
    const opts = { version: 'latest', headers: ADMIN };
    expect(
      (
        await api.call(
          'POST',
          '/v1/nodes',
          { driver: 'ipmi', name: 'c1', console_interface: 'ipmitool-socat', driver_info: bmc.driverInfo() },
          opts,
        )
      ).status,
    ).to.equal(201);
    expect((await api.call('PUT', '/v1/nodes/c1/states/console', { enabled: true }, opts)).status).to.equal(202);
  });
  after(async () => {
    await api?.stop();
    await bmc?.stop();
    await serial?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a WebSocket without credentials (401)', async () => {
    const err = await openWs(api.url, 'c1').then(
      () => undefined,
      (e: { status: number }) => e,
    );
    expect(err?.status).to.equal(401);
  });

  it('attaches a reader read-only even when nobody writes, and an admin as the writer', async () => {
    const reader = await openWs(api.url, 'c1', READER);
    expect(reader.notices[0]).to.deep.include({ writer: false });
    expect(reader.notices[0]!.message).to.match(/role may only read/);
    const admin = await openWs(api.url, 'c1', ADMIN);
    expect(admin.notices[0]).to.deep.include({ writer: true });
    await until('console output for the reader', 20_000, () => reader.out.includes('test-machine login:'));
    reader.send('from-reader\r');
    admin.send('\r'); // ipmi_sim may drop a new SOL session's first packet
    await sleep(1000);
    admin.send('from-admin\r');
    await until("the admin's input on the serial line", 20_000, () => serial.received.includes('from-admin'));
    expect(serial.received).to.not.include('from-reader');
    reader.ws.close();
    admin.ws.close();
  });

  it('takes the credentials from the subprotocol, as the browser console sends them, and answers tyr.console', async () => {
    const offer = (user: string, password: string) => [
      CONSOLE_SUBPROTOCOL,
      `${BASIC_SUBPROTOCOL_PREFIX}${Buffer.from(`${user}:${password}`).toString('base64url')}`,
    ];
    const reader = await openWs(api.url, 'c1', {}, offer('viewer', 'v1ew-pw'));
    expect(reader.ws.protocol).to.equal(CONSOLE_SUBPROTOCOL);
    expect(reader.notices[0]).to.deep.include({ writer: false });
    const admin = await openWs(api.url, 'c1', {}, offer('admin', 'adm1n-pw'));
    expect(admin.ws.protocol).to.equal(CONSOLE_SUBPROTOCOL);
    expect(admin.notices[0]).to.deep.include({ writer: true });
    reader.ws.close();
    admin.ws.close();
    const wrong = await openWs(api.url, 'c1', {}, offer('admin', 'wrong')).then(
      () => undefined,
      (e: { status: number }) => e,
    );
    expect(wrong?.status).to.equal(401);
  });

  it('serves the raw TCP console on loopback only', async () => {
    const reach = (host: string) =>
      new Promise<string>((resolve) => {
        const s = net.connect(consolePort, host);
        s.once('connect', () => {
          s.destroy();
          resolve('connected');
        });
        s.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      });
    expect(await reach('127.0.0.1')).to.equal('connected');
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && !a.internal && a.family === 'IPv4');
    expect(external, 'a non-loopback IPv4 address on this machine').to.not.equal(undefined);
    expect(await reach(external!.address)).to.equal('ECONNREFUSED');
    const info = await api.call('GET', '/v1/nodes/c1/states/console', undefined, { version: 'latest', headers: READER });
    expect(info.body.console_info).to.deep.equal({ type: 'socat', url: `tcp://127.0.0.1:${consolePort}` });
  });
});
