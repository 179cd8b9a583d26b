// The native RMCP+ client when the network or the BMC misbehaves, with a real ipmi_sim behind a
// UDP proxy (test/helpers/udp-proxy.ts): lost datagrams both ways, a BMC that stops answering,
// a BMC restarted under an open session, and session reuse, keep-alive and idle close counted
// on the wire.
import { expect } from 'chai';
import { HardwareError } from '../../../core/errors.js';
import type { NativeIpmiClient } from '../../../core/ipmi/native-client.js';
import { startBmc, type Bmc } from '../../bench/lab/bmc.js';
import { hardwareRejection } from '../../helpers/rejection.js';
import { startUdpProxy, type UdpProxy } from '../../helpers/udp-proxy.js';
import { until } from '../../helpers/until.js';
import { call, nativeClient, target } from './native-helpers.js';

describe('native IPMI client against ipmi_sim: loss, silence, restarts, session reuse', function () {
  this.timeout(30000);
  let bmc: Bmc;
  const proxies: UdpProxy[] = [];
  const clients: NativeIpmiClient[] = [];

  async function proxy(dropRate = 0, seed = 1): Promise<UdpProxy> {
    const p = await startUdpProxy({ target: { address: '127.0.0.1', port: bmc.port }, dropRate, seed });
    proxies.push(p);
    return p;
  }
  function client(...args: Parameters<typeof nativeClient>): NativeIpmiClient {
    const c = nativeClient(...args);
    clients.push(c);
    return c;
  }

  before(async () => {
    bmc = await startBmc();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await Promise.all(proxies.splice(0).map((p) => p.close()));
  });
  after(async () => {
    await bmc?.stop();
  });

  it('N commands on one BMC open one session', async () => {
    const p = await proxy();
    const c = client();
    const t = target(bmc, {}, p.port);
    for (let i = 0; i < 8; i++) await c.powerStatus(t, call);
    await c.deviceId(t, call);
    expect(p.openSessionRequests).to.equal(1);
    expect(c.openSessions).to.equal(1);
  });

  it('with 25% of datagrams lost each way (seeded), every command still succeeds', async () => {
    const p = await proxy(0.25, 26);
    const c = client({ command_timeout: 5 }, { retransmitMs: 150 });
    const t = target(bmc, {}, p.port);
    await c.chassisControl(t, 'on', call);
    expect(bmc.powerState()).to.equal('on');
    for (let i = 0; i < 10; i++) expect(await c.powerStatus(t, call)).to.equal('power on');
    await c.setBootDevice(t, 'cdrom', { persistent: false, efi: true }, call);
    expect((await c.getBootDevice(t, call)).boot_device).to.equal('cdrom');
    expect(p.dropped).to.be.above(0);
  });

  it('a BMC that stops answering fails within the timeout with a HardwareError naming it', async () => {
    const p = await proxy();
    const c = client({ command_timeout: 1 });
    const t = target(bmc, {}, p.port);
    p.setBlackhole(true);
    const started = Date.now();
    const err = await hardwareRejection(c.powerStatus(t, call));
    expect(Date.now() - started).to.be.within(900, 2500);
    expect(err.message).to.include(`BMC 127.0.0.1:${p.port}`);
    expect(err.message).to.include("Check ipmi_address/ipmi_port and that the BMC's LAN channel is enabled");
  });

  it('a session that goes silent is dropped and the call retried once on a new session', async () => {
    const p = await proxy();
    const c = client({ command_timeout: 1 });
    const t = target(bmc, {}, p.port);
    await c.powerStatus(t, call);
    p.setBlackhole(true);
    const started = Date.now();
    const err = await hardwareRejection(c.powerStatus(t, call));
    // Two attempts of 1 s: the old session, then a new one (stuck at Get Channel Auth Caps).
    expect(Date.now() - started).to.be.within(1900, 3500);
    expect(err).to.be.instanceOf(HardwareError);
    expect(c.openSessions).to.equal(0);
    p.setBlackhole(false);
    expect(await c.powerStatus(t, call)).to.be.oneOf(['power on', 'power off']);
    expect(c.openSessions).to.equal(1);
  });

  it('after ipmi_sim restarts on the same port, the next command opens a new session and succeeds', async () => {
    const p = await proxy();
    const c = client({ command_timeout: 1 });
    const t = target(bmc, {}, p.port);
    await c.chassisControl(t, 'off', call);
    await bmc.restart();
    await c.chassisControl(t, 'on', call);
    expect(bmc.powerState()).to.equal('on');
    expect(p.openSessionRequests).to.equal(2);
  });

  it('keeps an idle session alive with keep-alives, then closes it once nobody uses it', async () => {
    const p = await proxy();
    const c = client({}, { keepAliveMs: 200, idleCloseMs: 1500 });
    const t = target(bmc, {}, p.port);
    await c.powerStatus(t, call);
    const afterCall = p.forwarded;
    // Keep-alives go out (and are answered) while the client makes no call.
    await until('two keep-alives answered', 5000, () => p.forwarded >= afterCall + 4);
    expect(c.openSessions).to.equal(1);
    await until('the idle session closed', 5000, () => c.openSessions === 0);
    // The next call opens a new session.
    await c.powerStatus(t, call);
    expect(p.openSessionRequests).to.equal(2);
  });

  it('a cold reset the BMC never answers counts as done, and is not sent in a second attempt', async () => {
    const p = await proxy();
    const c = client({ command_timeout: 1, command_retry_timeout: 10 });
    const t = target(bmc, {}, p.port);
    // The session opens (auth caps, open session, RAKP 1-4, set privilege: 5 exchanges, 10
    // datagrams), then silence, as from a BMC that reboots on the reset. ipmi_sim itself refuses
    // resets with 0xC1, which the suites test checks through raw.
    p.blackholeAfter(10);
    const started = Date.now();
    await c.bmcReset(t, 'cold', call);
    expect(Date.now() - started).to.be.within(900, 2500);
    expect(p.openSessionRequests).to.equal(1);
    expect(c.openSessions).to.equal(0);
  });
});
